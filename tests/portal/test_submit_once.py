"""Forms that create things are submitted once: two identical POSTs (a double click) create one
record, and the second is sent to what the first created."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import FormSubmission
from recommendations.choices import DepartmentKind
from recommendations.models import Department, ProgressReport
from tests.factories import StaffFactory

from .test_review_loop import report_post

pytestmark = pytest.mark.django_db


def _tokens(html):
    return (
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1),
        re.search(r'name="form_token" value="([^"]+)"', html).group(1),
    )


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_the_report_form_create_one_draft(live_server, client, world):
    client.force_login(world.police_user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    url = live_server.url + reverse("portal:report_new", args=[world.task.pk])
    browser_tabs = [requests.Session(), requests.Session()]
    for tab in browser_tabs:
        tab.cookies.set(settings.SESSION_COOKIE_NAME, cookie)
    form = browser_tabs[0].get(url, timeout=60)
    assert form.status_code == 200
    csrf, token = _tokens(form.text)
    browser_tabs[1].cookies.update(browser_tabs[0].cookies)
    data = {**report_post(world), "csrfmiddlewaretoken": csrf, "form_token": token}

    both_ready = threading.Barrier(2)

    def save(tab):
        both_ready.wait()
        return tab.post(url, data=data, headers={"Referer": url}, allow_redirects=False, timeout=120)

    with ThreadPoolExecutor(max_workers=2) as pool:
        responses = list(pool.map(save, browser_tabs))

    assert [r.status_code for r in responses] == [302, 302]
    reports = ProgressReport.objects.filter(task=world.task, department=world.police)
    assert reports.count() == 1
    expected = reverse("portal:report", args=[reports.get().pk])
    assert {r.headers["Location"] for r in responses} == {expected}


def test_a_resent_report_form_leads_to_the_first_report(client, world):
    client.force_login(world.police_user)
    url = reverse("portal:report_new", args=[world.task.pk])
    _, token = _tokens(client.get(url).content.decode())
    data = {**report_post(world), "form_token": token}
    first = client.post(url, data)
    second = client.post(url, data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert first.status_code == 302
    assert second.redirect_chain[0][0] == first["Location"]
    assert "already been sent" in second.content.decode()
    assert ProgressReport.objects.filter(task=world.task).count() == 1


def test_a_refused_form_keeps_nothing_and_can_be_sent_again(client, world):
    client.force_login(world.police_user)
    url = reverse("portal:report_new", args=[world.task.pk])
    _, token = _tokens(client.get(url).content.decode())
    refused = client.post(url, {**report_post(world), "narrative": "", "form_token": token})
    assert refused.status_code == 200
    assert not FormSubmission.objects.exists() and not ProgressReport.objects.exists()
    accepted = client.post(url, {**report_post(world), "form_token": token})
    assert accepted.status_code == 302
    assert ProgressReport.objects.count() == 1


def test_a_damaged_or_borrowed_token_is_refused(client, world):
    url = reverse("portal:report_new", args=[world.task.pk])
    client.force_login(world.police_user)
    damaged = client.post(url, {**report_post(world), "form_token": "not-a-token"})
    assert damaged.status_code == 400
    _, token = _tokens(client.get(url).content.decode())
    assert client.post(url, {**report_post(world), "form_token": token}).status_code == 302
    client.force_login(world.police_user2)
    borrowed = client.post(url, {**report_post(world), "form_token": token})
    assert borrowed.status_code == 400
    assert ProgressReport.objects.count() == 1


def test_the_admin_add_form_is_submitted_once(client):
    # Reference data is what committee staff add in the admin (the oversight record is read-only there).
    staff = StaffFactory(is_superuser=False)
    staff.user_permissions.set(Permission.objects.filter(codename__in=["add_department", "view_department"]))
    client.force_login(staff)
    url = reverse("admin:recommendations_department_add")
    _, token = _tokens(client.get(url).content.decode())
    data = {
        "code": "sfj",
        "name": "市司法局",
        "kind": DepartmentKind.GOVERNMENT,
        "is_active": "on",
        "form_token": token,
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Department.objects.filter(name=data["name"]).count() == 1
