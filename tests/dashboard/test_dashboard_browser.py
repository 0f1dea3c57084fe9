import pytest
from django.conf import settings
from django.test import Client

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
    # charts.js marks each figure it drew; each canvas then holds a Chart.js chart.
    page.wait_for_function("document.querySelectorAll('.figure-body.charted').length === 6")
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll('table[data-chart]')).map((table) => {
            const chart = window.Chart.getChart(document.getElementById(table.dataset.canvas));
            return chart ? chart.data.datasets[0].data.length === table.tBodies[0].rows.length : false;
        })"""
    )
    assert drawn == [True] * 6
    for canvas in page.locator("canvas").all():
        box = canvas.bounding_box()
        assert box["width"] > 100 and box["height"] > 100
    screenshot("dashboard")
    assert errors == []
