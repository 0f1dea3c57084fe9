"""A database from before system texts: the notes and titles the system wrote as text, in
either language and in the old wordings, become codes read in the reader's language; what
people wrote, and what only reads like a system text, stays as written."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from notifications.models import Notification
from recommendations.models import StatusEvent
from tests.factories import LiaisonFactory, RecommendationFactory

BEFORE = [
    ("recommendations", "0007_topic_sort_indexes"),
    ("notifications", "0003_following_notices"),
]

OLD_NOTES = [
    # (field, stored text, code, params)
    ("public_note", "已分解交办任务", "tasks_assigned", {}),
    ("public_note", "Every task verified", "every_task_verified", {}),
    ("note", "由表格导入", "imported", {}),
    (
        "public_note",
        "满意度测评结果为不满意,须重新办理。网上无记名投票:满意 12 票,基本满意 5 票,不满意 20 票,"
        "弃权 1 票;有表决权组成人员 40 人",
        "vote_not_satisfied",
        {
            "totals": {
                "code": "vote_totals",
                "params": {
                    "method": {"choice": "evaluation_method", "value": "online"},
                    "s": 12,
                    "b": 5,
                    "u": 20,
                    "a": 1,
                    "n": 40,
                },
            }
        },
    ),
    (
        "public_note",
        "Satisfaction vote unsatisfied: re-handling required. Totals of an in-session vote: 10 satisfied, "
        "4 basically satisfied, 16 unsatisfied, 0 abstained; 30 members entitled",
        "vote_not_satisfied",
        {
            "totals": {
                "code": "vote_totals",
                "params": {
                    "method": {"choice": "evaluation_method", "value": "in_session"},
                    "s": 10,
                    "b": 4,
                    "u": 16,
                    "a": 0,
                    "n": 30,
                },
            }
        },
    ),
]
PEOPLES_NOTES = [
    ("public_note", "两项任务均已部署,由表格导入的数据已核对"),
    # The system's published words written by a person as an internal note stay that person's.
    ("note", "已分解交办任务"),
]
OLD_TITLES = [
    ("新交办任务:2022-FRAUD-02-T4", "new_assignment", {"task": "2022-FRAUD-02-T4"}),
    (
        "交办异议:人行莆田支行 对 2022-FRAUD-02-T4",
        "assignment_contested",
        {"task": "2022-FRAUD-02-T4", "department": "人行莆田支行"},
    ),
    (
        "延期申请已批准：2022-FRAUD-02-T3调整后期限为2022年9月30日",
        "extension_approved",
        {"task": "2022-FRAUD-02-T3", "date": {"date": "2022-09-30"}},
    ),
    (
        "Extension approved: 2022-FRAUD-02-T3, now due Sept. 30, 2022",
        "extension_approved",
        {"task": "2022-FRAUD-02-T3", "date": {"date": "2022-09-30"}},
    ),
    (
        "满意度测评开始:2022-FRAUD-03 · cycle 1",
        "vote_open",
        {"target": {"code": "evaluation_name", "params": {"target": "2022-FRAUD-03", "cycle": 1}}},
    ),
    (
        "Re-handling required: 2022-FRAUD-01, cycle 2",
        "further_handling",
        {"code": "2022-FRAUD-01", "cycle": 2},
    ),
]
OTHER_TITLES = ["请于本周五前报送材料", "提醒:2022-FRAUD-01-T1 建设反诈预警平台,还剩 3 个工作日(2022-09-30)"]


@pytest.mark.django_db(transaction=True)
def test_old_system_notes_and_titles_become_codes_and_the_rest_stays():
    rec = RecommendationFactory()
    liaison = LiaisonFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldEvent = old_apps.get_model("recommendations", "StatusEvent")
    OldNotification = old_apps.get_model("notifications", "Notification")
    at = datetime.datetime(2023, 5, 10, 9, tzinfo=datetime.UTC)

    def event(field, stored):
        return OldEvent.objects.create(
            recommendation_id=rec.pk, subject="recommendation", from_status="issued", to_status="assigned",
            occurred_at=at, **{field: stored},
        ).pk  # fmt: skip

    notes = [(event(field, stored), code, params) for field, stored, code, params in OLD_NOTES]
    peoples = [(event(field, stored), field, stored) for field, stored in PEOPLES_NOTES]
    titles = [
        (OldNotification.objects.create(recipient_id=liaison.pk, kind="other", title=stored).pk, code, params)
        for stored, code, params in OLD_TITLES
    ]
    others = [
        (OldNotification.objects.create(recipient_id=liaison.pk, kind="reminder", title=stored).pk, stored)
        for stored in OTHER_TITLES
    ]

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    for pk, code, params in notes:
        converted = StatusEvent.objects.get(pk=pk)
        assert (converted.note, converted.public_note) == ("", "")
        assert (converted.text_code, converted.text_params) == (code, params)
    for pk, field, stored in peoples:
        kept = StatusEvent.objects.get(pk=pk)
        assert (getattr(kept, field), kept.text_code) == (stored, "")
    for pk, code, params in titles:
        converted = Notification.objects.get(pk=pk)
        assert (converted.title, converted.text_code, converted.text_params) == ("", code, params)
    for pk, stored in others:
        kept = Notification.objects.get(pk=pk)
        assert (kept.title, kept.text_code) == (stored, "")

    # Read in English, a note written in Chinese has no Chinese left, and the other way round.
    vote_note = StatusEvent.objects.get(pk=notes[3][0])
    english_note = StatusEvent.objects.get(pk=notes[4][0])
    vote_title = Notification.objects.get(pk=titles[4][0])
    with translation.override("en"):
        assert vote_note.public_note_text.startswith("Satisfaction vote: not satisfied.")
        assert "Online secret ballot: 12 satisfied, 5 largely satisfied" in vote_note.public_note_text
        assert vote_title.title_text == "Satisfaction vote open: 2022-FRAUD-03 · round 1"
    with translation.override("zh-hans"):
        assert english_note.public_note_text.startswith("满意度测评结果为不满意")
        assert "会议现场测评（录入票数）：满意 10 票" in english_note.public_note_text
        assert vote_title.title_text.endswith("2022-FRAUD-03 · 第 1 轮")
