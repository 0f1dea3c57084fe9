"""Stored evidence files leave the disk with their record, once the deletion commits, however
the record goes; `manage.py orphan_files` finds (and with --delete removes) what is left, in the
folders of evidence files and of documents."""

import os
import time
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from documents.choices import AttachmentKind
from documents.services import attachment_add
from portal.models import Evidence
from portal.services import contest_raise, report_draft_create
from tests.factories import StaffFactory

from .conftest import PDF_BYTES, upload
from .test_uploads import stored_files

pytestmark = pytest.mark.django_db


def _draft_with_files(world, department, user, count=2):
    return report_draft_create(
        actor=user,
        task=world.task,
        department=department,
        narrative="草稿",
        files=[upload(f"附件{number}.pdf", PDF_BYTES) for number in range(count)],
    )


def test_drafts_discarded_by_a_reassignment_take_their_files(
    client, world, media_root, django_capture_on_commit_callbacks
):
    _draft_with_files(world, world.bank, world.bank_user)
    assert len(stored_files(media_root)) == 2
    contest = contest_raise(
        actor=world.bank_user, task=world.task, department=world.bank, reason="不属于本单位职责"
    )
    client.force_login(StaffFactory(username="clerk", is_superuser=False))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("review:contest", args=[contest.pk]),
            {"decision": "reassigned", "new_department": world.other.pk, "note": "改由教育局配合"},
        )
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


def test_a_file_removed_on_the_edit_page_leaves_the_disk(
    client, world, media_root, django_capture_on_commit_callbacks
):
    report = _draft_with_files(world, world.police, world.police_user)
    kept, removed = report.evidence.order_by("pk")
    client.force_login(world.police_user)
    page = client.get(reverse("portal:report_edit", args=[report.pk]))
    data = {
        "narrative": "草稿(修改)",
        "version": page.context["form"]["version"].value(),
        "remove_evidence": [removed.pk],
        "m-TOTAL_FORMS": "0",
        "m-INITIAL_FORMS": "0",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:report_edit", args=[report.pk]), data)
    assert response.status_code == 302
    assert stored_files(media_root) == [kept.file.path]


def test_a_deletion_rolled_back_keeps_the_file(world, media_root, django_capture_on_commit_callbacks):
    report = _draft_with_files(world, world.police, world.police_user, count=1)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        report.delete()
        raise RuntimeError("refused later in the same transaction")
    assert Evidence.objects.count() == 1
    assert len(stored_files(media_root)) == 1


def _orphan(name, minutes_old):
    stored = default_storage.save(name, ContentFile(PDF_BYTES))
    then = time.time() - minutes_old * 60
    os.utime(default_storage.path(stored), (then, then))
    return stored


def test_the_command_finds_and_removes_old_orphans_and_names_missing_files(world, media_root):
    report = _draft_with_files(world, world.police, world.police_user)
    recorded, lost = report.evidence.order_by("pk")
    os.remove(lost.file.path)
    old = _orphan("evidence/2025/03/left-behind.pdf", minutes_old=24 * 60)
    fresh = _orphan("evidence/2026/12/uploading.pdf", minutes_old=1)

    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("orphan_files", stdout=out)
    lines = out.getvalue().splitlines()
    assert f"orphan {old}" in lines and f"missing {lost.file.name}" in lines
    assert not any(fresh in line or recorded.file.name in line for line in lines)
    assert default_storage.exists(old)

    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("orphan_files", "--delete", stdout=out)
    assert f"deleted {old}" in out.getvalue().splitlines()
    assert not default_storage.exists(old)
    assert default_storage.exists(fresh) and default_storage.exists(recorded.file.name)


def test_the_command_is_quiet_and_successful_when_nothing_is_wrong(world, media_root):
    _draft_with_files(world, world.police, world.police_user)
    out = StringIO()
    call_command("orphan_files", stdout=out)
    assert out.getvalue().strip() == "2 files, 2 records: 0 orphan files, 0 records without their file."


def test_the_command_scans_the_documents_folder_too(world, media_root):
    clerk = StaffFactory(username="clerk", is_superuser=False)

    def minutes():
        return attachment_add(
            actor=clerk,
            record=world.task.recommendation,
            uploaded=upload("会议纪要.pdf", PDF_BYTES),
            kind=AttachmentKind.MINUTES,
        )

    recorded, lost = minutes(), minutes()
    os.remove(lost.file.path)
    old = _orphan("documents/2025/03/left-behind.pdf", minutes_old=24 * 60)
    fresh = _orphan("documents/2026/12/uploading.pdf", minutes_old=1)

    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("orphan_files", "--delete", stdout=out)
    lines = out.getvalue().splitlines()
    assert f"deleted {old}" in lines and f"missing {lost.file.name}" in lines
    assert lines[-1] == "3 files, 2 records: 1 orphan files deleted, 1 records without their file."
    assert not default_storage.exists(old)
    assert default_storage.exists(fresh) and default_storage.exists(recorded.file.name)
