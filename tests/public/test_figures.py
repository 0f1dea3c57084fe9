import datetime
from decimal import Decimal

import pytest

from public import charts, selectors
from recommendations import services
from recommendations.choices import IndicatorDirection
from recommendations.models import Department, Recommendation

pytestmark = pytest.mark.django_db


def test_headline_figures_count_only_published_records(world):
    figures = selectors.headline_figures()
    closed = Recommendation.objects.get(code="2022-FRAUD-01")
    assert (figures["open"], figures["closed"], figures["overdue"], figures["total"]) == (1, 1, 1, 2)
    assert figures["closure_rate"] == 50.0
    assert figures["median_days_to_close"] == pytest.approx((closed.closed_at - closed.issued_at).days)


def test_home_page_shows_the_figures_and_recent_activity(client, world):
    response = client.get("/")
    html = response.content.decode()
    assert '<dd data-figure="closure-rate">50.0%</dd>' in html
    activity = list(response.context["activity"])
    assert activity[0].recommendation.code == "2022-FRAUD-01" and activity[0].to_status == "closed"


def test_home_lists_only_the_most_recent_topics_with_links_to_their_years(client, world):
    from public.views import HOME_TOPICS
    from tests.factories import TopicFactory

    older = [TopicFactory(code=f"2015-old-{n:02d}", year=2015) for n in range(HOME_TOPICS)]
    TopicFactory(code="2023-hidden", year=2023, is_published=False)
    response = client.get("/")
    shown = [(t.code, t.recommendation_count) for t in response.context["topics"]]
    # 2022-fraud first (newest year) with its two published recommendations, then the newest
    # codes of 2015; the oldest code of 2015 and the unpublished topic are left out.
    assert shown == [("2022-fraud", 2)] + [(t.code, 0) for t in reversed(older[1:])]
    html = response.content.decode()
    assert "/recommendations/?year=2022" in html and "/recommendations/?year=2015" in html
    assert older[0].code not in html and "2023-hidden" not in html


def test_department_scorecard_counts_lead_tasks_on_time_and_overdue(world):
    police, _ = selectors.department_scorecard(Department.objects.get(code="police"))
    assert (police["assigned"], police["done_on_time"], police["overdue"], police["co_assigned"]) == (
        1,
        1,
        0,
        0,
    )
    task = world.closed.tasks.get()
    assert police["median_days_to_close"] == pytest.approx((task.verified_at.date() - task.assigned_on).days)
    education, tasks = selectors.department_scorecard(Department.objects.get(code="education"))
    assert (education["assigned"], education["done_on_time"], education["overdue"]) == (1, 0, 1)
    assert education["co_assigned"] == 1
    # Latest due date first: FRAUD-02's task is due 2022-08-31, FRAUD-01's 2022-07-31.
    assert [(t.recommendation.code, t.is_lead) for t in tasks] == [
        ("2022-FRAUD-02", True),
        ("2022-FRAUD-01", False),
    ]


def test_indicator_chart_reads_three_down_two_up_as_five_good_arrows(world):
    """The seed's 三降两升: three lower-is-better indicators fell, two higher-is-better rose."""
    staff, topic = world.staff, world.topic
    task = world.overdue.tasks.get()
    figures = [("发案数", "lower", "-12.5"), ("损失金额", "lower", "-30"), ("涉案人数", "lower", "-8")]
    figures += [("抓获人数", "higher", "15"), ("挽损金额", "higher", "20")]
    measurements = []
    for name, direction, change in figures:
        indicator = services.indicator_create(actor=staff, topic=topic, name=name, direction=direction)
        measurements.append({"indicator": indicator, "change_percent": Decimal(change)})
    report = services.report_create(
        actor=staff,
        task=task,
        department=task.lead_department,
        narrative="三降两升",
        measurements=measurements,
    )
    services.report_submit(actor=staff, report=report)
    services.report_accept(actor=staff, report=report)

    chart = charts.indicator_chart(list(selectors.indicator_series(topic)))
    by_name = {
        label.rsplit(" ", 1)[0]: (label[-1], good)
        for label, good in zip(chart["labels"], chart["good"], strict=True)
    }
    assert {name: by_name[name] for name, _, _ in figures} == {
        "发案数": ("▼", True),
        "损失金额": ("▼", True),
        "涉案人数": ("▼", True),
        "抓获人数": ("▲", True),
        "挽损金额": ("▲", True),
    }


def test_indicator_chart_marks_a_change_in_the_wrong_direction(world):
    indicator = services.indicator_create(
        actor=world.staff, topic=world.topic, name="电诈警情", direction=IndicatorDirection.LOWER_IS_BETTER
    )
    services.measurement_add(
        actor=world.staff,
        report=None,
        indicator=indicator,
        value=Decimal("120"),
        baseline=Decimal("100"),
        period_end=datetime.date(2022, 12, 31),
    )
    chart = charts.indicator_chart(list(selectors.indicator_series(world.topic)))
    index = chart["labels"].index("电诈警情 ▲")
    assert (chart["reported"][index], chart["good"][index]) == (120.0, False)


def test_department_tasks_are_paginated(client, world, monkeypatch):
    monkeypatch.setattr("public.views.PAGE_SIZE", 1)
    first = client.get("/departments/education/")
    second = client.get("/departments/education/", {"page": 2})
    assert [t.recommendation.code for t in first.context["tasks"]] == ["2022-FRAUD-02"]
    assert [t.recommendation.code for t in second.context["tasks"]] == ["2022-FRAUD-01"]
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' in second.content.decode()
