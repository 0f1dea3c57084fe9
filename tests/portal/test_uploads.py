"""Evidence files: type from content (not name), size limit, plain names, generated storage
names outside static, served only through the permission-checked view."""

import os

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.filetypes import check_name, validate_evidence_file
from portal.models import Evidence
from portal.services import evidence_add, report_draft_create
from recommendations.models import ProgressReport

from .conftest import (
    DOCX_BYTES,
    JPEG_BYTES,
    ODS_BYTES,
    ODT_BYTES,
    OLE_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    XLSX_BYTES,
    upload,
    zip_bytes,
)
from .helpers import make_report

pytestmark = pytest.mark.django_db

MACRO_DOCX = "application/vnd.ms-word.document.macroEnabled.main+xml"


def stored_files(root):
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("通报.pdf", PDF_BYTES, "application/pdf"),
        ("现场.png", PNG_BYTES, "image/png"),
        ("照片.JPG", JPEG_BYTES, "image/jpeg"),
        ("方案.docx", DOCX_BYTES, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("统计.xlsx", XLSX_BYTES, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("方案.odt", ODT_BYTES, "application/vnd.oasis.opendocument.text"),
        ("统计.ods", ODS_BYTES, "application/vnd.oasis.opendocument.spreadsheet"),
        ("旧方案.doc", OLE_BYTES, "application/msword"),
        ("旧统计.xls", OLE_BYTES, "application/vnd.ms-excel"),
    ],
)
def test_allowed_types_are_recognised_from_content(name, content, content_type):
    assert validate_evidence_file(upload(name, content)) == (name, content_type)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>"),
        ("photo.png", b"MZ\x90\x00" + b"\x00" * 60),  # a Windows executable
        ("sheet.xlsx", zip_bytes({"evil.sh": "rm -rf /"})),  # a zip that is no Office file
        (
            "macro.docx",
            zip_bytes({"[Content_Types].xml": f'ContentType="{MACRO_DOCX}"'}),
        ),
        ("text.odt", zip_bytes({"mimetype": "application/x-shellscript"})),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 40),
        ("page.pdf", b"  %PDF-1.4 hidden after spaces"),
    ],
)
def test_wrong_content_behind_a_right_extension_is_rejected(name, content):
    with pytest.raises(ValidationError) as error:
        validate_evidence_file(upload(name, content, "application/pdf"))
    assert error.value.code == "bad_type"


def test_content_that_does_not_match_its_extension_is_rejected():
    with pytest.raises(ValidationError) as error:
        validate_evidence_file(upload("scan.pdf", PNG_BYTES))
    assert error.value.code == "extension_mismatch"


def test_oversize_file_is_rejected(settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        validate_evidence_file(upload("big.pdf", PDF_BYTES + b"0" * 1024))
    assert error.value.code == "too_large"
    assert validate_evidence_file(upload("small.pdf", PDF_BYTES))


@pytest.mark.parametrize(
    "name",
    [
        "..\\..\\windows\\evil.pdf",
        "a/../../etc/passwd.pdf",
        ".htaccess.pdf",
        "evil\x00.pdf",
        "bad\nname.pdf",
        "..pdf",
    ],
)
def test_path_tricks_and_control_characters_in_names_are_rejected(name):
    with pytest.raises(ValidationError) as error:
        check_name(name)
    assert error.value.code == "bad_name"


@pytest.mark.parametrize("name", ["..\\..\\static\\evil.pdf", "../../static/evil.pdf"])
def test_a_path_in_an_uploaded_name_never_reaches_the_file_system(client, world, media_root, name):
    # Django's upload parser already cuts a client path down to its last part; what is left is
    # stored under a generated name below MEDIA_ROOT/evidence.
    client.force_login(world.police_user)
    data = {
        "narrative": "说明",
        "m-TOTAL_FORMS": "0",
        "m-INITIAL_FORMS": "0",
        "files": [upload(name, PDF_BYTES)],
    }
    assert client.post(reverse("portal:report_new", args=[world.task.pk]), data).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == "evil.pdf"
    [path] = stored_files(media_root)
    assert path.startswith(str(media_root / "evidence")) and "evil" not in path


def test_a_hidden_file_name_is_refused_over_http(client, world, media_root):
    client.force_login(world.police_user)
    data = {
        "narrative": "说明",
        "m-TOTAL_FORMS": "0",
        "m-INITIAL_FORMS": "0",
        "files": [upload(".htaccess.pdf", PDF_BYTES)],
    }
    response = client.post(reverse("portal:report_new", args=[world.task.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["files"]
    assert not ProgressReport.objects.exists()
    assert stored_files(media_root) == []


def test_wrong_type_over_http_gives_a_field_message_and_saves_nothing(client, world, media_root):
    client.force_login(world.police_user)
    data = {
        "narrative": "说明",
        "m-TOTAL_FORMS": "0",
        "m-INITIAL_FORMS": "0",
        "files": [upload("ok.pdf", PDF_BYTES), upload("fake.pdf", b"#!/bin/sh\necho hi\n")],
    }
    response = client.post(reverse("portal:report_new", args=[world.task.pk]), data)
    assert response.status_code == 200
    assert "fake.pdf" in " ".join(response.context["form"].errors["files"])
    assert not ProgressReport.objects.exists()
    assert stored_files(media_root) == []


def test_stored_file_gets_a_generated_name_under_media_outside_static(world, media_root):
    report = make_report(world, world.police)
    evidence = evidence_add(
        actor=world.police_user, report=report, uploaded=upload("../../x/通报.pdf", PDF_BYTES)
    )
    path = os.path.realpath(evidence.file.path)
    assert path.startswith(os.path.realpath(media_root) + os.sep)
    assert not path.startswith(os.path.realpath(settings.STATIC_ROOT))
    assert "通报" not in os.path.basename(path) and path.endswith(".pdf")
    assert evidence.original_name == "通报.pdf"


def test_a_failed_save_leaves_no_report_and_no_file(world, media_root):
    with pytest.raises(ValidationError):
        report_draft_create(
            actor=world.police_user,
            task=world.task,
            department=world.police,
            narrative="说明",
            files=[upload("ok.pdf", PDF_BYTES), upload("bad.pdf", b"not a pdf")],
        )
    assert not ProgressReport.objects.exists()
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


def test_download_is_an_attachment_with_the_detected_type(client, world):
    report = make_report(world, world.police)
    evidence = evidence_add(actor=world.police_user, report=report, uploaded=upload("通报.pdf", PDF_BYTES))
    client.force_login(world.police_user)
    response = client.get(reverse("portal:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF_BYTES
