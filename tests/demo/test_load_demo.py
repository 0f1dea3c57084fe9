"""The demo data set: the seed article's case, loaded through the services by `load_demo`."""

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from pghistory.models import Event, Events

from accounts.models import User
from congresses.models import current_congress
from documents.models import Source
from documents.services import generate_referral_letter
from recommendations.choices import GovernmentResponse, IndicatorDirection, ReportStatus
from recommendations.choices import RecommendationStatus as RS
from recommendations.models import (
    Department,
    Finding,
    Measurement,
    OversightTopic,
    ProgressReport,
    Recommendation,
    Remark,
    StatusEvent,
    Task,
)

pytestmark = pytest.mark.django_db

DATA_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "seed_case.json"
DATA = json.loads(DATA_FILE.read_text(encoding="utf-8"))
ARTICLE_DATE = datetime.date.fromisoformat(DATA["source"]["published_on"])


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


def row_counts():
    """Rows of every table of every model, history and pghistory contexts included (models whose
    migration is not written yet have no table and are skipped)."""
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.db_table in tables
    }


def measurement(indicator_name):
    return Measurement.objects.select_related("report__department").get(indicator__name=indicator_name)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module (it takes seconds) and rolled back at its end; each
    test runs in a savepoint inside."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


def test_load_demo_creates_the_demo_accounts_with_their_roles(demo):
    staff = User.objects.get(username="staff")
    assert staff.is_staff and staff.is_committee_staff and staff.check_password("demo")
    assert User.objects.get(username="member").is_committee_member
    police = User.objects.get(username="police")
    bank = User.objects.get(username="bank")
    assert police.is_department_liaison and police.department.code == "police"
    assert bank.is_department_liaison and bank.department.code == "pboc-putian"
    assert police.department.name == "市公安局"
    assert bank.department.name == "人行莆田支行"
    assert all(
        User.objects.get(username=name).check_password("demo") for name in ("member", "police", "bank")
    )


