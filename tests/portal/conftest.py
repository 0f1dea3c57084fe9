"""A small world for the portal tests: one issued recommendation with a task led by `police`
with `bank` as co-department, another department `other`, and a user of each role."""

import datetime
import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from recommendations.choices import IndicatorDirection
from recommendations.services import recommendation_issue, task_create
from tests.factories import (
    DepartmentFactory,
    IndicatorFactory,
    LiaisonFactory,
    MemberFactory,
    RecommendationFactory,
    StaffFactory,
    TaskFactory,
    UserFactory,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32
OLE_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ooxml_bytes(main_type):
    content_types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/main.xml" ContentType="{main_type}"/></Types>'
    )
    return zip_bytes({"[Content_Types].xml": content_types, "main.xml": "<x/>"})


DOCX_BYTES = ooxml_bytes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
XLSX_BYTES = ooxml_bytes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
ODT_BYTES = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
ODS_BYTES = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(db):
    staff = StaffFactory(username="staff")
    police = DepartmentFactory(code="police", name="市公安局")
    bank = DepartmentFactory(code="pboc-putian", name="人行莆田支行")
    other = DepartmentFactory(code="other", name="市教育局")
    # Accounts exist before the assignment, as they would: assignment notifies them.
    users = {
        "staff": staff,
        "member": MemberFactory(username="member"),
        "police_user": LiaisonFactory(username="police", department=police),
        "police_user2": LiaisonFactory(username="police2", department=police),
        "bank_user": LiaisonFactory(username="bank", department=bank),
        "other_user": LiaisonFactory(username="other", department=other),
        "nobody": UserFactory(username="nobody"),
    }
    recommendation = RecommendationFactory(
        code="2022-FRAUD-01", title="强化技术反制", body="全面提升技术反制能力。"
    )
    recommendation = recommendation_issue(
        actor=staff,
        recommendation=recommendation,
        response_due=timezone.localdate() + datetime.timedelta(days=60),
    )
    today = timezone.localdate()
    task = task_create(
        actor=staff,
        recommendation=recommendation,
        number=1,
        title="建设反诈预警平台",
        lead_department=police,
        co_departments=[bank],
        assigned_on=today,
        due_date=today + datetime.timedelta(days=30),
    )
    other_task = TaskFactory(
        recommendation=recommendation,
        number=2,
        title="校园反诈宣传",
        lead_department=other,
        assigned_on=today,
        due_original=today + datetime.timedelta(days=30),
        due_date=today + datetime.timedelta(days=30),
    )
    indicators = [
        IndicatorFactory(
            topic=recommendation.topic, name="警情数", unit="起", direction=IndicatorDirection.LOWER_IS_BETTER
        ),
        IndicatorFactory(
            topic=recommendation.topic, name="破案率", unit="%", direction=IndicatorDirection.HIGHER_IS_BETTER
        ),
    ]
    return SimpleNamespace(
        **users,
        police=police,
        bank=bank,
        other=other,
        recommendation=recommendation,
        task=task,
        other_task=other_task,
        indicators=indicators,
    )
