"""While the database is unreachable, pages answer a friendly 503 with Retry-After instead of
500; jobs are acknowledged late, so one killed with its worker runs again within minutes."""

import json

from oversight.celery import app
from tests.security.test_production_settings import run

URLS = [
    "/",
    "/recommendations/",
    "/recommendations/2022-FRAUD-01/",
    "/api/v1/recommendations/",
    "/open-data/recommendations.csv",
    "/healthz",
]


def test_pages_answer_503_with_retry_after_while_the_database_is_unreachable():
    """A server process with production settings and a database address where nothing listens."""
    script = f"""
import django, json
django.setup()
from django.test import Client, override_settings
override_settings(STORAGES={{
    "default": {{"BACKEND": "django.core.files.storage.FileSystemStorage"}},
    "staticfiles": {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
}}).enable()
client = Client(HTTP_HOST="oversight.example.org", raise_request_exception=False)
answers = {{}}
for url in {URLS!r}:
    response = client.get(url, secure=True, HTTP_ACCEPT_LANGUAGE="en")
    answers[url] = [response.status_code, response.get("Retry-After"), response.content.decode()[:3000]]
print(json.dumps(answers))
"""
    result = run(["-c", script], DATABASE_OUTAGE_RETRY_AFTER="45")
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    for url in URLS[:-1]:
        status, retry_after, body = answers[url]
        assert (status, retry_after) == (503, "45"), url
        assert "Temporarily unavailable" in body and "try again in a minute" in body, url
    # The health check keeps its own answer for the load balancer.
    assert answers["/healthz"][0] == 503 and '"database": "down"' in answers["/healthz"][2]


def test_an_unexpected_error_still_answers_500(client, settings):
    """Only a lost database becomes a 503; a bug stays a 500 (and is logged as one)."""
    settings.ROOT_URLCONF = "tests.security.broken_urls"
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_a_killed_job_returns_to_the_queue_within_minutes():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert 60 <= conf.broker_transport_options["visibility_timeout"] <= 15 * 60
