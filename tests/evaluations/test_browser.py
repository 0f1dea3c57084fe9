"""A satisfaction vote in a real browser (Playwright over the system Chromium): members vote,
staff close the vote, the totals appear, and the recommendation goes back for re-handling."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from evaluations import services
from recommendations.choices import EvaluationMethod, EvaluationResult
from recommendations.choices import RecommendationStatus as RS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(context, live_server, user):
    """Give a browser context a session made with force_login (the login page is not ours)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def signed_in(browser, live_server, user):
    context = browser.new_context(locale="zh-CN")
    sign_in(context, live_server, user)
    return context.new_page()


def test_members_vote_unsatisfied_and_staff_close_the_vote_in_the_browser(
    browser, live_server, make_reported, staff, members, screenshot, page
):
    rec, _ = make_reported()
    evaluation = services.evaluation_open(
        actor=staff, topic=rec.topic, recommendation=rec, method=EvaluationMethod.ONLINE_BALLOT
    )
    url = f"{live_server.url}/evaluations/{evaluation.pk}/"
    choices = ["unsatisfied", "unsatisfied", "basically_satisfied"]
    for member, choice in zip(members[:3], choices, strict=True):
        member_page = signed_in(browser, live_server, member)
        member_page.goto(url)
        member_page.check(f"input[name=choice][value={choice}]")
        member_page.click("main form button[type=submit]")
        expect(member_page.locator("#has-voted")).to_be_visible()
        expect(member_page.locator("#totals")).to_have_count(0)
        member_page.context.close()

    other = signed_in(browser, live_server, members[3])
    other.goto(url)
    expect(other.locator("#has-voted")).to_have_count(0)
    expect(other.locator("input[name=choice]")).to_have_count(4)
    other.context.close()

    staff_page = page
    sign_in(page.context, live_server, staff)
    staff_page.goto(url)
    expect(staff_page.locator("#turnout")).to_contain_text("3")
    expect(staff_page.locator("#totals")).to_have_count(0)
    screenshot("1-staff-sees-turnout-only")
    staff_page.click(f"form[action='/evaluations/{evaluation.pk}/close/'] button")
    expect(staff_page.locator("#totals")).to_be_visible()
    screenshot("2-staff-sees-totals")

    evaluation.refresh_from_db()
    assert (evaluation.unsatisfied, evaluation.basically_satisfied) == (2, 1)
    assert evaluation.result == EvaluationResult.UNSATISFIED
    rec.refresh_from_db()
    assert (rec.status, rec.cycle) == (RS.IN_PROGRESS, 2)
    staff_page.goto(f"{live_server.url}/evaluations/recommendations/{rec.code}/")
    expect(staff_page.locator("ol.story")).to_contain_text("重新办理")
    screenshot("3-story")
