"""The public pages in the system Chromium: Chinese search and filters, the timeline, the
language switch, the indicator chart, and axe-core's accessibility rules."""

import pytest

from tests.conftest import serious_axe_violations

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def listed_codes(page):
    return page.locator("table tbody td:first-child a").all_inner_texts()


def test_list_filters_and_searches_in_chinese_with_the_query_string_as_state(
    live_server, world, page, screenshot
):
    page.goto(f"{live_server.url}/recommendations/")
    assert sorted(listed_codes(page)) == ["2022-FRAUD-01", "2022-FRAUD-02"]
    page.fill("#id_q", "宣传")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/recommendations/?*q=*")
    assert listed_codes(page) == ["2022-FRAUD-02"]
    page.fill("#id_q", "")
    page.fill("#id_department", "education")
    page.select_option("#id_status", "closed")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**status=closed*")
    assert listed_codes(page) == ["2022-FRAUD-01"]
    screenshot("filtered")
    # The URL alone reproduces the page.
    bookmarked = page.url
    page.goto(f"{live_server.url}/recommendations/")
    page.goto(bookmarked)
    assert listed_codes(page) == ["2022-FRAUD-01"]
    assert page.input_value("#id_status") == "closed"


def test_detail_timeline_runs_from_inspection_to_closure(live_server, world, page, screenshot):
    page.goto(f"{live_server.url}/recommendations/2022-FRAUD-01/")
    entries = page.locator("#timeline > li[data-kind]")
    kinds = [entries.nth(i).get_attribute("data-kind") for i in range(entries.count())]
    assert kinds[0] == "inspection" and kinds[-1] in ("closure", "vote")
    assert {"inspection", "meeting", "status", "task", "report", "closure"} <= set(kinds)
    times = page.locator("#timeline time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert times == sorted(times)
    assert page.locator("#task-progress").get_attribute("value") == "100"
    screenshot("detail")


def test_language_switch_turns_the_chinese_page_english(live_server, world, page, screenshot):
    page.goto(f"{live_server.url}/")
    assert page.inner_text("h1") == "常委会审议意见及其办理结果"
    page.select_option("#language-select", "en")
    page.click("header.site form button[type=submit]")
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Recommendations of the standing committee and what came of them"
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot("english")


def test_indicator_chart_renders_without_console_errors(live_server, world, page, screenshot):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/topics/2022-fraud/")
    page.wait_for_selector("#indicator-chart[data-rendered='2']")
    assert errors == []
    screenshot("chart")


def test_main_pages_have_no_serious_or_critical_axe_violations(live_server, world, page, screenshot):
    found = {}
    for path in [
        "/",
        "/topics/2022-fraud/",
        "/recommendations/",
        "/recommendations/2022-FRAUD-01/",
        "/departments/",
        "/departments/police/",
    ]:
        page.goto(f"{live_server.url}{path}")
        bad = serious_axe_violations(page, live_server.url)
        if bad:
            found[path] = bad
        screenshot(path.strip("/").replace("/", "_") or "home")
    assert found == {}
