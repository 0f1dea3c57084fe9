"""Structured logs carry the request id and no secrets or personal data; repeated failed
sign-ins lock the account out (django-axes), even against the right password."""

import io
import json
import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oversight.request_logging import JsonFormatter, RequestIdFilter
from recommendations.choices import ReportStatus
from recommendations.models import ProgressReport

from .conftest import PDF

pytestmark = pytest.mark.django_db

PASSWORD = "Lantern-orchid-velvet-93"


@pytest.fixture
def log_lines():
    """Every record any logger writes during the test, at every level, formatted as in
    production (LOGGING's JSON formatter and request-id filter)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    quiet = {name: logging.getLogger(name).level for name in ("axes", "oversight.request", "django")}
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in quiet:
        logging.getLogger(name).setLevel(logging.DEBUG)

    def lines():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    root.removeHandler(handler)
    root.setLevel(old_level)
    for name, level in quiet.items():
        logging.getLogger(name).setLevel(level)


def liaison_with_password(world):
    user = world.a.liaison
    user.email = "wang.liaison@police.example.org"
    user.set_password(PASSWORD)
    user.save()
    return user


def test_every_request_log_line_carries_the_request_id_sent_by_the_proxy(client, world, log_lines):
    client.force_login(world.member)
    response = client.get(reverse("portal:home"), headers={"X-Request-ID": "proxy-id-0001"})
    assert response["X-Request-ID"] == "proxy-id-0001"
    access = [line for line in log_lines() if line["logger"] == "oversight.request"]
    assert access and all(line["request_id"] == "proxy-id-0001" for line in access)
    assert access[-1]["path"] == reverse("portal:home") and access[-1]["status"] == 200
    assert access[-1]["user_id"] == world.member.pk


def test_a_malformed_request_id_is_replaced_not_logged(client, world, log_lines):
    response = client.get(reverse("home"), headers={"X-Request-ID": "bad id\nINJECTED"})
    generated = response["X-Request-ID"]
    assert generated != "bad id\nINJECTED" and len(generated) == 32
    assert "INJECTED" not in json.dumps(log_lines())
    assert {line["request_id"] for line in log_lines() if line["logger"] == "oversight.request"} == {
        generated
    }


def test_sign_in_and_report_submission_log_no_password_cookie_email_or_query_string(client, world, log_lines):
    user = liaison_with_password(world)
    # A failed sign-in (axes logs it) and a successful one, with query strings on the way.
    client.post(
        reverse("login") + "?next=/portal/&via=secret-query-value",
        {"username": user.username, "password": "wrong-Pass-77"},
    )
    response = client.post(
        reverse("login") + "?next=/portal/&via=secret-query-value",
        {"username": user.username, "password": PASSWORD},
    )
    assert response.status_code == 302
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    # A progress report filed and submitted with a file.
    data = {
        "narrative": "已建成预警平台。",
        "submit": "1",
        "m-TOTAL_FORMS": "1",
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "50",
        "m-0-indicator": str(world.indicator.pk),
        "m-0-change_percent": "-29.8",
        "files": [SimpleUploadedFile("方案.pdf", PDF, "application/pdf")],
    }
    response = client.post(
        reverse("portal:report_new", args=[world.a.task.pk]) + "?token=secret-query-token", data
    )
    assert response.status_code == 302
    assert ProgressReport.objects.filter(
        task=world.a.task, narrative="已建成预警平台。", status=ReportStatus.SUBMITTED
    ).exists()

    lines = log_lines()
    text = json.dumps(lines, ensure_ascii=False)
    assert any(line["logger"] == "oversight.request" and line["path"] == reverse("login") for line in lines)
    assert any(line["logger"] == "axes.handlers.database" for line in lines), "the failed sign-in is logged"
    for secret in (
        PASSWORD,
        "wrong-Pass-77",
        session_cookie,
        user.email,
        "secret-query-value",
        "secret-query-token",
        "via=",
    ):
        assert secret not in text, secret
    assert user.username not in text
    request_lines = [line for line in lines if line["logger"] == "oversight.request"]
    assert all(len(line["request_id"]) == 32 for line in request_lines)


def test_repeated_failed_sign_ins_lock_the_account_even_against_the_right_password(client, world):
    user = liaison_with_password(world)
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": user.username, "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    response = client.post(url, {"username": user.username, "password": "wrong"})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode() or "登录" in response.content.decode()

    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert (
        AccessAttempt.objects.get(username=user.username).failures_since_start >= settings.AXES_FAILURE_LIMIT
    )


def test_the_lockout_is_per_account_and_address_so_others_can_still_sign_in(client, world):
    locked = liaison_with_password(world)
    other = world.b.liaison
    other.set_password(PASSWORD)
    other.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": locked.username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": other.username, "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == other.pk


def test_a_successful_sign_in_resets_the_failure_count(client, world):
    user = liaison_with_password(world)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302
    client.logout()
    client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302
