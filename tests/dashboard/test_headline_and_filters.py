"""The dashboard opens with a headline row and filters by year, committee office and
department; the headline, every table and its CSV read the same selection, and the cache keeps
selections apart."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from recommendations import services
from recommendations.choices import DepartmentKind
from recommendations.choices import RecommendationStatus as RS
from recommendations.models import Recommendation, Task
from recommendations.selectors import overdue_recommendation_q
from tests.factories import DepartmentFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_offices(figures_world):
    """Beside the 2022 fraud topic, a 2025 topic of another committee office, with one issued
    priority recommendation whose only task is led by a third department (one of them overdue,
    given in the past)."""
    staff = figures_world.staff
    office = DepartmentFactory(
        code="npc-caijing", name="财政经济委员会", kind=DepartmentKind.COMMITTEE_OFFICE
    )
    finance = DepartmentFactory(code="finance", name="市财政局")
    topic = TopicFactory(code="2025-BUDGET", year=2025, title="预算执行监督", responsible_office=office)
    recommendation = services.recommendation_create(
        actor=staff,
        topic=topic,
        code="2025-BUDGET-01",
        number=1,
        title="规范预算执行",
        body="正文。",
        is_published=True,
        is_priority=True,
    )
    services.recommendation_issue(
        actor=staff,
        recommendation=recommendation,
        response_due=datetime.date(2025, 6, 30),
        occurred_at=datetime.datetime(2025, 3, 3, 10, tzinfo=datetime.UTC),
    )
    services.task_create(
        actor=staff,
        recommendation=recommendation,
        number=1,
        title="整改预算执行问题",
        lead_department=finance,
        assigned_on=datetime.date(2025, 3, 10),
        due_date=datetime.date(2025, 5, 30),
        occurred_at=datetime.datetime(2025, 3, 10, 10, tzinfo=datetime.UTC),
    )
    return {"office": office, "finance": finance, "topic": topic, "recommendation": recommendation}


@pytest.fixture(autouse=True)
def signed_in(client, member):
    client.force_login(member)


def dashboard(client, member, query=""):
    response = client.get(f"/dashboard/{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response


def headline_on_page(response):
    html = response.content.decode()
    return dict(re.findall(r'<dd data-figure="([\w-]+)">([^<]*)</dd>', html))


def expected_headline(recommendations):
    issued = recommendations.exclude(status=RS.DRAFT)
    open_ = issued.exclude(status=RS.CLOSED)
    closed = issued.filter(status=RS.CLOSED).count()
    # One decimal, without a trailing zero: 33.3%, 50%.
    rate = f"{100 * closed / issued.count():.1f}".removesuffix(".0") + "%" if issued.exists() else "—"
    return {
        "open": str(open_.count()),
        "closed": str(closed),
        "closure-rate": rate,
        "overdue": str(issued.filter(overdue_recommendation_q()).count()),
        "priority": str(open_.filter(is_priority=True).count()),
    }


def test_the_dashboard_opens_with_the_headline_row(client, member, two_offices):
    response = dashboard(client, member)
    assert headline_on_page(response) == expected_headline(Recommendation.objects.all())
    html = response.content.decode()
    assert html.index('data-figure="open"') < html.index('id="figure-funnel"')


@pytest.mark.parametrize("selection", ["year", "office", "department"])
def test_each_filter_narrows_the_headline_and_every_table(client, member, two_offices, selection):
    query = {
        "year": "?year=2025",
        "office": "?office=npc-caijing",
        "department": "?department=finance",
    }[selection]
    response = dashboard(client, member, query)
    selected = Recommendation.objects.filter(code="2025-BUDGET-01")
    assert headline_on_page(response) == expected_headline(selected)
    tables = response.context["load_figures"]()["tables"]
    funnel = {row[0]: row[1] for row in tables["funnel"].rows}
    assert sum(funnel.values()) == 1
    assert [row[0] for row in tables["overdue"].rows] == ["市财政局"]
    assert [row[0] for row in tables["cohorts"].rows] == ["2025"]
    # The 2022 topic's accepted figures belong to other offices, years and departments.
    assert tables["indicators"].rows == []
    html = response.content.decode()
    assert "Clear filters" in html
    assert f"/dashboard/funnel.csv?{query[1:]}" in html


def test_filters_combine_and_an_empty_selection_shows_zeros(client, member, two_offices):
    response = dashboard(client, member, "?year=2022&office=npc-caijing")
    assert headline_on_page(response) == {
        "open": "0",
        "closed": "0",
        "closure-rate": "—",
        "overdue": "0",
        "priority": "0",
    }


def test_a_department_filter_counts_tasks_it_works_on_as_co_department(
    client, member, two_offices, figures_world
):
    # The published world's first task has the education bureau as co-department.
    response = dashboard(client, member, "?department=education")
    tables = response.context["load_figures"]()["tables"]
    involved = Q(co_departments__code="education") | Q(lead_department__code="education")
    assert Task.objects.filter(co_departments__code="education").exclude(lead_department__code="education")
    tasks = Task.objects.filter(involved).exclude(recommendation__status=RS.DRAFT)
    expected = Recommendation.objects.filter(tasks__in=Task.objects.filter(involved)).distinct()
    assert headline_on_page(response) == expected_headline(expected)
    assert {row[0] for row in tables["overdue"].rows} == set(
        tasks.values_list("lead_department__name", flat=True)
    )
    assert sum(row[1] for row in tables["overdue"].rows) == tasks.count()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?year=20x5", "“20x5” is not a year."),
        ("?year=99999", "“99999” is not a year."),
        ("?office=no-such", "There is no committee office with the code “no-such”."),
        ("?office=finance", "There is no committee office with the code “finance”."),
        ("?department=no-such", "No department is called or has the code “no-such”."),
    ],
)
def test_a_filter_that_names_nothing_says_so_and_is_left_out(client, member, two_offices, query, message):
    response = dashboard(client, member, query)
    html = response.content.decode()
    assert message in html
    assert headline_on_page(response) == expected_headline(Recommendation.objects.all())
    assert client.get(f"/dashboard/funnel.csv{query}").status_code == 400


def test_csv_downloads_follow_the_filters(client, member, two_offices):
    client.force_login(member)
    response = client.get("/dashboard/overdue.csv?year=2025", HTTP_ACCEPT_LANGUAGE="en")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["市财政局"]
    cohorts = client.get("/dashboard/cohorts.csv?cohort=quarter&year=2025", HTTP_ACCEPT_LANGUAGE="en")
    assert [row[0] for row in csv.reader(io.StringIO(cohorts.content.decode("utf-8-sig")))][1:] == ["2025 Q1"]


def test_the_cache_keeps_selections_apart_and_a_warm_filtered_page_sends_no_figure_query(
    client, member, two_offices
):
    everything = headline_on_page(dashboard(client, member))
    only_2025 = headline_on_page(dashboard(client, member, "?year=2025"))
    assert everything != only_2025
    assert headline_on_page(dashboard(client, member)) == everything
    with CaptureQueriesContext(connection) as queries:
        assert headline_on_page(dashboard(client, member, "?year=2025")) == only_2025
    # Session, user, the data version, the rendered figures, the header's unread count, the
    # member's votes awaiting a ballot.
    assert len(queries) == 6
    with CaptureQueriesContext(connection) as queries:
        dashboard(client, member, "?department=finance&year=2025")
    cold = len(queries)
    with CaptureQueriesContext(connection) as queries:
        dashboard(client, member, "?department=finance&year=2025")
    # A department is named by code: one lookup besides the six.
    assert len(queries) == 6 + 1 < cold
