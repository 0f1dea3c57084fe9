"""Public pages for visitors come from the shared cache until a write retires them; signed-in
users always get a fresh page; languages, htmx fragments and addresses never mix."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from oversight import data_version
from recommendations import services
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/topics/2022-fraud/",
    "/recommendations/",
    "/recommendations/?status=closed",
    "/recommendations/2022-FRAUD-01/",
    "/departments/",
    "/departments/police/",
]


@pytest.mark.parametrize("path", PAGES)
def test_second_visit_is_the_same_page_from_the_cache_in_two_queries(client, world, path):
    first = client.get(path)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(path)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Accept-Language" in second["Vary"] or "Cookie" in second["Vary"]
    # The data version and the page: nothing else.
    assert len(queries) == 2


def test_a_write_through_a_service_retires_the_cached_pages(
    client, world, django_capture_on_commit_callbacks
):
    assert "2022-FRAUD-02" in client.get("/recommendations/").content.decode()
    assert client.get("/recommendations/")["X-Page-Cache"] == "hit"
    world.overdue.is_published = False
    with django_capture_on_commit_callbacks(execute=True):
        services.record_save(actor=world.staff, instance=world.overdue)
    response = client.get("/recommendations/")
    assert response["X-Page-Cache"] == "miss"
    assert "2022-FRAUD-02" not in response.content.decode()
    assert client.get("/recommendations/2022-FRAUD-02/").status_code == 404


def test_a_bulk_load_retires_the_cached_pages_too(client, world, django_capture_on_commit_callbacks):
    """The importer and the generator send no signals and call invalidate() in their
    transaction (tests/dashboard/test_cache.py runs both)."""
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        data_version.invalidate()
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_each_language_has_its_own_entry(client, world):
    chinese = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Page-Cache"] == "miss"
    assert "常委会审议意见" in chinese.content.decode()
    assert "Recommendations of the standing committee" in english.content.decode()
    assert (
        "Recommendations of the standing committee"
        in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_htmx_fragment_and_whole_page_are_separate_entries(client, world):
    page = client.get("/recommendations/")
    fragment = client.get("/recommendations/", headers={"HX-Request": "true"})
    assert fragment["X-Page-Cache"] == "miss"
    assert b"<html" in page.content and b"<html" not in fragment.content
    assert b"<html" in client.get("/recommendations/").content
    assert b"<html" not in client.get("/recommendations/", headers={"HX-Request": "true"}).content


def test_signed_in_users_are_never_served_from_the_cache(client, world):
    client.get("/")
    client.force_login(StaffFactory(username="staff-reader"))
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "staff-reader" in response.content.decode()


def test_cached_pages_carry_no_csrf_token_or_cookie(client, world):
    for path in PAGES:
        response = client.get(path)
        assert b"csrfmiddlewaretoken" not in response.content, path
        assert not response.cookies, path


def test_not_found_is_not_cached(client, world):
    assert client.get("/recommendations/NO-SUCH/").status_code == 404
    assert "X-Page-Cache" not in client.get("/recommendations/NO-SUCH/")


def test_cache_can_be_switched_off(client, world, settings):
    settings.PUBLIC_PAGE_CACHE = False
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


def test_language_switch_sets_the_cookie_and_returns_to_a_local_page_only(client, world, settings):
    response = client.get("/language/", {"language": "en", "next": "/recommendations/?status=closed"})
    assert response.status_code == 302 and response["Location"] == "/recommendations/?status=closed"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Recommendations of the standing committee" in client.get("/").content.decode()
    # Another site as `next` goes home instead; an unknown language sets nothing.
    response = client.get("/language/", {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_list_totals_are_cached_for_signed_in_users_until_a_write(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(StaffFactory(username="staff-counter"))
    assert client.get("/recommendations/").context["page"].paginator.count == 2
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/recommendations/")
    assert "X-Page-Cache" not in response  # rendered afresh for a signed-in user
    assert response.context["page"].paginator.count == 2
    total = 'SELECT COUNT(*) AS "__count" FROM "recommendations_recommendation"'
    assert not any(q["sql"].startswith(total) for q in queries.captured_queries)
    world.overdue.is_published = False
    with django_capture_on_commit_callbacks(execute=True):
        services.record_save(actor=world.staff, instance=world.overdue)
    assert client.get("/recommendations/").context["page"].paginator.count == 1


def test_cached_total_of_a_filter_that_matches_nothing_is_zero(world):
    from public.cache import CachedCountPaginator
    from recommendations.models import Recommendation

    assert CachedCountPaginator(Recommendation.objects.filter(pk__in=[]), 20).count == 0
    every = Recommendation.objects.order_by("pk")
    assert CachedCountPaginator(every, 20).count == every.count()
