"""The portal's task list: tasks still to verify first (the default view), verified ones on
their own tab, and both together with open ones first."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def listed(client, **params):
    response = client.get(reverse("portal:home"), params)
    assert response.status_code == 200
    return [task.number for task in response.context["tasks"]], response


@pytest.fixture
def tasks(world):
    today = timezone.localdate()
    now = timezone.now()
    for number, due, verified_days_ago in [(5, 3, None), (6, 1, None), (7, -40, 20), (8, -30, 2)]:
        verified = verified_days_ago is not None
        TaskFactory(
            recommendation=world.recommendation,
            number=number,
            lead_department=world.police,
            assigned_on=today - datetime.timedelta(days=60),
            due_original=today + datetime.timedelta(days=due),
            due_date=today + datetime.timedelta(days=due),
            verified_at=now - datetime.timedelta(days=verified_days_ago) if verified else None,
            verified_by=world.staff if verified else None,
        )
    return world


def test_default_view_lists_open_tasks_by_due_date(client, tasks):
    client.force_login(tasks.police_user)
    numbers, response = listed(client)
    # Task 1 (the world's, due in 30 days) is open too.
    assert numbers == [6, 5, 1]
    assert response.context["show"] == "open"
    assert 'aria-current="page"' in response.content.decode()


def test_verified_tab_lists_the_latest_verified_first(client, tasks):
    client.force_login(tasks.police_user)
    assert listed(client, show="done")[0] == [8, 7]


def test_all_tab_puts_open_tasks_before_verified_ones(client, tasks):
    client.force_login(tasks.police_user)
    assert listed(client, show="all")[0] == [6, 5, 1, 8, 7]


def test_unknown_view_falls_back_to_open_tasks(client, tasks):
    client.force_login(tasks.police_user)
    numbers, response = listed(client, show="<script>")
    assert numbers == [6, 5, 1] and response.context["show"] == "open"
