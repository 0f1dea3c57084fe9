"""Dates are the site's (Asia/Shanghai), never UTC's; figures read as an office writes them.

Every event of the world below happens at 01:00 in Shanghai, which is 17:00 the day before in
UTC: a page that formats the UTC date shows the day before. No event falls on the day before
another, so the day before any event must appear nowhere."""

import datetime
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.choices import IndicatorDirection
from tests.factories import DepartmentFactory, LiaisonFactory, MemberFactory, StaffFactory, TopicFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ISSUED, ASSIGNED, SUBMITTED, ACCEPTED, PENDING = (
    datetime.date(2024, 3, 5),
    datetime.date(2024, 3, 7),
    datetime.date(2024, 3, 11),
    datetime.date(2024, 3, 13),
    datetime.date(2024, 3, 15),
)
EVENT_DAYS = (ISSUED, ASSIGNED, SUBMITTED, ACCEPTED, PENDING)


def at_one_am(day):
    return datetime.datetime.combine(day, datetime.time(1, 0), tzinfo=SHANGHAI)


def renderings(day):
    """The ways a page may write `day`: ISO, Chinese, English (Django's formats), slashes."""
    return {
        day.isoformat(),
        f"{day.year}年{day.month}月{day.day}日",
        f"{day:%B} {day.day}, {day.year}",
        f"{day:%b}. {day.day}, {day.year}",
        f"{day:%Y/%m/%d}",
    }


def assert_local_dates(text, *expected_days):
    for day in EVENT_DAYS:
        day_before = day - datetime.timedelta(days=1)
        wrong = [form for form in renderings(day_before) if form in text]
        assert not wrong, f"{day} shown as the UTC date {wrong}"
    for day in expected_days:
        assert renderings(day) & {form for form in renderings(day) if form in text}, day


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert settings.TIME_ZONE == "Asia/Shanghai"
    staff = StaffFactory()
    police = DepartmentFactory(code="police", name="市公安局")
    bank = DepartmentFactory(code="pboc-putian", name="人行莆田支行")
    topic = TopicFactory(code="2024-TZ", year=2024, title="时区测试议题")
    recommendation = services.recommendation_create(
        actor=staff,
        topic=topic,
        code="2024-TZ-01",
        number=1,
        title="凌晨发生的事",
        body="正文",
        is_published=True,
    )
    services.recommendation_issue(
        actor=staff,
        recommendation=recommendation,
        response_due=datetime.date(2024, 6, 28),
        occurred_at=at_one_am(ISSUED),
    )
    task = services.task_create(
        actor=staff,
        recommendation=recommendation,
        number=1,
        title="任务",
        lead_department=police,
        co_departments=[bank],
        assigned_on=ASSIGNED,
        due_date=datetime.date(2024, 5, 31),
        occurred_at=at_one_am(ASSIGNED),
    )
    losses = services.indicator_create(
        actor=staff,
        topic=topic,
        name="劝阻挽损金额",
        unit="元",
        direction=IndicatorDirection.HIGHER_IS_BETTER,
    )
    accepted = services.report_create(
        actor=staff,
        task=task,
        department=police,
        narrative="牵头单位的最终报告",
        is_final=True,
        measurements=[{"indicator": losses, "value": Decimal("100000000"), "is_lower_bound": True}],
    )
    services.report_submit(actor=staff, report=accepted, occurred_at=at_one_am(SUBMITTED))
    services.report_accept(actor=staff, report=accepted, occurred_at=at_one_am(ACCEPTED))
    pending = services.report_create(actor=staff, task=task, department=bank, narrative="配合单位的报告")
    services.report_submit(actor=staff, report=pending, occurred_at=at_one_am(PENDING))
    recommendation.refresh_from_db()
    return {
        "staff": staff,
        "member": MemberFactory(),
        "police": LiaisonFactory(department=police),
        "recommendation": recommendation,
        "task": task,
        "accepted": accepted,
        "pending": pending,
    }


def get(client, url, user=None, language="zh-hans"):
    if user is not None:
        client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_event_at_one_in_the_morning_shows_its_shanghai_date_in_every_page(client, world, language):
    code, task = world["recommendation"].code, world["task"]
    pages = [
        (None, reverse("public_recommendation_detail", args=[code]), (ISSUED, ACCEPTED)),
        (None, reverse("public_recommendation_list"), ()),
        (world["police"], reverse("portal:home"), ()),
        (world["police"], reverse("portal:task", args=[task.pk]), (ISSUED, ACCEPTED)),
        (world["police"], reverse("portal:report", args=[world["accepted"].pk]), (SUBMITTED,)),
        (world["staff"], reverse("review:home"), (PENDING,)),
        (world["staff"], reverse("review:report", args=[world["pending"].pk]), (PENDING,)),
        (world["staff"], reverse("evaluations:recommendation", args=[code]), (ACCEPTED,)),
        (world["member"], reverse("dashboard:index"), ()),
    ]
    for user, url, days in pages:
        client.logout()
        assert_local_dates(get(client, url, user, language), *days)


def test_api_open_data_and_exports_give_shanghai_dates(client, world):
    detail = json.loads(
        get(client, reverse("api-recommendation-detail", args=[world["recommendation"].code]))
    )
    assert detail["issued_at"].startswith(ISSUED.isoformat())
    for slug in ("recommendations", "reports"):
        assert_local_dates(get(client, reverse("open-data-download", args=[slug, "csv"])))
    reports = get(client, reverse("open-data-download", args=["reports", "csv"]))
    assert ACCEPTED.isoformat() in reports


def test_the_closure_form_lists_a_report_under_its_acceptance_date(client, world):
    html = get(
        client, reverse("evaluations:recommendation", args=[world["recommendation"].code]), world["staff"]
    )
    assert f"{world['task'].code} · 市公安局 · {ACCEPTED.isoformat()}" in html


@pytest.mark.parametrize(
    ("language", "shown"), [("zh-hans", "1亿+"), ("en", "100,000,000+")], ids=["zh-hans", "en"]
)
def test_a_lower_bound_figure_reads_as_an_office_writes_it(client, world, language, shown):
    for user, url in (
        (None, reverse("public_recommendation_detail", args=[world["recommendation"].code])),
        (world["police"], reverse("portal:report", args=[world["accepted"].pk])),
    ):
        client.logout()
        html = get(client, url, user, language)
        assert shown in html
        assert "100000000" not in html


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (100000000, "1亿", "100,000,000"),
        (Decimal("40000"), "4万", "40,000"),
        (Decimal("5000.0000"), "5,000", "5,000"),
        (6164, "6,164", "6,164"),
        (Decimal("123456"), "123,456", "123,456"),
        (Decimal("-29.80"), "-29.8", "-29.8"),
        (Decimal("250000000"), "2.5亿", "250,000,000"),
    ],
)
def test_figures_take_separators_and_chinese_units_only_where_exact(value, zh, en):
    from recommendations.templatetags.figures import format_figure

    assert format_figure(value, language="zh-hans") == zh
    assert format_figure(value, language="en") == en


def test_date_inputs_are_filled_in_iso_form_in_every_language():
    from django.utils import translation

    from evaluations.forms import ReopenForm
    from recommendations.admin import TransitionForm

    for language in ("zh-hans", "en"):
        with translation.override(language):
            issue = str(TransitionForm(initial={"response_due": datetime.date(2027, 3, 2)})["response_due"])
            reopen = str(
                ReopenForm(topic=None, initial={"response_due": datetime.date(2027, 3, 2)})["response_due"]
            )
        assert 'type="date"' in issue and 'value="2027-03-02"' in issue
        assert 'value="2027-03-02"' in reopen
