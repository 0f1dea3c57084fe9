"""The demo's pages at a desktop width (1280 px) and on a phone (390 px): the dashboard opens
with its headline row, its tables are readable beside or under their charts, and the portal's
task list, a task page and the review queue become cards on the phone. Screenshots go to
test-artifacts/."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from recommendations.models import Task

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def sign_in(page, live_server, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def no_sideways_scrolling(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def row_display(page, selector):
    return page.evaluate(
        "(selector) => Array.from(document.querySelectorAll(selector + ' tbody tr'))"
        ".map((row) => getComputedStyle(row).display)",
        selector,
    )


@pytest.mark.parametrize("size", WIDTHS)
def test_dashboard_headline_and_readable_tables(live_server, demo, page, screenshot, size):
    width = WIDTHS[size]
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "member")
    page.goto(f"{live_server.url}{reverse('dashboard:index')}")
    expect(page.locator(".figure-body.charted")).to_have_count(6)
    assert page.locator(".headline dd").count() == 5
    assert page.locator(".votes-awaiting a").count() == 1
    assert no_sideways_scrolling(page)
    # No header or cell of the indicator table is squeezed to a character a line: each is at
    # least two Chinese characters wide.
    narrowest = page.evaluate(
        """() => Math.min(...Array.from(
            document.querySelectorAll('#table-indicators th, #table-indicators td'))
            .map((cell) => cell.getBoundingClientRect().width
                / parseFloat(getComputedStyle(cell).fontSize)))"""
    )
    assert narrowest >= 2
    stacked = page.evaluate(
        """() => Array.from(document.querySelectorAll('.figure-body.charted')).map((body) => {
            const chart = body.querySelector('.figure-chart').getBoundingClientRect();
            const table = body.querySelector('.figure-table').getBoundingClientRect();
            return table.top >= chart.bottom - 1;
        })"""
    )
    if size == "phone":
        assert all(stacked)
        assert page.locator(".headline > div").first.bounding_box()["width"] < width / 2
    else:
        # Narrow tables sit beside their chart; the indicator table (ten columns) goes under it.
        assert stacked[-1] is True and False in stacked
    screenshot(f"dashboard-{width}")

    page.goto(f"{live_server.url}{reverse('dashboard:index')}?year=2022&department=police")
    expect(page.locator(".figure-body.charted")).to_have_count(6)
    # The department by its name, though the address gave its code.
    assert page.locator("#filter-department").input_value() == "市公安局"
    screenshot(f"dashboard-filtered-{width}")


@pytest.mark.parametrize("size", WIDTHS)
def test_portal_and_review_queue_are_cards_on_a_phone(live_server, demo, page, screenshot, size):
    width = WIDTHS[size]
    page.set_viewport_size({"width": width, "height": 900})
    expected = "block" if size == "phone" else "table-row"

    sign_in(page, live_server, "police")
    page.goto(f"{live_server.url}{reverse('portal:home')}")
    assert set(row_display(page, "table.tasks")) == {expected}
    assert no_sideways_scrolling(page)
    screenshot(f"portal-tasks-{width}")

    task = Task.objects.get(recommendation__code="2022-FRAUD-02", number=1)
    page.goto(f"{live_server.url}{reverse('portal:task', args=[task.pk])}")
    assert set(row_display(page, "table.cards-narrow")) == {expected}
    assert no_sideways_scrolling(page)
    screenshot(f"portal-task-{width}")

    sign_in(page, live_server, "staff")
    page.goto(f"{live_server.url}{reverse('review:home')}")
    assert set(row_display(page, "table.review-queue")) == {expected}
    assert set(row_display(page, "table.contests")) == {expected}
    if size == "phone":
        # Each card is as wide as the page's column, with its values labelled.
        card = page.locator("table.review-queue tbody tr").first.bounding_box()
        assert card["width"] > width * 0.8
        label = page.evaluate(
            "() => getComputedStyle("
            "document.querySelector('table.review-queue td[data-label]'), '::before').content"
        )
        assert label not in ("none", "normal", "")
    assert no_sideways_scrolling(page)
    screenshot(f"review-queue-{width}")
