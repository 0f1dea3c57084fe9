"""A committee-staff user who is not a superuser runs a whole oversight cycle in /office/, for a
recommendation issued two years ago, entering every step with the date it really happened; the
liaisons report and ask for more time in the portal. Afterwards the record keeps those dates
everywhere: the public timeline, the cohort, the days to close, and no reminder, notice or
priority flag for deadlines that had passed before they were entered."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from evaluations.models import Evaluation
from notifications.models import Notification
from portal.models import DeadlineRevision, ExtensionRequest
from recommendations.choices import DepartmentKind, InspectionKind, ReportStatus, Verdict
from recommendations.choices import RecommendationStatus as RS
from recommendations.models import Recommendation, StatusEvent
from reminders.models import SentReminder
from reminders.services import reminders_scan
from tests.factories import DepartmentFactory, LiaisonFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
ISSUED = TODAY - datetime.timedelta(days=730)
CLOSED = ISSUED + datetime.timedelta(days=120)
FOLLOW_UP = CLOSED + datetime.timedelta(days=365)


def day(offset):
    return (ISSUED + datetime.timedelta(days=offset)).isoformat()


def signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context.new_page()


def submit(page, selector="main form.office-form button[type=submit]"):
    with page.expect_navigation():
        page.click(selector)


def move(page, key, fields, checks=()):
    """Open the move's form on the recommendation page, fill it, tick `checks`, confirm."""
    page.click(f"details.move-{key} > summary")
    for selector in checks:
        page.check(selector)
    for name, value in fields.items():
        target = f"[name='{key}-{name}']"
        if page.locator(target).first.evaluate("e => e.tagName") == "SELECT":
            page.select_option(target, value)
        else:
            page.fill(target, value)
    submit(page, f"details.move-{key} button[type=submit]")
    assert page.locator(".alert-danger").count() == 0, page.locator("main").inner_text()


