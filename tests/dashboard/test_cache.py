"""The dashboard's cache: figures read from it agree with figures computed afresh, after writes
through services (signals) and after bulk loads (the importer and the generator call the
dashboard's invalidate function), and a warm page reads the cache instead of computing."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboard.tables import BUILDERS
from evaluations.models import Evaluation
from recommendations import services
from scale.generator import generate
from tests.exchange.conftest import REC_HEADERS, csv_bytes, import_file, rec_row
from tests.factories import StaffFactory, TopicFactory

pytestmark = pytest.mark.django_db


def page_tables(client):
    response = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return {table.key: table.rows for table in response.context["load_figures"]()["tables"].values()}


def fresh_tables(rf, member):
    """The figures computed now, bypassing the cache."""
    request = rf.get("/dashboard/")
    request.user = member
    return {key: build(request).rows for key, build in BUILDERS.items()}


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en")
    return len(queries)


def test_second_request_reads_the_cache_and_sends_fewer_queries(client, member, figures_world):
    client.force_login(member)
    cold = count_queries(client)
    warm = count_queries(client)
    # Session, user, the data version, the rendered figures, the header's unread count, the
    # member's votes awaiting a ballot: no figure query.
    assert warm == 2 + 1 + 1 + 1 + 1
    assert warm < cold
    assert caches["shared"].get("data:version")


def test_csv_download_reads_the_tables_the_page_cached(client, member, figures_world):
    client.force_login(member)
    client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dashboard/evaluations.csv", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not any("recommendations_evaluation" in q["sql"] for q in queries.captured_queries)


def test_cached_and_fresh_figures_agree_after_a_write_through_a_service(
    client, rf, member, figures_world, django_capture_on_commit_callbacks
):
    client.force_login(member)
    before = page_tables(client)
    assert before == fresh_tables(rf, member)
    topic = figures_world.topic
    with django_capture_on_commit_callbacks(execute=True):
        services.record_save(
            actor=figures_world.staff,
            instance=Evaluation(
                topic=topic,
                method="in_session",
                voters_entitled=10,
                satisfied=7,
                unsatisfied=1,
                result="satisfied",
                held_on=datetime.date(2019, 5, 1),
            ),
        )
    after = page_tables(client)
    assert after == fresh_tables(rf, member)
    assert after["evaluations"] != before["evaluations"]
    assert after["evaluations"][0][:3] == ["2019", 1, 1]
    # The rendered figures (cached as HTML) show the new row too.
    html = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<td data-value="2019">2019</td>' in html


def test_cached_and_fresh_figures_agree_after_an_import(
    client, rf, member, figures_world, django_capture_on_commit_callbacks
):
    """bulk_create sends no signals: the importer invalidates the cache itself."""
    client.force_login(member)
    before = page_tables(client)
    data = csv_bytes(REC_HEADERS, [rec_row(code="2022-fraud-40", number=40, topic="2022-fraud")])
    with django_capture_on_commit_callbacks(execute=True):
        report = import_file("recommendations.csv", data, actor=StaffFactory(username="import-staff"))
    assert report.written, report.problems
    after = page_tables(client)
    assert after == fresh_tables(rf, member)
    assert after != before


def test_cached_and_fresh_figures_agree_after_generated_data(
    client, rf, member, django_capture_on_commit_callbacks
):
    """generate_scale_data writes with COPY and no signals: the generator invalidates too."""
    TopicFactory()
    client.force_login(member)
    before = page_tables(client)
    with django_capture_on_commit_callbacks(execute=True):
        generate(10, seed=3, now=timezone.now())
    after = page_tables(client)
    assert after == fresh_tables(rf, member)
    assert after["funnel"] != before["funnel"]
