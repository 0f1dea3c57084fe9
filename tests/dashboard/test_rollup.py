"""The roll-up an upper congress reads of the congresses below it (/dashboard/below/): each
child's row is that child's own published figures, the totals are their sums, nothing
unpublished counts, and the page costs as many queries for five children as for two.

One data set for the module, entered through the services with past dates: the city 泉州 has
five counties below it, the city 厦门 two; every county has the same kinds of record in
different numbers, and one of each kind that must not count."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congresses.models import Congress, in_congress
from dashboard import selectors
from evaluations import services as evaluation_services
from evaluations.models import Evaluation
from public.selectors import (
    headline_figures,
    published_evaluations,
    published_recommendations,
    published_tasks,
)
from recommendations import services
from recommendations.choices import EvaluationResult, Verdict
from tests.factories import DepartmentFactory, LiaisonFactory, MemberFactory, StaffFactory, TopicFactory

pytestmark = pytest.mark.django_db

UNPUBLISHED = "未公开的审议意见-ROLLUP"
DRAFT = "草稿审议意见-ROLLUP"
HIDDEN_TOPIC = "未公开议题-ROLLUP"
SUBMITTED = "尚未审核的办理情况-ROLLUP"


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def congress(code, name, level, parent=None):
    return Congress.objects.create(
        code=code, name=f"{name}人民代表大会常务委员会", short_name=f"{name}人大常委会",
        government_name=f"{name}人民政府", level=level, parent=parent, voting_members=25,
    )  # fmt: skip


def county_records(county, size):
    """`size` (1 to 5) sets how many of each thing the county has, so no two counties agree."""
    staff = StaffFactory(username=f"staff-{county.code}", congress=county)
    police = DepartmentFactory(code="police", name=f"{county.short_name}公安局", congress=county)
    schools = DepartmentFactory(code="education", name=f"{county.short_name}教育局", congress=county)
    liaison = LiaisonFactory(username=f"liaison-{county.code}", department=police)
    topic = TopicFactory(
        code="2022-fraud", year=2022, title="打击治理电信网络新型违法犯罪工作", congress=county
    )
    hidden = TopicFactory(
        code="2022-hidden", year=2022, title=HIDDEN_TOPIC, is_published=False, congress=county
    )
    number = 0

    def recommendation(year, *, topic=topic, published=True, title="强化技术反制", issue=True):
        nonlocal number
        number += 1
        rec = services.recommendation_create(
            actor=staff, topic=topic, code=f"REC-{number:02d}", number=number, title=title,
            body="提升预警拦截能力。", is_published=published,
        )  # fmt: skip
        if issue:
            rec = services.recommendation_issue(
                actor=staff,
                recommendation=rec,
                response_due=datetime.date(year, 9, 30),
                occurred_at=at(year, 5, 10),
            )
        return rec

    def task(rec, department, due):
        """Assigned ten days after the recommendation was issued."""
        assigned = timezone.localdate(rec.issued_at) + datetime.timedelta(days=10)
        return services.task_create(
            actor=staff, recommendation=rec, number=1, title="建设反诈预警平台", lead_department=department,
            assigned_on=assigned, due_date=due, occurred_at=at(assigned.year, assigned.month, assigned.day),
        )  # fmt: skip

    # Closed as implemented after an accepted final report: `size` of them, issued in 2022.
    for _ in range(size):
        rec = recommendation(2022)
        done = task(rec, schools, datetime.date(2022, 8, 31))
        report = services.report_create(
            actor=staff, task=done, department=schools, narrative="已完成。", is_final=True
        )
        services.report_submit(actor=staff, report=report, occurred_at=at(2022, 8, 20))
        services.report_accept(actor=staff, report=report, occurred_at=at(2022, 8, 25))
        evaluation_services.recommendation_close(
            actor=staff, recommendation=rec, verdict=Verdict.IMPLEMENTED, note="已落实。", reports=[report],
            occurred_at=at(2022, 10, 1),
        )  # fmt: skip
    # Open, issued in 2023, each with an overdue task of the police: `size + 1` of them.
    for _ in range(size + 1):
        rec = recommendation(2023)
        late = task(rec, police, datetime.date(2023, 6, 30))
    # Its report was submitted but never accepted: nothing of it counts.
    report = services.report_create(actor=liaison, task=late, department=police, narrative=SUBMITTED)
    services.report_submit(actor=liaison, report=report, occurred_at=at(2023, 6, 1))

    # Satisfaction votes held in 2022: `size` in session, satisfied; one void in 2023.
    closed = published_recommendations().filter(congress=county, status="closed").first()
    for index in range(size):
        services.record_save(
            actor=staff,
            instance=Evaluation(
                topic=topic, recommendation=closed if index == 0 else None, method="in_session",
                voters_entitled=25, satisfied=10 + index, basically_satisfied=5, unsatisfied=size,
                abstained=1, result=EvaluationResult.SATISFIED, held_on=datetime.date(2022, 10, 20),
            ),
        )  # fmt: skip
    services.record_save(
        actor=staff,
        instance=Evaluation(
            topic=topic, method="in_session", voters_entitled=25, satisfied=3, basically_satisfied=0,
            unsatisfied=1, abstained=0, result=EvaluationResult.NO_QUORUM, held_on=datetime.date(2023, 3, 1),
        ),
    )  # fmt: skip

    # What must never count: a draft, an unpublished recommendation and one of an unpublished
    # topic, the last two with overdue tasks, and a vote on the unpublished topic.
    recommendation(2023, title=DRAFT, issue=False)
    for rec in (
        recommendation(2022, published=False, title=UNPUBLISHED),
        recommendation(2022, topic=hidden, title=f"{HIDDEN_TOPIC}的意见"),
    ):
        task(rec, police, datetime.date(2022, 12, 31))
    services.record_save(
        actor=staff,
        instance=Evaluation(
            topic=hidden, method="in_session", voters_entitled=25, satisfied=0, basically_satisfied=0,
            unsatisfied=20, abstained=0, result=EvaluationResult.UNSATISFIED,
            held_on=datetime.date(2022, 11, 1),
        ),
    )  # fmt: skip


@pytest.fixture(scope="module")
def cities(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        province = congress("fujian-r", "福建省", Congress.Level.PROVINCE)
        quanzhou = congress("quanzhou-r", "泉州市", Congress.Level.CITY, province)
        xiamen = congress("xiamen-r", "厦门市", Congress.Level.CITY, province)
        counties = {
            quanzhou: [
                congress(f"qz-{i}", name, Congress.Level.COUNTY, quanzhou)
                for i, name in enumerate(["晋江", "石狮", "南安", "惠安", "安溪"], start=1)
            ],
            xiamen: [
                congress(f"xm-{i}", name, Congress.Level.COUNTY, xiamen)
                for i, name in enumerate(["思明", "湖里"], 1)
            ],
        }
        for below in counties.values():
            for size, county in enumerate(below, start=1):
                with in_congress(county):
                    county_records(county, size)
        readers = {
            city.code: {
                "staff": StaffFactory(username=f"staff-{city.code}", congress=city),
                "member": MemberFactory(username=f"member-{city.code}", congress=city),
            }
            for city in counties
        }
        yield {
            "province": province,
            "counties": counties,
            "readers": readers,
            **{c.code: c for c in counties},
        }
        transaction.set_rollback(True)


def own_figures(county, today):
    """What the county itself publishes: its public headline and the dashboard's computations
    over its published records, read in its own scope."""
    with in_congress(county):
        public = headline_figures()
        cohorts = {
            int(selectors.cohort_label(row["cohort"], "year")): (row["issued"], row["closed"])
            for row in selectors.closure_by_cohort("year", published_recommendations())
        }
        tasks = {
            row["lead_department__code"]: (row["assigned"], row["open"], row["overdue"])
            for row in selectors.overdue_tasks_by_department(today, published_tasks())
        }
        votes = {
            row["year"]: (
                row["evaluations"],
                row["result_satisfied"],
                row["result_no_quorum"],
                row["approving"],
            )
            for row in selectors.evaluation_results(published_evaluations())
        }
    return public, cohorts, tasks, votes


def read_rollup(client, user):
    client.force_login(user)
    response = client.get(reverse("dashboard:below"))
    assert response.status_code == 200
    return response


def test_each_row_is_the_childs_own_published_figures_and_the_total_their_sum(client, cities):
    today = timezone.localdate()
    below = cities["counties"][cities["quanzhou-r"]]
    response = read_rollup(client, cities["readers"]["quanzhou-r"]["staff"])
    rollup = response.context["rollup"]

    assert [c for c, _ in rollup.congresses] == sorted(below, key=lambda c: c.name)
    sums = dict.fromkeys(
        ("issued", "open", "closed", "overdue", "tasks_open", "tasks_overdue", "evaluations"), 0
    )
    for size, county in enumerate(below, start=1):
        figures = dict(rollup.congresses)[county]
        public, cohorts, tasks, votes = own_figures(county, today)
        # What was entered: `size` closed in 2022, `size + 1` open and overdue in 2023.
        assert (figures.issued, figures.closed, figures.open) == (2 * size + 1, size, size + 1)
        assert (figures.issued, figures.closed, figures.open) == (
            public["total"],
            public["closed"],
            public["open"],
        )
        assert figures.overdue == public["overdue"] == size + 1
        assert float(figures.closure_rate) == pytest.approx(public["closure_rate"], abs=0.05)
        assert (figures.tasks_open, figures.tasks_overdue) == (size + 1, size + 1)
        assert tasks == {"police": (size + 1, size + 1, size + 1), "education": (size, 0, 0)}
        assert figures.evaluations == size + 1 == sum(v[0] for v in votes.values())
        assert figures.evaluation_results["satisfied"] == size
        assert figures.evaluation_results["no_quorum"] == 1
        assert figures.evaluation_results["unsatisfied"] == 0
        for row in rollup.cohorts:
            one = dict(row.per_congress)[county]
            assert (one.issued, one.closed) == cohorts[row.year]
        for row in rollup.evaluation_years:
            one = dict(row.per_congress)[county]
            assert (one.evaluations, one.evaluation_results["satisfied"], one.approving) == (
                votes[row.year][0], votes[row.year][1], votes[row.year][3],
            )  # fmt: skip
        for name in sums:
            sums[name] += getattr(figures, name)

    total = rollup.total
    assert {name: getattr(total, name) for name in sums} == sums
    assert sums["issued"] == sum(2 * size + 1 for size in range(1, 6))
    assert total.closure_rate == Decimal("42.9")  # 15 closed of 35 issued
    for row in rollup.cohorts:
        assert row.total.issued == sum(f.issued for _, f in row.per_congress)
        assert row.total.closed == sum(f.closed for _, f in row.per_congress)
    assert [(row.year, row.total.issued, row.total.closed) for row in rollup.cohorts] == [
        (2022, 15, 15),
        (2023, 20, 0),
    ]
    for row in rollup.evaluation_years:
        assert row.total.evaluations == sum(f.evaluations for _, f in row.per_congress)
    # Departments of the same code in two counties are two rows, each under its congress.
    police = [
        (c, row["overdue"]) for c, row in rollup.departments if row["lead_department__code"] == "police"
    ]
    assert sorted(police, key=lambda p: p[0].pk) == [(c, size + 1) for size, c in enumerate(below, start=1)]
    assert rollup.departments[0][1]["overdue"] == 6  # most overdue first


def test_the_page_shows_published_figures_with_links_to_each_childs_public_site(client, cities):
    below = cities["counties"][cities["quanzhou-r"]]
    html = read_rollup(client, cities["readers"]["quanzhou-r"]["member"]).content.decode()
    for county in below:
        assert f'href="/c/{county.code}/"' in html
        assert f'href="/c/{county.code}/recommendations/"' in html
        assert f'href="/c/{county.code}/departments/police/"' in html
    for secret in (UNPUBLISHED, DRAFT, HIDDEN_TOPIC, SUBMITTED):
        assert secret not in html
    # The sibling city's counties are not below 泉州.
    for county in cities["counties"][cities["xiamen-r"]]:
        assert county.code not in html and county.name not in html


def test_the_province_reads_its_cities_and_their_counties(client, cities):
    staff = StaffFactory(username="staff-fujian", congress=cities["province"])
    rollup = read_rollup(client, staff).context["rollup"]
    codes = [c.code for c, _ in rollup.congresses]
    # The cities first, then the counties.
    assert set(codes[:2]) == {"quanzhou-r", "xiamen-r"} and len(codes) == 2 + 5 + 2
    assert rollup.total.issued == sum(2 * size + 1 for size in range(1, 6)) + 3 + 5


def queries(client, user):
    client.force_login(user)
    url = reverse("dashboard:below")
    client.get(url)  # the session and the congress's cache entries, as on a site already running
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_for_five_children_as_for_two(client, cities):
    five = queries(client, cities["readers"]["quanzhou-r"]["staff"])
    two = queries(client, cities["readers"]["xiamen-r"]["staff"])
    assert five == two
    # Session and user, the congresses below (two levels), then one query per figure.
    assert five <= 9


def test_only_staff_and_members_of_a_congress_with_congresses_below_read_it(client, cities):
    url = reverse("dashboard:below")
    assert client.get(url).status_code == 302
    county = cities["counties"][cities["quanzhou-r"]][0]
    city_police = DepartmentFactory(code="city-police", congress=cities["quanzhou-r"])
    client.force_login(LiaisonFactory(username="liaison-quanzhou", department=city_police))
    assert client.get(url).status_code == 403
    client.force_login(StaffFactory(username="county-staff", congress=county))
    assert client.get(url).status_code == 404
    # The dashboard and the office home link to it only where there are congresses below.
    link = f'href="{url}"'
    assert link not in client.get(reverse("dashboard:index")).content.decode()
    assert link not in client.get(reverse("office:home")).content.decode()
    client.force_login(cities["readers"]["quanzhou-r"]["staff"])
    assert link in client.get(reverse("dashboard:index")).content.decode()
    assert link in client.get(reverse("office:home")).content.decode()