def test_staff_run_a_two_year_old_cycle_in_the_office_with_its_real_dates(browser, live_server):
    staff = StaffFactory(username="clerk", is_superuser=False, is_staff=False)
    assert not staff.is_superuser
    police = DepartmentFactory(code="police", name="市公安局")
    bank = DepartmentFactory(code="bank", name="人行莆田支行")
    office = DepartmentFactory(code="jiansi", name="监察和司法委员会", kind=DepartmentKind.COMMITTEE_OFFICE)
    police_liaison = LiaisonFactory(username="police", department=police)
    bank_liaison = LiaisonFactory(username="bank", department=bank)
    url = live_server.url
    page = signed_in(browser, live_server, staff)

    # The committee has 30 members entitled to vote, whatever accounts exist.
    page.goto(f"{url}/office/settings/")
    page.fill("#id_voting_members", "30")
    submit(page)

    # Topic, inspection, finding, meeting and remarks.
    page.goto(f"{url}/office/topics/new/")
    page.fill("#id_code", "fraud")
    page.fill("#id_year", str(ISSUED.year))
    page.fill("#id_title", "打击治理电信网络新型违法犯罪工作")
    page.select_option("#id_form", "work_report")
    page.select_option("#id_responsible_office", str(office.pk))
    page.check("#id_is_published")
    submit(page)
    topic_url = page.url
    page.goto(f"{url}/office/topics/fraud/add/inspection/")
    page.fill("#id_title", "电信网络诈骗治理视察")
    page.fill("#id_started_on", day(-60))
    page.fill("#id_ended_on", day(-55))
    page.check(f"input[name=departments_visited][value='{police.pk}']")
    submit(page)
    page.goto(f"{url}/office/topics/fraud/add/finding/")
    page.fill("#id_code", "fraud-f1")
    page.fill("#id_number", "1")
    page.fill("#id_category", "技术反制")
    page.fill("#id_title", "技术反制手段滞后")
    page.select_option("#id_inspection", label="电信网络诈骗治理视察")
    submit(page)
    page.goto(f"{url}/office/topics/fraud/add/meeting/")
    page.fill("#id_title", "市八届人大常委会第二次会议")
    page.fill("#id_held_on", day(-30))
    submit(page)
    for order, (speaker, words) in enumerate(
        [("黄景亮", "建议强化技术反制。"), ("施晓阳", "建议强化部门协同。")], 1
    ):
        page.goto(f"{url}/office/topics/fraud/add/remark/")
        page.select_option("#id_meeting", label="市八届人大常委会第二次会议")
        page.fill("#id_speaker_name", speaker)
        page.fill("#id_order", str(order))
        page.fill("#id_content", words)
        submit(page)
    assert page.url == topic_url and "黄景亮" in page.content()

    # The draft, linked to its finding and remarks, then issued two years ago.
    page.goto(f"{url}/office/topics/fraud/recommendations/new/")
    page.fill("#id_code", "FRAUD-01")
    page.fill("#id_number", "1")
    page.fill("#id_title", "强化技术反制")
    page.fill("#id_body", "提升预警拦截能力。")
    page.check("input[name=findings]")
    for box in page.locator("input[name=remarks]").all():
        box.check()
    page.check("#id_is_published")
    submit(page)
    rec_url = page.url
    move(page, "issue", {"response_due": day(90), "occurred_on": day(0)})

    # Two tasks: one led by the police with the bank supporting, one led by the bank.
    for number, lead, co, days in [(1, police, bank, 40), (2, bank, None, 30)]:
        page.goto(f"{rec_url}tasks/new/")
        page.fill("#id_number", str(number))
        page.fill("#id_title", f"任务{number}")
        page.select_option("#id_lead_department", str(lead.pk))
        if co:
            page.check(f"input[name=co_departments][value='{co.pk}']")
        page.fill("#id_assigned_on", day(5))
        page.fill("#id_working_days", str(days))
        submit(page)
    rec = Recommendation.objects.get(code="FRAUD-01")
    task1, task2 = rec.tasks.order_by("number")
    assert task1.due_date < TODAY and rec.status == RS.IN_PROGRESS

    # The police report, returned, corrected and accepted.
    police_page = signed_in(browser, live_server, police_liaison)
    police_page.goto(f"{url}/portal/tasks/{task1.pk}/reports/new/")
    police_page.fill("#id_narrative", "已部署预警平台。")
    police_page.check("#id_is_final")
    with police_page.expect_navigation():
        police_page.click("button[name=save]")
    report_url = police_page.url
    police_page.fill("#id_occurred_on", day(40))
    with police_page.expect_navigation():
        police_page.click("form[action$='/submit/'] button[type=submit]")
    report = task1.reports.get()
    page.goto(f"{url}/review/reports/{report.pk}/")
    page.fill("#return-form textarea", "请补充预警拦截的具体数据。")
    page.fill("#return-form input[type=date]", day(45))
    with page.expect_navigation():
        page.click("button[name=return]")
    police_page.goto(report_url.replace(f"/reports/{report.pk}/", f"/reports/{report.pk}/edit/"))
    police_page.fill("#id_narrative", "已部署预警平台，预警6164人次。")
    with police_page.expect_navigation():
        police_page.click("button[name=save]")
    police_page.fill("#id_occurred_on", day(50))
    with police_page.expect_navigation():
        police_page.click("form[action$='/submit/'] button[type=submit]")
    page.goto(f"{url}/review/reports/{report.pk}/")
    page.fill("#accept-form input[type=date]", day(55))
    with page.expect_navigation():
        page.click("button[name=accept]")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED

    # The bank asks for more time on its own task; staff approve a later date than it had.
    bank_page = signed_in(browser, live_server, bank_liaison)
    bank_page.goto(f"{url}/portal/tasks/{task2.pk}/extension/")
    bank_page.fill("#id_requested_due", day(80))
    bank_page.fill("#id_reason", "需协调各商业银行。")
    bank_page.fill("#id_occurred_on", day(35))
    with bank_page.expect_navigation():
        bank_page.click("main form button[type=submit]")
    extension = ExtensionRequest.objects.get(task=task2)
    page.goto(f"{url}/office/")
    with page.expect_navigation():
        page.click(f"a[href='/office/extensions/{extension.pk}/']")
    page.check("input[name=decision][value=approve]")
    page.fill("#id_new_due", day(75))
    page.fill("#id_note", "同意延期。")
    page.fill("#id_occurred_on", day(38))
    submit(page)
    task2.refresh_from_db()
    assert task2.due_date == ISSUED + datetime.timedelta(days=75)
    assert DeadlineRevision.objects.get(task=task2).revised_by == staff

    # The bank's final report closes the handling: the recommendation is reported by itself.
    bank_page.goto(f"{url}/portal/tasks/{task2.pk}/reports/new/")
    bank_page.fill("#id_narrative", "已完成涉诈账户排查。")
    bank_page.check("#id_is_final")
    with bank_page.expect_navigation():
        bank_page.click("button[name=save]")
    bank_page.fill("#id_occurred_on", day(70))
    with bank_page.expect_navigation():
        bank_page.click("form[action$='/submit/'] button[type=submit]")
    bank_report = task2.reports.get()
    page.goto(f"{url}/review/reports/{bank_report.pk}/")
    page.fill("#accept-form input[type=date]", day(76))
    with page.expect_navigation():
        page.click("button[name=accept]")
    rec.refresh_from_db()
    assert rec.status == RS.REPORTED

    # An in-session vote: 28 of the 30 members present.
    page.goto(rec_url)
    page.click("details.move-vote > summary")
    page.fill("#id_held_on", day(100))
    page.fill("#id_satisfied", "20")
    page.fill("#id_basically_satisfied", "6")
    page.fill("#id_unsatisfied", "1")
    page.fill("#id_abstained", "1")
    submit(page, "details.move-vote button[type=submit]")
    evaluation = Evaluation.objects.get(recommendation=rec)
    assert (evaluation.voters_entitled, evaluation.result) == (30, "satisfied")

    # Closure with a verdict and the police report in support.
    page.goto(rec_url)
    move(
        page,
        "close",
        {"verdict": Verdict.IMPLEMENTED, "note": "预警拦截能力明显提升。", "occurred_on": CLOSED.isoformat()},
        checks=[f"input[name='close-reports'][value='{report.pk}']"],
    )
    rec.refresh_from_db()
    assert rec.status == RS.CLOSED

    # Days to close and the cohort come from the real dates.
    cohorts = page.request.get(f"{url}/dashboard/cohorts.csv").text()
    assert f"{ISSUED.year}," in cohorts and ",120" in cohorts, cohorts

    # A year after the closure a follow-up visit finds it unfinished and reopens it.
    page.goto(f"{url}/office/topics/fraud/add/inspection/")
    page.fill("#id_title", "“回头看”视察")
    page.select_option("#id_kind", InspectionKind.FOLLOW_UP)
    page.fill("#id_started_on", FOLLOW_UP.isoformat())
    submit(page)
    page.goto(rec_url)
    follow_up = rec.topic.inspections.get(kind=InspectionKind.FOLLOW_UP)
    move(
        page,
        "reopen",
        {
            "inspection": str(follow_up.pk),
            "note": "部分地区预警拦截仍不到位。",
            "occurred_on": FOLLOW_UP.isoformat(),
        },
    )
    rec.refresh_from_db()
    assert (rec.status, rec.cycle) == (RS.IN_PROGRESS, 2)
    assert timezone.localdate(rec.issued_at) == ISSUED

    # The public timeline is in date order, from the issue two years ago to the reopening.
    public = signed_in(browser, live_server, police_liaison)
    public.goto(f"{url}/recommendations/FRAUD-01/")
    dates = public.locator("#timeline time").evaluate_all("ts => ts.map(t => t.getAttribute('datetime'))")
    assert dates == sorted(dates), dates
    days = {d[:10] for d in dates}
    assert {ISSUED.isoformat(), CLOSED.isoformat(), FOLLOW_UP.isoformat()} <= days, dates
    events = list(StatusEvent.objects.filter(recommendation=rec).order_by("occurred_at", "pk"))
    assert [timezone.localdate(e.occurred_at) for e in events] == sorted(
        timezone.localdate(e.occurred_at) for e in events
    )

    # Deadlines that had passed before they were entered send nothing, flag nothing.
    reminders_scan(today=TODAY)
    assert not SentReminder.objects.exists()
    late_kinds = (Notification.Kind.REMINDER, Notification.Kind.OVERDUE, Notification.Kind.ESCALATION)
    assert not Notification.objects.filter(kind__in=late_kinds).exists()
    rec.refresh_from_db()
    assert not rec.is_priority
