"""The one search: every kind of record found by a word of it, in Chinese and in English, only
by those who may see it, and the index kept current by the database on every write path."""

import datetime

import pytest
from django.db import connection, transaction
from django.urls import reverse

from recommendations import services
from recommendations.models import (
    Department,
    Finding,
    Inspection,
    Measurement,
    ProgressReport,
    Recommendation,
    Remark,
    Task,
)
from search.models import SearchDocument
from tests.factories import LiaisonFactory, MemberFactory
from tests.published_world import SECRETS, build_world


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RATE_LIMITS_ENABLED = False
    return build_world(sources=True, evidence_optional=True)


def kinds_found(client, text, **params):
    response = client.get(reverse("search"), {"q": text, **params})
    assert response.status_code == 200
    return [hit.kind for hit in response.context["hits"]], response


# A word of each kind of record of the published world, in Chinese as the records have it.
CHINESE = [
    ("recommendation", "预警拦截"),  # the closed recommendation's body
    ("task", "预警平台"),  # its task's title
    ("finding", "滞后"),  # a finding's title: a two-character word
    ("remark", "黄景亮"),  # the speaker
    ("inspection", "诈骗治理"),
    ("report", "已建成"),  # the accepted report's narrative
    ("measurement", "破案率"),  # the indicator of a figure
    ("measurement", "2.9"),  # a figure
    ("department", "教育局"),
]


@pytest.mark.parametrize("kind, word", CHINESE)
def test_every_kind_is_found_by_a_chinese_word_on_the_page(client, world, kind, word):
    kinds, response = kinds_found(client, word)
    assert kind in kinds
    assert "<mark>" in response.content.decode()


# (kind, model, field written, English text, what the visitor types)
ENGLISH = [
    ("recommendation", Recommendation, "body", "Strengthen technical countermeasures", "countermeasures"),
    ("task", Task, "description", "Build the early-warning platform", "early-warning"),
    ("finding", Finding, "description", "Technology lags behind the criminals", "TECHNOLOGY lags"),
    ("remark", Remark, "content", "Use the joint meeting to coordinate", "joint meeting"),
    ("inspection", Inspection, "summary", "Visited the telecom operators", "operators"),
    ("report", ProgressReport, "narrative", "Alerts fell by a third", "alerts"),
    ("measurement", Measurement, "note", "Cases reported to the police", "cases"),
    ("department", Department, "short_name", "Police", "police"),
]


@pytest.mark.parametrize("kind, model, field, text, typed", ENGLISH)
def test_every_kind_is_found_by_an_english_word_through_the_api(
    client, world, kind, model, field, text, typed
):
    # A queryset update: no save(), no signal; the database's trigger re-indexes the row.
    target = {
        "recommendation": world.closed,
        "task": world.closed.tasks.first(),
        "finding": Finding.objects.get(code="F-TECH"),
        "remark": Remark.objects.first(),
        "inspection": Inspection.objects.first(),
        "report": world.report,
        "measurement": world.report.measurements.first(),
        "department": world.police,
    }[kind]
    model.objects.filter(pk=target.pk).update(**{field: text})
    response = client.get(reverse("api-search"), {"search": typed})
    assert response.status_code == 200
    found = [(hit["kind"], hit["recommendation"]) for hit in response.json()["results"]]
    assert any(found_kind == kind for found_kind, _rec in found), found


def test_codes_match_in_any_case_and_numbers_by_prefix(client, world):
    assert "recommendation" in kinds_found(client, "2022-fraud-01")[0]
    assert "finding" in kinds_found(client, "f-tech")[0]
    kinds, _response = kinds_found(client, "29.8")
    assert {"report", "measurement"} <= set(kinds)


def test_what_a_visitor_may_not_see_is_never_found(client, world, staff_user):
    for secret in ("unpublished", "draft", "hidden_topic", "unaccepted_report", "unaccepted_indicator"):
        assert kinds_found(client, SECRETS[secret])[0] == [], secret
        assert client.get(reverse("api-search"), {"search": SECRETS[secret]}).json()["results"] == []
    client.force_login(staff_user)
    # Staff find the unpublished, the draft and the hidden topic's recommendation; nobody finds a
    # report before it is accepted.
    for secret in ("unpublished", "draft", "hidden_topic"):
        assert kinds_found(client, SECRETS[secret])[0] == ["recommendation"], secret
    assert kinds_found(client, SECRETS["unaccepted_report"])[0] == []


