import csv
import datetime
import io
import statistics
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from evaluations.models import Evaluation
from recommendations import services
from recommendations.choices import RecommendationStatus as RS
from recommendations.choices import ReportStatus
from recommendations.models import Measurement, Recommendation, Task
from tests.factories import DepartmentFactory, LiaisonFactory, StaffFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

STAGE_ORDER = ["draft", "issued", "in_progress", "reported", "closed"]


def percent(part, whole, places="0.1"):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def tables_of(response):
    return {table.key: table for table in response.context["load_figures"]()["tables"].values()}


def get_dashboard(client, user, query=""):
    client.force_login(user)
    return client.get(f"/dashboard/{query}", HTTP_ACCEPT_LANGUAGE="en")


# --- access ------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client):
    for url in ["/dashboard/", "/dashboard/funnel.csv"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(settings.LOGIN_URL)


def test_liaison_and_user_without_role_are_refused(client):
    for user in [LiaisonFactory(), UserFactory()]:
        client.force_login(user)
        assert client.get("/dashboard/").status_code == 403
        assert client.get("/dashboard/funnel.csv").status_code == 403


def test_member_and_staff_see_every_figure(client, member):
    for user in [member, StaffFactory()]:
        response = get_dashboard(client, user)
        assert response.status_code == 200
        assert list(tables_of(response)) == [
            "funnel",
            "cohorts",
            "overdue",
            "ageing",
            "evaluations",
            "indicators",
        ]


def test_unknown_table_is_not_found(client, member):
    client.force_login(member)
    assert client.get("/dashboard/nothing.csv").status_code == 404


# --- figures against an independent computation --------------------------------------------


def test_status_funnel_counts_every_recommendation_by_stage(client, member, figures_world):
    statuses = Counter(Recommendation.objects.values_list("status", flat=True))
    expected = [
        [statuses[stage], sum(statuses[later] for later in STAGE_ORDER[index:])]
        for index, stage in enumerate(STAGE_ORDER)
    ]
    rows = tables_of(get_dashboard(client, member))["funnel"].rows
    assert [row[1:] for row in rows] == expected
    with translation.override("en"):
        assert [row[0] for row in rows] == [str(RS(stage).label) for stage in STAGE_ORDER]
    assert expected[0][1] == Recommendation.objects.count()


@pytest.mark.parametrize("period", ["year", "quarter"])
def test_closure_rate_by_cohort_matches_python_over_the_records(client, member, figures_world, period):
    cohorts = defaultdict(list)
    for rec in Recommendation.objects.filter(issued_at__isnull=False):
        issued = timezone.localtime(rec.issued_at)
        label = str(issued.year) if period == "year" else f"{issued.year} Q{(issued.month - 1) // 3 + 1}"
        cohorts[label].append(rec)
    expected = []
    for label in sorted(cohorts):
        recs = cohorts[label]
        closed = [r for r in recs if r.status == RS.CLOSED]
        implemented = [r for r in closed if r.verdict == "implemented"]
        days = [(r.closed_at - r.issued_at).total_seconds() / 86400 for r in closed]
        median = Decimal(str(statistics.median(days))).quantize(Decimal("0.1")) if days else None
        expected.append(
            [
                label,
                len(recs),
                len(closed),
                len(implemented),
                len(recs) - len(closed),
                percent(len(closed), len(recs)),
                percent(len(implemented), len(recs)),
                median,
            ]
        )
    rows = tables_of(get_dashboard(client, member, f"?cohort={period}"))["cohorts"].rows
    assert rows == expected
    assert len(rows) >= 2  # the data set spans several cohorts


def test_overdue_tasks_by_department_match_the_task_property(client, member, figures_world):
    groups = defaultdict(list)
    for task in Task.objects.exclude(recommendation__status=RS.DRAFT).select_related("lead_department"):
        groups[task.lead_department.name].append(task)
    expected = []
    for name, tasks in groups.items():
        open_tasks = [t for t in tasks if t.claimed_done_at is None and t.verified_at is None]
        overdue = [t for t in tasks if t.is_overdue]
        verified = [t for t in tasks if t.verified_at is not None]
        expected.append(
            [
                name,
                len(tasks),
                len(open_tasks),
                len(overdue),
                percent(len(overdue), len(open_tasks)),
                len(verified),
            ]
        )
    expected.sort(key=lambda row: (-row[3], row[0]))
    rows = tables_of(get_dashboard(client, member))["overdue"].rows
    assert rows == expected
    assert any(row[3] > 0 for row in rows)


def test_ageing_buckets_count_open_recommendations_by_days_since_issue(client, member, figures_world):
    today = timezone.localdate()
    buckets = [(0, 30), (31, 90), (91, 180), (181, 365), (366, 10**6)]
    open_recs = Recommendation.objects.filter(status__in=[RS.ISSUED, RS.IN_PROGRESS, RS.REPORTED])
    expected = []
    for low, high in buckets:
        in_bucket = [r for r in open_recs if low <= (today - timezone.localdate(r.issued_at)).days <= high]
        expected.append([len(in_bucket), len([r for r in in_bucket if r.is_overdue])])
    rows = tables_of(get_dashboard(client, member))["ageing"].rows
    assert [row[1:] for row in rows] == expected
    assert sum(row[1] for row in rows) == open_recs.count()
    assert all(count for count, _overdue in expected)  # the data set fills every bucket


def test_evaluation_results_count_each_result_per_year_with_the_satisfaction_rate(
    client, member, figures_world
):
    by_year = defaultdict(list)
    for e in Evaluation.objects.all():
        year = e.held_on.year if e.held_on else timezone.localtime(e.created_at).year
        by_year[year].append(e)
    results = ["satisfied", "basically_satisfied", "unsatisfied", "no_quorum"]
    expected = []
    for year, votes in sorted(by_year.items()):
        approving = sum(e.satisfied + e.basically_satisfied for e in votes)
        counts = Counter(e.result for e in votes)
        expected.append(
            [
                str(year),
                len(votes),
                *(counts[result] for result in results),
                counts[""],
                percent(approving, approving + sum(e.unsatisfied for e in votes)),
            ]
        )
    table = tables_of(get_dashboard(client, member))["evaluations"]
    assert table.rows == expected
    assert sum(row[1] for row in expected) == Evaluation.objects.count() > 0


def test_indicator_trends_aggregate_accepted_figures_per_indicator_and_year(client, member, figures_world):
    groups = defaultdict(list)
    for m in Measurement.objects.select_related("indicator", "report"):
        if m.report is not None and m.report.status != ReportStatus.ACCEPTED:
            continue
        day = m.period_end or m.period_start or timezone.localtime(m.created_at).date()
        change = m.change_percent
        if change is None:
            change = ((m.value - m.baseline) * 100 / m.baseline).quantize(Decimal("0.01"), ROUND_HALF_UP)
        key = (m.indicator.name, m.indicator.unit, m.indicator.direction, day.year)
        groups[key].append((change, m.is_improvement))
    expected, expected_tones = [], []
    for (name, unit, _direction, year), figures in sorted(groups.items()):
        changes = [change for change, _improved in figures]
        better = sum(improved is True for _change, improved in figures)
        worse = sum(improved is False for _change, improved in figures)
        expected.append(
            [
                name,
                unit,
                str(year),
                len(figures),
                Decimal(statistics.median(changes)).quantize(Decimal("0.01"), ROUND_HALF_UP),
                (sum(changes) / len(changes)).quantize(Decimal("0.01"), ROUND_HALF_UP),
                better,
                worse,
                percent(better, len(changes)),
            ]
        )
        expected_tones.append("better" if better > worse else "worse" if worse > better else "")
    table = tables_of(get_dashboard(client, member))["indicators"]
    assert [[row[0], row[1], *row[3:]] for row in table.rows] == expected
    assert table.tones == expected_tones
    # 警情数 fell and lower is better; 破案率 rose and higher is better: both read as good.
    assert set(expected_tones) == {"better"}
    # A submitted but unaccepted report's figure is not a result.
    assert all("未验收" not in row[0] for row in table.rows)


# --- CSV downloads are the tables ----------------------------------------------------------


class TableParser(HTMLParser):
    """Collects each <table id="table-KEY"> as rows of cells: a header's text, a cell's value
    (its data-value: the text shows the figure formatted for reading, 1,234 or 1.2万)."""

    def __init__(self):
        super().__init__()
        self.tables, self.current, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id", "").startswith("table-"):
            self.current = self.tables.setdefault(attrs["id"][len("table-") :], [])
        elif self.current is not None and tag == "tr":
            self.row = []
        elif self.row is not None and tag in ("td", "th"):
            self.cell = []
            self.value = attrs.get("data-value")

    def handle_endtag(self, tag):
        if tag == "table":
            self.current = None
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(self.value if self.value is not None else "".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.current.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_csv_downloads_match_the_tables_on_the_page(client, member, figures_world, language):
    client.force_login(member)
    page = client.get("/dashboard/?cohort=quarter", HTTP_ACCEPT_LANGUAGE=language)
    parser = TableParser()
    parser.feed(page.content.decode())
    assert set(parser.tables) == {"funnel", "cohorts", "overdue", "ageing", "evaluations", "indicators"}
    for key, html_rows in parser.tables.items():
        query = "?cohort=quarter" if key == "cohorts" else ""
        response = client.get(f"/dashboard/{key}.csv{query}", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        csv_rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert csv_rows == html_rows, key
        assert len(csv_rows) > 1, key


# --- query budget -------------------------------------------------------------------------


def add_recommendations(numbers, topic):
    """Issued recommendations with a task each and an evaluation each, of varied ages."""
    staff = StaffFactory(username="volume-staff")
    departments = [DepartmentFactory(code=f"volume-{n}") for n in range(3)]
    now = timezone.now()
    for number in numbers:
        rec = services.recommendation_create(
            actor=staff,
            topic=topic,
            code=f"Q-{number:03d}",
            number=number,
            title=f"意见{number}",
            body="内容",
            is_published=True,
        )
        issued_at = now - datetime.timedelta(days=number * 17)
        issued_on = timezone.localdate(issued_at)
        services.recommendation_issue(
            actor=staff,
            recommendation=rec,
            response_due=issued_on + datetime.timedelta(days=60),
            occurred_at=issued_at,
        )
        services.task_create(
            actor=staff,
            recommendation=rec,
            number=1,
            title="任务",
            lead_department=departments[number % 3],
            assigned_on=issued_on,
            due_date=issued_on + datetime.timedelta(days=20),
            occurred_at=issued_at,
        )
        services.record_save(
            actor=staff,
            instance=Evaluation(
                topic=topic,
                recommendation=rec,
                method="in_session",
                voters_entitled=10,
                satisfied=number % 7,
                unsatisfied=1,
            ),
        )


def dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dashboard/")
    assert response.status_code == 200
    return len(queries), response


def test_dashboard_query_count_is_the_same_for_10_and_50_recommendations(client, member):
    client.force_login(member)
    topic = TopicFactory()
    add_recommendations(range(1, 11), topic)
    caches["shared"].clear()  # measure the figures computed, not read from the cache
    with_10, response = dashboard_queries(client)
    assert len(tables_of(response)["evaluations"].rows) == 1  # one row per year
    assert tables_of(response)["evaluations"].rows[0][1] == 10
    add_recommendations(range(11, 51), topic)
    caches["shared"].clear()
    with_50, response = dashboard_queries(client)
    assert tables_of(response)["evaluations"].rows[0][1] == 50
    assert with_10 == with_50
    # Session and user; the cache version, missing after the clear, so written (5 queries: cull
    # count, lookup, insert and pghistory's context); the header's unread count; the rendered
    # figures, missing; the version again and the cached figures, missing; the headline (one
    # query), one query per table (six), the filters' choices (years, offices: departments
    # are typed by name with suggestions, not listed), whether there are congresses below;
    # the figures written (5); the rendered figures written (5); the member's votes awaiting.
    assert with_50 == 2 + 1 + 5 + 1 + 1 + 2 + 1 + 6 + 2 + 1 + 5 + 5 + 1


def test_a_long_table_shows_its_first_rows_and_the_csv_has_them_all(client, member, monkeypatch):
    from dashboard import tables

    def two_departments(request, filters):
        return tables.Table(
            key="overdue",
            title="Overdue",
            description="",
            columns=["Lead department", "Overdue"],
            rows=[["市公安局", 5], ["市教育局", 3]],
            page_limit=1,
        )

    monkeypatch.setitem(tables.BUILDERS, "overdue", two_departments)
    client.force_login(member)
    page = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = page.split('id="figure-overdue"')[1].split("</section>")[0]
    assert "市公安局" in section and "市教育局" not in section
    assert "The first 1 of 2 rows; the CSV download has them all." in section
    csv_text = client.get("/dashboard/overdue.csv").content.decode("utf-8-sig")
    assert "市公安局" in csv_text and "市教育局" in csv_text
