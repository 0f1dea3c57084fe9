import datetime
import json

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from public.filters import RecommendationFilter
from public.selectors import published_recommendations
from recommendations import services
from tests.factories import DepartmentFactory, FindingFactory, StaffFactory, TopicFactory

from .conftest import SECRETS

pytestmark = pytest.mark.django_db

ENDPOINTS = ["recommendations", "topics", "departments", "tasks", "reports", "indicators"]


def get_all(client, endpoint, query=""):
    """Every record of a paginated list, following the next links."""
    url, records = f"/api/v1/{endpoint}/{query}", []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        page = response.json()
        records.extend(page["results"])
        url = page["next"]
    return records


def codes(client, query):
    return {record["code"] for record in get_all(client, "recommendations", query)}


# --- publication ----------------------------------------------------------------------------


def test_api_contains_only_published_records(client, world):
    dumped = json.dumps({endpoint: get_all(client, endpoint) for endpoint in ENDPOINTS}, ensure_ascii=False)
    for name, secret in SECRETS.items():
        assert secret not in dumped, name
    assert codes(client, "") == {"2022-FRAUD-01", "2022-FRAUD-02"}
    assert "2022-hidden" not in dumped
    # The accepted report is there with its figures and its public file.
    [report] = get_all(client, "reports")
    assert report["recommendation"] == "2022-FRAUD-01"
    assert [m["change_percent"] for m in report["measurements"]] == ["-29.80", "2.90"]
    assert [e["original_name"] for e in report["evidence"]] == ["work-plan.pdf"]


@pytest.mark.parametrize("code", ["2022-FRAUD-03", "2022-FRAUD-04", "2022-HIDDEN-01"])
def test_unpublished_recommendation_is_not_found_by_code(client, world, code):
    assert client.get(f"/api/v1/recommendations/{code}/").status_code == 404


def test_recommendation_is_looked_up_by_code(client, world):
    response = client.get("/api/v1/recommendations/2022-FRAUD-01/")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "强化技术反制"
    assert body["status"] == "closed" and body["verdict"] == "implemented"
    assert body["findings"] == [{"code": "F-TECH", "title": "技术反制手段滞后"}]


def test_unaccepted_report_is_not_found_by_id(client, world):
    hidden_id = world.overdue.tasks.get().reports.get().pk
    assert client.get(f"/api/v1/reports/{hidden_id}/").status_code == 404
    assert client.get(f"/api/v1/reports/{world.report.pk}/").status_code == 200


# --- filters mirror the list page ----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=技术反制", {"2022-FRAUD-01"}),  # title and source finding; the unpublished "技术。" stays out
        ("?q=宣传", {"2022-FRAUD-02"}),  # body and the finding 基层宣传存在盲区
        ("?q=盲区", {"2022-FRAUD-02"}),  # only in the source finding's title
        ("?q=未公开", set()),
        ("?q=", {"2022-FRAUD-01", "2022-FRAUD-02"}),
        ("?status=closed", {"2022-FRAUD-01"}),
        ("?verdict=implemented", {"2022-FRAUD-01"}),
        ("?overdue=true", {"2022-FRAUD-02"}),
        ("?overdue=false", {"2022-FRAUD-01"}),
        ("?priority=true", {"2022-FRAUD-02"}),
        ("?department=police", {"2022-FRAUD-01"}),
        ("?department=education", {"2022-FRAUD-01", "2022-FRAUD-02"}),  # co-department of 01
        ("?topic=2022-fraud&year=2022", {"2022-FRAUD-01", "2022-FRAUD-02"}),
        ("?year=2021", set()),
        ("?q=基层&status=in_progress&department=education", {"2022-FRAUD-02"}),
    ],
)
def test_recommendation_filters_return_exactly_the_matching_records(client, world, query, expected):
    assert codes(client, query) == expected
    # The same FilterSet as the public list page, over the published records.
    params = dict(pair.split("=", 1) for pair in query.lstrip("?").split("&"))
    page_filter = RecommendationFilter(params, queryset=published_recommendations())
    assert {rec.code for rec in page_filter.qs} == expected


def test_ordering_follows_the_list_page(client, world):
    records = get_all(client, "recommendations", "?ordering=-code")
    assert [r["code"] for r in records] == ["2022-FRAUD-02", "2022-FRAUD-01"]


@pytest.mark.parametrize("query", ["?status=draft", "?status=bogus", "?department=nowhere", "?year=abc"])
def test_bad_filter_values_get_a_clear_400(client, world, query):
    response = client.get(f"/api/v1/recommendations/{query}")
    assert response.status_code == 400
    assert response.json()  # names the field and what is wrong


