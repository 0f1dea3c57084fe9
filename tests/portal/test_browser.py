"""The review loop in a real browser (Playwright over the system Chromium): police files a
report with two measurements and a PDF, staff return it, police correct and resubmit, staff
accept, and the recommendation's timeline shows each step."""

import re

import pytest
from playwright.sync_api import expect

from recommendations.choices import RecommendationStatus, ReportStatus
from recommendations.models import ProgressReport
from tests.conftest import serious_axe_violations

from .conftest import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("main button[type=submit]")
    # Each role lands on its own home: staff in the office, liaisons in the portal.
    expect(page).to_have_url(re.compile(r"/(portal|office)/$"))


def test_police_report_is_returned_corrected_and_accepted_in_the_browser(
    browser, page, live_server, world, screenshot
):
    world.other_task.delete()  # the police task is then the recommendation's only one
    task, rec = world.task, world.recommendation
    staff_context = browser.new_context(locale="zh-CN")
    staff_page = staff_context.new_page()

    # police files a final report with two measurements and a PDF
    sign_in(page, live_server, "police")
    expect(page.locator("table.tasks")).to_contain_text(task.code)
    page.click(f"a[href='/portal/tasks/{task.pk}/']")
    expect(page.locator(".context")).to_contain_text(rec.body)
    page.click(f"a[href='/portal/tasks/{task.pk}/reports/new/']")
    page.fill("#id_narrative", "建成反诈预警平台,全市警情数比降29.8%,破案率比升2.9%。")
    page.check("#id_is_final")
    page.select_option("#id_m-0-indicator", str(world.indicators[0].pk))
    page.fill("#id_m-0-change_percent", "-29.8")
    page.fill("#id_m-0-period_label", "2022年1-6月")
    page.select_option("#id_m-1-indicator", str(world.indicators[1].pk))
    page.fill("#id_m-1-change_percent", "2.9")
    page.set_input_files(
        "#id_files", files=[{"name": "预警平台方案.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    screenshot("1-police-form")
    page.click("button[name=submit]")
    expect(page.locator("#report-status")).to_have_attribute("class", re.compile("status-info"))
    report = ProgressReport.objects.get(task=task)
    assert report.status == ReportStatus.SUBMITTED
    assert report.measurements.count() == 2 and report.evidence.count() == 1
    expect(page.locator("table.measurements-view tbody tr")).to_have_count(2)
    expect(page.locator("ul.evidence")).to_contain_text("预警平台方案.pdf")

    # staff return it with a comment
    sign_in(staff_page, live_server, "staff")
    staff_page.goto(f"{live_server.url}/review/")
    staff_page.click(f"a[href='/review/reports/{report.pk}/']")
    expect(staff_page.locator("table.measurements-view")).to_contain_text("-29.8")
    staff_page.fill("#id_return-note", "请补充挽损金额。")
    staff_page.click("button[name=return]")
    expect(staff_page).to_have_url(re.compile(r"/review/$"))
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED

    # police see the notification and the comment, correct and resubmit
    page.goto(f"{live_server.url}/portal/")
    expect(page.locator(".count-badge")).to_be_visible()
    page.goto(f"{live_server.url}/portal/reports/{report.pk}/")
    expect(page.locator("#return-comment")).to_contain_text("请补充挽损金额。")
    screenshot("2-police-returned")
    page.click(f"a[href='/portal/reports/{report.pk}/edit/']")
    changes = page.locator("input[name$='-change_percent']").evaluate_all(
        "inputs => inputs.map(i => i.value)"
    )
    assert {"-29.80", "2.90"} <= set(changes)
    page.fill("#id_narrative", "建成反诈预警平台,全市警情数比降29.8%,破案率比升2.9%,挽损上亿元。")
    page.click("button[name=submit]")
    expect(page.locator("#report-status")).to_have_attribute("class", re.compile("status-info"))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and "挽损上亿元" in report.narrative

    # staff accept
    staff_page.goto(f"{live_server.url}/review/reports/{report.pk}/")
    staff_page.click("button[name=accept]")
    expect(staff_page).to_have_url(re.compile(r"/review/$"))
    report.refresh_from_db()
    rec.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert rec.status == RecommendationStatus.REPORTED

    # the recommendation's timeline shows every step, in order
    page.goto(f"{live_server.url}/portal/tasks/{task.pk}/")
    steps = page.locator("#timeline li").evaluate_all("items => items.map(li => li.dataset.to)")
    assert steps == ["issued", "in_progress", "submitted", "returned", "submitted", "accepted", "reported"]
    expect(page.locator("#timeline")).to_contain_text("请补充挽损金额。")
    screenshot("3-timeline")
    staff_context.close()


def test_portal_and_review_pages_have_no_serious_or_critical_axe_violations(live_server, world, page):
    found = {}
    sign_in(page, live_server, "police")
    task = f"/portal/tasks/{world.task.pk}/"
    for path in ["/portal/", task, f"{task}reports/new/"]:
        page.goto(f"{live_server.url}{path}")
        found[path] = serious_axe_violations(page, live_server.url)
    page.context.clear_cookies()
    sign_in(page, live_server, "staff")
    for path in ["/review/"]:
        page.goto(f"{live_server.url}{path}")
        found[path] = serious_axe_violations(page, live_server.url)
    assert {path: bad for path, bad in found.items() if bad} == {}
