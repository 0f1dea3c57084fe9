"""A database from before deadline revisions kept a step as a system text: the step's name a
revision stored in either language, in the old wordings too, becomes the step, read in the
reader's language; what people wrote stays as written."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from portal.models import DeadlineRevision
from tests.factories import StaffFactory, TaskFactory

BEFORE = [("portal", "0003_wording")]

STORED = [
    ("重新启动办理", "reopened"),
    ("重新办理", "reopened"),
    ("Reopened", "reopened"),
    ("退回继续办理", "returned_for_further_handling"),
    ("Returned for further handling", "returned_for_further_handling"),
    ("“回头看”发现反弹，重新启动办理。", ""),
]


@pytest.mark.django_db(transaction=True)
def test_old_step_names_of_revisions_become_the_step_and_the_rest_stays():
    task = TaskFactory()
    staff = StaffFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldRevision = executor.loader.project_state(BEFORE).apps.get_model("portal", "DeadlineRevision")
    due = datetime.date(2023, 3, 31)
    pks = [
        OldRevision.objects.create(
            task_id=task.pk, previous_due=due, new_due=due + datetime.timedelta(days=n + 1), reason=reason,
            revised_by_id=staff.pk,
        ).pk
        for n, (reason, _code) in enumerate(STORED)
    ]  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    for pk, (reason, code) in zip(pks, STORED, strict=True):
        revision = DeadlineRevision.objects.get(pk=pk)
        assert (revision.reason, revision.text_code) == (("", code) if code else (reason, ""))
    with translation.override("en"):
        assert [DeadlineRevision.objects.get(pk=pk).reason_text for pk in pks[:2]] == ["Reopened"] * 2
    with translation.override("zh-hans"):
        assert DeadlineRevision.objects.get(pk=pks[4]).reason_text == "退回重新办理"