def test_task_and_report_filters(client, world):
    tasks = get_all(client, "tasks", "?department=education")
    assert {t["code"] for t in tasks} == {"2022-FRAUD-01-T1", "2022-FRAUD-02-T1"}
    assert {t["code"] for t in get_all(client, "tasks", "?overdue=true")} == {"2022-FRAUD-02-T1"}
    assert get_all(client, "reports", "?recommendation=2022-FRAUD-02") == []
    assert len(get_all(client, "reports", "?department=police")) == 1
    indicators = get_all(client, "indicators", "?topic=2022-fraud")
    # The third indicator of the topic has only an unaccepted figure.
    assert {i["name"]: [m["change_percent"] for m in i["measurements"]] for i in indicators} == {
        "警情数": ["-29.80"],
        "破案率": ["2.90"],
    }
    assert get_all(client, "indicators", "?topic=2022-hidden") == []


def test_pagination_pages_through_every_record(client, world):
    first = client.get("/api/v1/recommendations/?page_size=1").json()
    assert first["count"] == 2 and len(first["results"]) == 1
    second = client.get(first["next"]).json()
    assert second["next"] is None
    assert {first["results"][0]["code"], second["results"][0]["code"]} == {"2022-FRAUD-01", "2022-FRAUD-02"}
    assert client.get("/api/v1/recommendations/?page=9").status_code == 404


def test_api_is_read_only(client, world):
    assert client.post("/api/v1/recommendations/", {"code": "X"}).status_code == 405
    assert client.delete("/api/v1/recommendations/2022-FRAUD-01/").status_code == 405


# --- schema and docs, served locally ------------------------------------------------------


def test_openapi_schema_describes_the_endpoints(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    for endpoint in ENDPOINTS:
        assert f"/api/v1/{endpoint}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/recommendations/"]["get"]["parameters"]}
    assert {
        "q",
        "year",
        "topic",
        "department",
        "status",
        "verdict",
        "priority",
        "overdue",
        "page",
    } <= parameters


@pytest.mark.parametrize("url", ["/api/docs/"])
def test_api_docs_load_nothing_from_a_cdn(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn" not in html.lower()
    assert 'src="http' not in html and 'href="http' not in html


# --- query budget -------------------------------------------------------------------------


def add_recommendations(numbers, topic, staff, departments):
    for number in numbers:
        finding = FindingFactory(topic=topic)
        rec = services.recommendation_create(
            actor=staff,
            topic=topic,
            code=f"V-{number:03d}",
            number=number,
            title=f"意见{number}",
            body="内容",
            findings=[finding],
            is_published=True,
        )
        services.recommendation_issue(
            actor=staff,
            recommendation=rec,
            response_due=datetime.date(2022, 9, 30),
            occurred_at=timezone.make_aware(datetime.datetime(2022, 4, 30)) - datetime.timedelta(days=number),
        )
        services.task_create(
            actor=staff,
            recommendation=rec,
            number=1,
            title="任务",
            lead_department=departments[number % 2],
            co_departments=[departments[(number + 1) % 2]],
            assigned_on=datetime.date(2022, 5, 1),
            due_date=datetime.date(2022, 6, 1),
        )


def list_queries(client, endpoint):
    caches["shared"].clear()  # the answer's own work, with its count computed and cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/{endpoint}/")
    assert response.status_code == 200
    return len(queries), response.json()["count"]


def test_api_list_query_count_is_the_same_for_10_and_50_recommendations(client, settings):
    settings.PUBLIC_PAGE_CACHE = False  # the answer's own queries; from the cache it costs 2
    staff, topic = StaffFactory(), TopicFactory()
    departments = [DepartmentFactory(), DepartmentFactory()]
    add_recommendations(range(1, 11), topic, staff, departments)
    with_10 = {endpoint: list_queries(client, endpoint) for endpoint in ["recommendations", "tasks"]}
    add_recommendations(range(11, 51), topic, staff, departments)
    with_50 = {endpoint: list_queries(client, endpoint) for endpoint in ["recommendations", "tasks"]}
    # The rows, the count and the prefetch (3), plus the data version written (1 + 5) and the
    # count read and written (1 + 5).
    assert with_10["recommendations"] == (15, 10) and with_50["recommendations"] == (15, 50)
    assert with_10["tasks"] == (15, 10) and with_50["tasks"] == (15, 50)


def test_api_answers_come_from_the_cache_until_a_write(client, world, django_capture_on_commit_callbacks):
    first = client.get("/api/v1/recommendations/")
    assert first["X-Page-Cache"] == "miss"
    assert world.overdue.code in {row["code"] for row in first.json()["results"]}
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/api/v1/recommendations/")
    assert second["X-Page-Cache"] == "hit" and len(queries) == 2
    assert second.json() == first.json() and second["Content-Type"] == first["Content-Type"]
    # The browsable HTML answer is a separate entry (the Accept header picks the format).
    html = client.get("/api/v1/recommendations/", HTTP_ACCEPT="text/html")
    assert html["Content-Type"].startswith("text/html") and html["X-Page-Cache"] == "miss"
    world.overdue.is_published = False
    with django_capture_on_commit_callbacks(execute=True):
        services.record_save(actor=world.staff, instance=world.overdue)
    after = client.get("/api/v1/recommendations/")
    assert after["X-Page-Cache"] == "miss"
    assert world.overdue.code not in {row["code"] for row in after.json()["results"]}