def test_a_liaison_finds_its_own_tasks_but_not_another_departments_unpublished_work(client, world):
    staff = world.staff
    unpublished = Recommendation.objects.get(code="2022-FRAUD-03")
    services.task_create(
        actor=staff,
        recommendation=unpublished,
        number=1,
        title="教育局的内部任务",
        lead_department=world.education,
        assigned_on=datetime.date(2022, 5, 20),
        due_date=datetime.date(2022, 8, 31),
        occurred_at=world.closed.issued_at,
    )
    client.force_login(LiaisonFactory(department=world.education))
    kinds, response = kinds_found(client, "内部任务")
    assert kinds == ["task"]
    assert response.context["hits"][0].url == reverse("portal:task", args=[unpublished.tasks.get().pk])
    assert "recommendation" in kinds_found(client, SECRETS["unpublished"])[0]
    client.force_login(LiaisonFactory(department=world.police))
    assert kinds_found(client, "内部任务")[0] == []
    assert kinds_found(client, SECRETS["unpublished"])[0] == []
    client.force_login(MemberFactory())
    assert kinds_found(client, "内部任务")[0] == ["task"]


def test_filters_by_kind_year_department_and_status(client, world):
    assert set(kinds_found(client, "反诈", kind="task")[0]) == {"task"}
    assert kinds_found(client, "反诈", year=2021)[0] == []
    # Two tasks mention 反诈; the police lead one of them.
    assert kinds_found(client, "反诈", kind="task")[0] == ["task", "task"]
    assert kinds_found(client, "反诈", kind="task", department="POLICE")[0] == ["task"]
    assert kinds_found(client, "预警拦截", status="closed")[0] == ["recommendation"]
    assert kinds_found(client, "预警拦截", status="issued")[0] == []
    response = client.get(reverse("search"), {"q": "反诈", "department": "nowhere"})
    assert response.context["form"].errors and response.context["hits"] == []


def test_the_public_list_and_the_api_list_search_through_every_kind(client, world):
    def codes(path, **params):
        response = client.get(path, params)
        assert response.status_code == 200
        return response

    listed = codes(reverse("public_recommendation_list"), q="黄景亮").context["page"].object_list
    assert [rec.code for rec in listed] == ["2022-FRAUD-01"]
    listed = codes(reverse("public_recommendation_list"), q="教育局").context["page"].object_list
    assert sorted(rec.code for rec in listed) == ["2022-FRAUD-01", "2022-FRAUD-02"]
    api = codes("/api/v1/recommendations/", q="29.8").json()
    assert [rec["code"] for rec in api["results"]] == ["2022-FRAUD-01"]
    # A secret never leaks through the list either.
    assert (
        not codes(reverse("public_recommendation_list"), q=SECRETS["unpublished"]).context["page"].object_list
    )


def test_the_index_follows_the_office_form_and_the_admin(client, world, staff_user):
    client.force_login(world.staff)
    rec = Recommendation.objects.get(code="2022-FRAUD-04")  # a draft: editable in the office
    response = client.post(
        reverse("office:recommendation_edit", args=[rec.code]),
        {"code": rec.code, "number": rec.number, "title": "两卡治理", "body": "断卡行动。"},
    )
    assert response.status_code == 302
    assert kinds_found(client, "两卡")[0] == ["recommendation"]
    department = world.education
    response = client.post(
        reverse("admin:recommendations_department_change", args=[department.pk]),
        {
            "code": department.code,
            "name": department.name,
            "short_name": "教育",
            "kind": department.kind,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SearchDocument.objects.filter(kind="department", object_id=department.pk, document__isnull=False)
    kinds, response = kinds_found(client, "教育")
    assert "department" in kinds


def test_the_index_follows_bulk_loads_with_triggers_off_and_deletes(world):
    topic = world.topic
    with transaction.atomic(), connection.cursor() as cursor:
        # As the scale generator loads: row triggers off, except the search index's.
        cursor.execute("SET LOCAL session_replication_role = replica")
        Department.objects.bulk_create([Department(code="gen-bank", name="批量导入银行")])
        Finding.objects.bulk_create(
            [Finding(code="F-BULK", topic=topic, number=9, category="批量", title="两卡开户风险")]
        )
    bank = Department.objects.get(code="gen-bank")
    assert SearchDocument.objects.filter(kind="department", object_id=bank.pk).exists()
    finding = Finding.objects.get(code="F-BULK")
    assert SearchDocument.objects.filter(kind="finding", object_id=finding.pk, topic=topic).exists()
    Finding.objects.filter(pk=finding.pk).delete()
    assert not SearchDocument.objects.filter(kind="finding", object_id=finding.pk).exists()


def test_a_search_that_finds_nothing_says_so(client, world):
    hits, response = kinds_found(client, "查无此词")
    assert hits == []
    assert "没有与“查无此词”相符的记录" in response.content.decode()