def test_the_demos_papers_are_numbered_with_the_office_code_of_its_data(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    prefix = DATA["congress"]["document_prefix"]
    assert current_congress().document_prefix == prefix
    topic = OversightTopic.objects.get(code=DATA["topic"]["code"])
    issued = datetime.datetime.fromisoformat(DATA["recommendations"][0]["issued_at"])
    letters = generate_referral_letter(actor=User.objects.get(username="staff"), topic=topic)
    assert {letter.number for letter in letters} == {f"{prefix}〔{issued.year}〕1号"}


def test_load_demo_is_idempotent(demo, capsys):
    before = row_counts()
    statuses = dict(Recommendation.objects.values_list("code", "status"))
    call_command("load_demo")

    assert row_counts() == before
    assert dict(Recommendation.objects.values_list("code", "status")) == statuses
    assert "0 created" in capsys.readouterr().out


def test_load_demo_holds_the_four_recommendations_reported_as_the_article_says(demo):
    """The article (October 2022) leaves all four reported; the invented follow-up after it is
    checked in test_demo_roles."""
    recommendations = Recommendation.objects.order_by("number")
    assert [(r.code, r.title) for r in recommendations] == [
        ("2022-FRAUD-01", "强化技术反制,全面提升打击能力"),
        ("2022-FRAUD-02", "强化部门协同,持续推进联动共治"),
        ("2022-FRAUD-03", "强化纵深打击,坚决斩断犯罪链条"),
        ("2022-FRAUD-04", "强化基层基础,切实提高治理水平"),
    ]
    for recommendation in recommendations:
        assert recommendation.government_response == GovernmentResponse.ACCEPTED
        assert recommendation.issued_at.year == 2022
        # About three months to answer.
        days = (recommendation.response_due_original - recommendation.issued_at.date()).days
        assert 80 <= days <= 100
        until_article = recommendation.events.filter(occurred_at__date__lte=ARTICLE_DATE)
        assert [e.to_status for e in until_article.filter(subject="recommendation")] == [
            RS.ISSUED,
            RS.IN_PROGRESS,
            RS.REPORTED,
        ]
        assert until_article.filter(occurred_at__year=2022).count() == until_article.count()
        tasks = recommendation.tasks.filter(assigned_on__lte=ARTICLE_DATE)
        assert len(tasks) >= 2
        assert all(t.lead_department.code == "police" for t in tasks)
        assert all(
            event.occurred_at.year == 2022
            for event in StatusEvent.objects.filter(report__task__in=tasks, to_status=ReportStatus.ACCEPTED)
        )
    assert [r.status for r in recommendations[2:]] == [RS.REPORTED, RS.REPORTED]


def test_recommendations_trace_to_their_findings_and_remarks(demo):
    def sources(code):
        recommendation = Recommendation.objects.get(code=code)
        categories = set(recommendation.findings.values_list("category", flat=True))
        speakers = set(recommendation.remarks.values_list("speaker_name", flat=True))
        return categories, speakers

    assert sources("2022-FRAUD-01") == ({"技术滞后"}, {"黄景亮"})
    assert sources("2022-FRAUD-02") == ({"宣传盲区"}, {"黄景亮", "吴秀珠"})
    assert sources("2022-FRAUD-03")[1] == {"施晓阳"}
    assert "灰黑产业链" in sources("2022-FRAUD-03")[0]
    assert sources("2022-FRAUD-04") == ({"属地管理", "宣传盲区"}, {"吴秀珠"})
    assert set(Finding.objects.values_list("category", flat=True)) == {
        "技术滞后",
        "灰黑产业链",
        "属地管理",
        "宣传盲区",
    }
    assert all(
        f.code.startswith("2022-FRAUD-P") and f.recommendations.exists() for f in Finding.objects.all()
    )


def test_the_three_remarks_are_quoted_in_full(demo):
    remarks = {r.speaker_name: r.content for r in Remark.objects.select_related("meeting")}
    assert set(remarks) == {"黄景亮", "施晓阳", "吴秀珠"}
    assert remarks["施晓阳"].startswith("要深入推进“断卡”行动")
    assert remarks["吴秀珠"].endswith("提高广大群众识骗防骗的认知和能力。")
    assert Remark.objects.first().meeting.title == "市八届人大常委会第二次会议"


def test_the_inspection_lists_the_visited_departments_and_sixteen_opinions(demo):
    inspection = Finding.objects.get(code="2022-FRAUD-P1").inspection
    assert inspection.started_on.year == 2022 and inspection.started_on.month == 3
    visited = set(inspection.departments_visited.values_list("name", flat=True))
    assert {"市公安局", "市教育局", "人行莆田支行", "市通管办", "建行莆田分行", "交行莆田分行"} <= visited
    assert len(visited) == 9  # six named, plus the three operators
    assert set(inspection.departments_consulted.values_list("name", flat=True)) == {
        "市委政法委",
        "市委网信办",
    }
    assert "16个" in inspection.summary
    assert "反诈工作格局基本形成" in inspection.summary
    assert Department.objects.get(code="npc-jiansi").kind == "committee_office"


@pytest.mark.parametrize(
    ("name", "change", "direction"),
    [
        ("警情数", "-29.8", IndicatorDirection.LOWER_IS_BETTER),
        ("立案数", "-26.1", IndicatorDirection.LOWER_IS_BETTER),
        ("财损数", "-11.1", IndicatorDirection.LOWER_IS_BETTER),
        ("破案率", "2.9", IndicatorDirection.HIGHER_IS_BETTER),
        ("抓获数", "34.6", IndicatorDirection.HIGHER_IS_BETTER),
    ],
)
def test_three_down_two_up_changes_have_the_articles_signs(demo, name, change, direction):
    found = measurement(name)
    assert found.change_percent == Decimal(change)
    assert found.value is None
    assert found.indicator.direction == direction
    # Every one of the five is an improvement: that is what "三降两升" says.
    assert found.is_improvement is True
    assert "同比" in found.period_label
    assert found.report.department.code == "police"


@pytest.mark.parametrize(
    ("name", "value", "lower_bound", "note_part"),
    [
        ("预警人次", "6164", False, ""),
        ("劝阻挽损金额", "100000000", True, "上亿元"),
        ("反诈志愿者", "40000", True, "4万余名"),
        ("反诈微信群", "5000", True, "5000余个"),
        ("打掉偷私渡团伙", "80", False, ""),
        ("抓获犯罪嫌疑人", "878", False, ""),
        ("“斩链条·断通道”目标对象抓获率", "100", False, "全省第1名"),
        ("“斩链”行动抓获", "100", False, "全省第2名"),
        ("“断流·清源”行动抓获", "340", False, "全省第3名"),
        ("抓获涉“两卡”违法犯罪嫌疑人", "303", False, ""),
        ("抓获运营商临时聘用人员", "2", False, ""),
        ("涉诈账号四级惩处", "10000", True, "1万多个"),
    ],
)
def test_the_articles_figures_are_measurements(demo, name, value, lower_bound, note_part):
    found = measurement(name)
    assert found.value == Decimal(value)
    assert found.is_lower_bound is lower_bound
    assert note_part in found.note
    assert found.report.status == ReportStatus.ACCEPTED


def test_co_departments_report_what_the_article_attributes_to_them(demo):
    assert measurement("涉诈账号四级惩处").report.department.code == "tongguan"
    bank_report = ProgressReport.objects.get(department__code="pboc-putian")
    assert "只收不付" in bank_report.narrative
    assert bank_report.author.username == "bank"
    assert not bank_report.is_final
    seed_reports = ProgressReport.objects.filter(submitted_at__date__lte=ARTICLE_DATE)
    seed_tasks = Task.objects.filter(assigned_on__lte=ARTICLE_DATE)
    assert seed_reports.filter(is_final=True).count() == seed_tasks.count()
    assert not seed_reports.exclude(status=ReportStatus.ACCEPTED).exists()


def test_history_written_by_load_demo_carries_the_acting_user(demo):
    staff, police, bank = (User.objects.get(username=n) for n in ("staff", "police", "bank"))
    event_models = [
        model
        for model in apps.get_models()
        if issubclass(model, Event) and model._meta.app_label in ("recommendations", "accounts")
    ]
    events = list(
        Events.objects.across(*event_models).values("pgh_obj_model", "pgh_obj_id", "pgh_label", "pgh_context")
    )
    assert events
    users = {(e["pgh_context"] or {}).get("user") for e in events}
    # The staff account's own creation is the one row without an actor: nobody existed yet.
    unattributed = [e for e in events if not (e["pgh_context"] or {}).get("user")]
    assert unattributed == [
        {
            "pgh_obj_model": "accounts.User",
            "pgh_obj_id": str(staff.pk),
            "pgh_label": "insert",
            "pgh_context": {"user": None},
        }
    ]
    assert users - {None} == {staff.pk, police.pk, bank.pk}

    # `history` is the reverse accessor of each model's event model.
    recommendation_history = list(Recommendation.history.field.model.objects.select_related("pgh_context"))
    assert len(recommendation_history) >= 4 * 3
    assert {row.pgh_context.metadata["user"] for row in recommendation_history} == {staff.pk}
    assert {
        row.pgh_context.metadata["user"]
        for row in Finding.history.field.model.objects.select_related("pgh_context")
    } == {staff.pk}
    for report in ProgressReport.objects.select_related("author"):
        insert = report.history.select_related("pgh_context").get(pgh_label="insert")
        assert insert.pgh_context.metadata["user"] == report.author.pk
    accepted = {e.actor.username for e in StatusEvent.objects.filter(to_status="accepted")}
    assert accepted == {"staff"}


def test_the_seed_case_cites_its_article_on_the_public_topic_page(demo, client):
    source = Source.objects.get(topic__code="2022-FRAUD")
    assert (source.title, source.publisher, source.published_on) == (
        "全力守好群众“钱袋子”",
        "莆田人大视点",
        datetime.date(2022, 10, 29),
    )
    page = client.get(reverse("public_topic_detail", args=["2022-FRAUD"])).content.decode()
    assert "全力守好群众“钱袋子”" in page and "莆田人大视点" in page
