"""Signed-in pages keep their rows in the shared cache until the next write
(public.cache.cached_content): a write shows on the next view, each reader gets the rows they
may see, a warm page costs the same few queries however many rows it shows, and nothing
personal (a name, a CSRF token, the notification count) is kept with the rows."""

import base64
import datetime
import pickle

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recommendations.choices import ReportStatus
from recommendations.services import task_create

from .helpers import make_report

pytestmark = pytest.mark.django_db


def _task(world, number, lead):
    today = timezone.localdate()
    return task_create(
        actor=world.staff,
        recommendation=world.recommendation,
        number=number,
        title=f"新任务{number}",
        lead_department=lead,
        assigned_on=today,
        due_date=today + datetime.timedelta(days=40),
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_write_through_a_service_shows_on_the_next_view(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.police_user)
    assert "新任务7" not in client.get(reverse("portal:home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _task(world, 7, world.police)
    assert "新任务7" in client.get(reverse("portal:home")).content.decode()

    client.force_login(world.staff)
    assert "人行莆田支行的submitted报告" not in client.get(reverse("review:home")).content.decode()
    assert "人行莆田支行的submitted报告" not in client.get(reverse("office:home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        make_report(world, world.bank, ReportStatus.SUBMITTED)
    assert "人行莆田支行" in client.get(reverse("review:home")).content.decode()
    assert "人行莆田支行" in client.get(reverse("office:home")).content.decode()


def test_each_reader_gets_the_tasks_of_their_own_department(client, world):
    _task(world, 7, world.bank)
    caches["shared"].clear()
    client.force_login(world.police_user)
    police = client.get(reverse("portal:home"), {"show": "all"}).content.decode()
    client.force_login(world.other_user)
    other = client.get(reverse("portal:home"), {"show": "all"}).content.decode()
    client.force_login(world.bank_user)
    bank = client.get(reverse("portal:home"), {"show": "all"}).content.decode()
    assert "建设反诈预警平台" in police and "校园反诈宣传" not in police and "新任务7" not in police
    assert "校园反诈宣传" in other and "建设反诈预警平台" not in other
    # The bank co-handles the police's task and leads the new one.
    assert "建设反诈预警平台" in bank and "新任务7" in bank and "校园反诈宣传" not in bank


def test_a_warm_page_costs_the_same_few_queries_with_more_rows(client, world):
    pages = [
        (world.police_user, reverse("portal:home") + "?show=all"),
        (world.staff, reverse("review:home")),
        (world.staff, reverse("office:home")),
    ]
    make_report(world, world.police, ReportStatus.SUBMITTED)

    def warm_counts():
        caches["shared"].clear()
        counts = []
        for user, url in pages:
            client.force_login(user)
            _queries(client, url)  # the first reader renders and stores the rows
            counts.append(_queries(client, url)[0])
        return counts

    few = warm_counts()
    for number in range(10, 16):
        _task(world, number, world.police)
        make_report(world, world.police, ReportStatus.SUBMITTED)
    # Session, user, data version, the rows; the notification count in the header; the
    # office's calendar warning.
    assert warm_counts() == few and max(few) <= 6


def test_the_cached_rows_keep_nothing_personal(client, world):
    caches["shared"].clear()
    client.force_login(world.staff)
    client.get(reverse("office:home"))
    client.force_login(world.police_user)
    client.get(reverse("portal:home"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM dashboard_cache WHERE cache_key LIKE '%%content:%%'")
        stored = {key: str(pickle.loads(base64.b64decode(value))) for key, value in cursor.fetchall()}
    assert len(stored) == 2
    assert all("<table" in html for html in stored.values())
    # The header (name, sign-out form with its token, notification count) is not kept.
    for marker in ("csrfmiddlewaretoken", "account-name", "nav-notifications"):
        assert not any(marker in html for html in stored.values())
