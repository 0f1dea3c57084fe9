"""The front end beyond the basics: htmx partial updates of the list, the print stylesheet,
pages without JavaScript and on a phone."""

import os
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.django_db]


def listed_codes(page):
    return page.locator("#results table tbody td:first-child a").all_inner_texts()


def test_htmx_request_gets_only_the_results_and_responses_vary_on_it(client, world):
    full = client.get("/recommendations/", {"status": "closed"})
    partial = client.get("/recommendations/", {"status": "closed"}, headers={"HX-Request": "true"})
    restore = client.get(
        "/recommendations/",
        {"status": "closed"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    for response in (full, partial, restore):
        assert response.status_code == 200
        assert "HX-Request" in response["Vary"]
    body = partial.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body and 'class="filters"' not in body
    assert "2022-FRAUD-01" in body and "2022-FRAUD-02" not in body
    # A history restore must get the whole page back.
    assert "<html" in restore.content.decode()


def test_htmx_partial_shows_filter_errors(client, world):
    body = client.get(
        "/recommendations/", {"department": "nosuchcode"}, headers={"HX-Request": "true"}
    ).content
    assert b"nosuchcode" in body and b'role="alert"' in body


@pytest.mark.browser
def test_filters_update_the_results_in_place_and_push_the_address(live_server, world, page, screenshot):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/recommendations/")
    assert page.evaluate("typeof window.htmx") == "object"  # deferred script, run before load
    page.evaluate("window.__same_document = true")
    # Changing a select is enough: no button press, no page load.
    page.select_option("#id_status", "closed")
    page.wait_for_url("**status=closed*")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert listed_codes(page) == ["2022-FRAUD-01"]
    # Typing Chinese into the search box updates the results after a short pause.
    page.select_option("#id_status", "")
    expect(page.locator("#results tbody tr")).to_have_count(2)
    page.fill("#id_q", "宣传")
    page.wait_for_url("**q=*")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert listed_codes(page) == ["2022-FRAUD-02"]
    assert page.evaluate("window.__same_document") is True
    screenshot("htmx")
    # The pushed address is the state: loading it afresh gives the same list.
    page.goto(page.url)
    assert listed_codes(page) == ["2022-FRAUD-02"]
    assert page.input_value("#id_q") == "宣传"
    assert errors == []


@pytest.mark.browser
def test_recommendation_prints_without_the_site_around_it(live_server, world, page):
    page.goto(f"{live_server.url}/recommendations/2022-FRAUD-01/")
    assert page.locator(".print-only").is_hidden()
    page.emulate_media(media="print")
    assert page.locator("header.site").is_hidden()
    assert page.locator(".public-nav").is_hidden()
    assert page.locator("#timeline").is_visible()
    assert page.locator(".print-only").is_visible()
    assert "/recommendations/2022-FRAUD-01/" in page.inner_text(".print-only")
    os.makedirs(ARTIFACTS, exist_ok=True)
    pdf = page.pdf(path=os.path.join(ARTIFACTS, "recommendation-2022-FRAUD-01.pdf"), format="A4")
    assert pdf.startswith(b"%PDF")


@pytest.mark.browser
def test_pages_work_without_javascript(live_server, world, browser):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/topics/2022-fraud/")
        # The chart needs JavaScript; its table carries the figures.
        assert page.locator("figure.chart").is_hidden()
        assert page.locator("table.measurements tbody tr").count() == 2
        # The filter form is a plain GET form.
        page.goto(f"{live_server.url}/recommendations/")
        page.select_option("#id_status", "closed")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**status=closed*")
        assert listed_codes(page) == ["2022-FRAUD-01"]
        # The menu cannot collapse without JavaScript, so it is open on a narrow screen.
        page.set_viewport_size({"width": 390, "height": 844})
        assert page.locator("#site-nav").is_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_pages_fit_a_phone_and_the_menu_opens(live_server, world, browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        for path in ["/", "/recommendations/", "/recommendations/2022-FRAUD-01/", "/topics/2022-fraud/"]:
            page.goto(f"{live_server.url}{path}")
            # Wide tables scroll inside their box; the page itself never scrolls sideways.
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, path
        assert page.locator("#site-nav").is_hidden()
        page.click(".navbar-toggler")
        expect(page.locator("#site-nav")).to_have_class(re.compile(r"\bshow\b"))
        assert page.locator("#site-nav a", has_text="开放数据").is_visible()
        os.makedirs(ARTIFACTS, exist_ok=True)
        page.screenshot(path=os.path.join(ARTIFACTS, "phone-menu.png"), full_page=True)
    finally:
        context.close()
