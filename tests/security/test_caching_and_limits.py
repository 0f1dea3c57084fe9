"""What is cached where, and how much one address may ask for: signed-in answers are never
stored by browsers or proxies; the public page cache is not bypassed by an unknown query
parameter or a different order; open-data files are built once per data version and served
from storage; open data, search and the API answer 429 with Retry-After past their limits."""

from pathlib import Path

import pytest
from django.urls import reverse

from portal.models import Evidence
from recommendations import services
from tests.factories import LiaisonFactory, MemberFactory, StaffFactory
from tests.published_world import PUBLIC_FILE, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PUBLIC_PAGE_CACHE = True
    return build_world()


# A whole hour since the epoch, so the start of a second's, a minute's and an hour's window alike.
WINDOWS_START = 1_800_000_000


@pytest.fixture
def limits(settings, monkeypatch):
    """Small limits, counted afresh for each test, all of whose requests fall in one window: the
    windows are fixed, and a slow request can end the one its test started in."""
    from django.core.cache import caches

    from oversight import rate_limits

    monkeypatch.setattr(rate_limits, "_now", lambda: WINDOWS_START + 1)
    caches["rate_limits"].clear()
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {"open_data": "3/h", "search": "5/m", "api": "4/m"}


def _no_store(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_signed_in_pages_and_evidence_downloads_are_private_and_not_stored(client, world):
    liaison = LiaisonFactory(username="police-liaison", department=world.police)
    evidence = Evidence.objects.get(original_name=PUBLIC_FILE)
    client.force_login(liaison)
    for url in ["/portal/", reverse("portal:evidence", args=[evidence.pk]), "/recommendations/", "/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url
    client.force_login(MemberFactory())
    for url in ["/dashboard/", "/dashboard/funnel.csv", "/open-data/recommendations.csv"]:
        assert _no_store(client.get(url)), url
    client.force_login(StaffFactory(is_superuser=False))
    assert _no_store(client.get("/review/"))
    client.logout()
    assert not _no_store(client.get("/recommendations/"))


def test_unknown_parameters_and_their_order_do_not_bypass_the_public_page_cache(client, world):
    first = client.get("/recommendations/?year=2022&status=closed")
    assert first["X-Page-Cache"] == "miss"
    for query in [
        "?status=closed&year=2022",
        "?year=2022&status=closed&utm_source=weibo",
        "?nonce=81723&status=closed&q=&year=2022",
    ]:
        again = client.get(f"/recommendations/{query}")
        assert again["X-Page-Cache"] == "hit", query
        assert again.content == first.content
    assert b"utm_source" not in first.content and b"nonce" not in first.content
    # A parameter the page reads is a different page.
    assert client.get("/recommendations/?year=2022&status=in_progress")["X-Page-Cache"] == "miss"
    assert client.get("/?anything=1")["X-Page-Cache"] == "miss"
    assert client.get("/?other=2")["X-Page-Cache"] == "hit"
    api = client.get("/api/v1/recommendations/?status=closed")
    assert client.get("/api/v1/recommendations/?status=closed&x=1")["X-Page-Cache"] == "hit"
    assert b"x=1" not in api.content


def test_open_data_files_are_built_once_per_data_version_and_served_from_storage(
    client, world, settings, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    first = b"".join(client.get("/open-data/recommendations.csv").streaming_content)
    built = list((Path(settings.MEDIA_ROOT) / "open-data").rglob("recommendations.csv"))
    assert len(built) == 1 and built[0].read_bytes() == first
    # Served again: the data version is read (one query for the session-less visitor), nothing built.
    with django_assert_max_num_queries(1):
        again = b"".join(client.get("/open-data/recommendations.csv").streaming_content)
    assert again == first

    world.closed.refresh_from_db()
    world.closed.title = "强化技术反制(修订)"
    with django_capture_on_commit_callbacks(execute=True):
        services.record_save(actor=world.staff, instance=world.closed)
    rebuilt = b"".join(client.get("/open-data/recommendations.csv").streaming_content)
    assert "强化技术反制(修订)" in rebuilt.decode("utf-8-sig")
    # The retired version's files are gone; only the current one is kept.
    assert len(list((Path(settings.MEDIA_ROOT) / "open-data").rglob("*.csv"))) == 1


@pytest.mark.parametrize(
    ("url", "limit"),
    [("/open-data/tasks.csv", 3), ("/recommendations/?q=反诈", 5), ("/api/v1/recommendations/", 4)],
)
def test_past_the_limit_an_address_gets_429_with_retry_after(client, world, limits, url, limit):
    answers = [client.get(url, REMOTE_ADDR="203.0.113.9").status_code for _ in range(limit)]
    assert answers == [200] * limit
    refused = client.get(url, REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "203.0.113.9" not in refused.content.decode()
    # Another address is not affected, nor are pages outside the limited groups.
    assert client.get(url, REMOTE_ADDR="198.51.100.7").status_code == 200
    assert client.get("/departments/", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_the_api_refusal_is_json_and_the_page_refusal_is_a_page(client, world, limits):
    for _ in range(4):
        client.get("/api/v1/topics/")
    api = client.get("/api/v1/topics/")
    assert api.status_code == 429 and "detail" in api.json()
    for _ in range(5):
        client.get("/recommendations/", HTTP_ACCEPT_LANGUAGE="en")
    page = client.get("/recommendations/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 429
    assert "Too many requests" in page.content.decode()


def test_limits_follow_the_address_behind_the_trusted_proxy(client, world, limits, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        client.get("/open-data/tasks.json", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert (
        client.get(
            "/open-data/tasks.json", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9"
        ).status_code
        == 429
    )
    colleague = client.get(
        "/open-data/tasks.json", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert colleague.status_code == 200


def test_with_the_counter_store_down_requests_are_served(client, world, settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.CACHES = {
        **settings.CACHES,
        "rate_limits": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        },
    }
    assert client.get("/api/v1/recommendations/").status_code == 200
