import os

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS, serious_axe_violations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def sign_in(page, live_server, user):
    """Give the browser the session cookie of a signed-in user."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_dashboard_charts_render_without_console_errors(live_server, figures_world, member, page, screenshot):
    errors = []

    def on_console(message):
        # The browser's own favicon request is no part of the page (the site has no favicon yet).
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"{message.text} {message.location}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, member)

    page.goto(f"{live_server.url}/dashboard/")
    tables = page.locator("table[data-chart]")
    assert tables.count() == 6
    # charts.js marks each figure it drew; each box then holds an ECharts chart whose first
    # series has one value per table row.
    # expect() polls from Playwright's side: wait_for_function would eval in the page, which
    # the CSP forbids.
    expect(page.locator(".figure-body.charted")).to_have_count(6)
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll('table[data-chart]')).map((table) => {
            const chart = window.echarts.getInstanceByDom(document.getElementById(table.dataset.canvas));
            return chart ? chart.getOption().series[0].data.length === table.tBodies[0].rows.length : false;
        })"""
    )
    assert drawn == [True] * 6
    canvases = page.locator(".figure-chart canvas").all()
    assert len(canvases) == 6
    for canvas in canvases:
        box = canvas.bounding_box()
        assert box["width"] > 100 and box["height"] > 100
    screenshot("dashboard")
    assert errors == []


def test_dashboard_prints_charts_and_tables_without_controls(live_server, figures_world, member, page):
    sign_in(page, live_server, member)
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator(".figure-body.charted")).to_have_count(6)
    page.emulate_media(media="print")
    for hidden in ["header.site", ".dashboard-toc", ".cohort-switch", ".csv-download"]:
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator("table[data-chart]").count() == 6
    assert all(table.is_visible() for table in page.locator("table[data-chart]").all())
    os.makedirs(ARTIFACTS, exist_ok=True)
    pdf = page.pdf(path=os.path.join(ARTIFACTS, "dashboard.pdf"), format="A4")
    assert pdf.startswith(b"%PDF")


def test_dashboard_without_javascript_is_its_tables(live_server, figures_world, member, browser):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, member)
        page.goto(f"{live_server.url}/dashboard/")
        assert page.locator(".figure-body.charted").count() == 0
        assert all(chart.is_hidden() for chart in page.locator(".figure-chart").all())
        assert all(table.is_visible() for table in page.locator("table[data-chart]").all())
    finally:
        context.close()


def test_signed_in_pages_have_no_serious_or_critical_axe_violations(
    live_server, figures_world, member, page, screenshot
):
    found = {}
    for path in ["/accounts/login/", "/open-data/"]:
        page.goto(f"{live_server.url}{path}")
        found[path] = serious_axe_violations(page, live_server.url)
    sign_in(page, live_server, member)
    for path in ["/dashboard/", "/evaluations/", "/notifications/"]:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main h1")).to_be_visible()
        found[path] = serious_axe_violations(page, live_server.url)
        screenshot(path.strip("/").replace("/", "_"))
    assert {path: bad for path, bad in found.items() if bad} == {}
