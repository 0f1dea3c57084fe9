"""In the system Chromium: a member follows a recommendation with the button, reads the notice
of its next step, and picks a department by name in the list's filter box."""

import pytest
from django.conf import settings
from django.test import Client

from recommendations import services
from tests.conftest import serious_axe_violations

from .conftest import at, build_case

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_member_follows_with_the_button_and_reads_the_notice(live_server, page, screenshot):
    case = build_case()
    sign_in(page, live_server, case.member)
    page.goto(f"{live_server.url}/recommendations/2022-FRAUD-01/")
    page.get_by_role("button", name="关注", exact=True).click()
    page.wait_for_url("**/recommendations/2022-FRAUD-01/")
    assert page.get_by_role("button", name="取消关注").is_visible()
    assert serious_axe_violations(page, live_server.url) == []
    services.recommendation_mark_reported(
        actor=case.staff, recommendation=case.published, occurred_at=at(2022, 9, 1)
    )
    page.goto(f"{live_server.url}/notifications/")
    assert page.get_by_text("2022-FRAUD-01 强化技术反制：已报告办理情况").is_visible()
    page.goto(f"{live_server.url}/following/")
    assert page.get_by_role("link", name="2022-FRAUD-01 强化技术反制").is_visible()
    screenshot("following")


def test_a_department_is_picked_by_name_from_the_suggestions(live_server, page):
    build_case()
    page.goto(f"{live_server.url}/recommendations/")
    page.fill("#id_department", "公安")
    # The page's policy forbids evaluated strings, so wait on the element, not a function.
    page.locator("#id_department-options option").first.wait_for(state="attached")
    assert page.locator("#id_department-options option").evaluate_all("os => os.map(o => o.value)") == [
        "市公安局"
    ]
    page.fill("#id_department", "市公安局")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**department=*")
    codes = page.locator("table tbody td:first-child a").all_inner_texts()
    assert codes == ["2022-FRAUD-01"]
