"""Documents in: files on topics, inspections, meetings and recommendations, uploaded from the
office pages with the evidence files' checks, downloaded through a permission check, public
ones from the public pages; sources cited by records."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.choices import AttachmentKind
from documents.models import Attachment, Source
from documents.services import attachment_add
from recommendations import services
from tests.factories import LiaisonFactory

from .conftest import PDF

pytestmark = pytest.mark.django_db


def _download(response):
    return b"".join(response.streaming_content)


def test_staff_upload_an_inspection_report_from_the_topic_page_and_members_download_it(client, case):
    client.force_login(case.staff)
    topic_page = client.get(reverse("office:topic", args=[case.topic.code])).content.decode()
    add_url = reverse("documents:attachment_new", args=["topic", case.topic.code])
    assert add_url in topic_page
    form = client.get(add_url).content.decode()
    assert f'value="inspection-{case.inspection.pk}"' in form and f'value="meeting-{case.meeting.pk}"' in form
    response = client.post(
        add_url,
        {
            "record": f"inspection-{case.inspection.pk}",
            "kind": AttachmentKind.INSPECTION_REPORT,
            "title": "视察调查报告",
            "file": SimpleUploadedFile("视察报告.pdf", PDF, "application/octet-stream"),
        },
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.inspection, attachment.kind, attachment.is_public) == (
        case.inspection,
        AttachmentKind.INSPECTION_REPORT,
        False,
    )
    assert attachment.content_type == "application/pdf" and attachment.uploaded_by == case.staff
    assert (
        len(attachment.sha256) == 64
        and attachment.history.get().pgh_context.metadata["user"] == case.staff.pk
    )
    assert "视察调查报告" in client.get(reverse("office:topic", args=[case.topic.code])).content.decode()

    client.force_login(case.member)
    response = client.get(reverse("documents:download", args=[attachment.pk]))
    assert response.status_code == 200 and _download(response) == PDF
    assert "%E8%A7%86%E5%AF%9F%E6%8A%A5%E5%91%8A.pdf" in response["Content-Disposition"]  # 视察报告.pdf
    # A liaison reads only its department's tasks, not the committee's papers.
    client.force_login(LiaisonFactory(department=case.police))
    assert client.get(reverse("documents:download", args=[attachment.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("documents:download", args=[attachment.pk])).status_code == 302


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("报告.pdf", b"<html><script>alert(1)</script></html>", "不是允许的文件类型"),
        ("报告.docx", PDF, "与其扩展名不符"),
        ("报告", PDF, "文件名没有扩展名"),
    ],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_stored(
    client, case, media_root, name, content, message
):
    client.force_login(case.staff)
    response = client.post(
        reverse("documents:attachment_new", args=["recommendation", case.recommendation.code]),
        {"kind": AttachmentKind.OTHER, "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_a_file_over_the_size_limit_is_refused(client, case, settings):
    settings.EVIDENCE_MAX_BYTES = len(PDF) - 1
    client.force_login(case.staff)
    response = client.post(
        reverse("documents:attachment_new", args=["topic", case.topic.code]),
        {
            "record": f"topic-{case.topic.pk}",
            "kind": AttachmentKind.MINUTES,
            "file": SimpleUploadedFile("纪要.pdf", PDF),
        },
    )
    assert response.status_code == 400 and not Attachment.objects.exists()


def test_generated_kinds_cannot_be_uploaded(case):
    with pytest.raises(ValidationError) as refused:
        attachment_add(
            actor=case.staff,
            record=case.topic,
            kind=AttachmentKind.REFERRAL_LETTER,
            uploaded=SimpleUploadedFile("交办函.pdf", PDF),
        )
    assert list(refused.value.error_dict) == ["kind"] and not Attachment.objects.exists()


def test_public_files_and_sources_of_published_records_are_on_the_public_pages_internal_ones_never(
    client, case
):
    add = {"actor": case.staff, "kind": AttachmentKind.OTHER}
    public_topic_file = attachment_add(**add, record=case.meeting, title="会议纪要公开版", is_public=True,
                                       uploaded=SimpleUploadedFile("minutes.pdf", PDF))  # fmt: skip
    internal = attachment_add(
        **add, record=case.topic, title="内部工作方案", uploaded=SimpleUploadedFile("plan.pdf", PDF)
    )
    public_rec_file = attachment_add(**add, record=case.recommendation, title="审议意见书", is_public=True,
                                     uploaded=SimpleUploadedFile("letter.pdf", PDF))  # fmt: skip
    client.force_login(case.staff)
    client.post(
        reverse("documents:source_new", args=["topic", case.topic.code]),
        {"record": f"topic-{case.topic.pk}", "title": "全力守好群众“钱袋子”", "publisher": "莆田人大视点",
         "published_on": "2022-10-29", "url": "https://example.org/article"},
    )  # fmt: skip
    source = Source.objects.get()
    assert (source.topic, source.published_on, source.added_by) == (
        case.topic,
        datetime.date(2022, 10, 29),
        case.staff,
    )
    client.logout()

    topic_page = client.get(reverse("public_topic_detail", args=[case.topic.code])).content.decode()
    assert (
        "会议纪要公开版" in topic_page
        and reverse("public_attachment", args=[public_topic_file.pk]) in topic_page
    )
    assert (
        "全力守好群众“钱袋子”" in topic_page and "莆田人大视点" in topic_page and "2022-10-29" in topic_page
    )
    assert "内部工作方案" not in topic_page
    rec_page = client.get(
        reverse("public_recommendation_detail", args=[case.recommendation.code])
    ).content.decode()
    assert reverse("public_attachment", args=[public_rec_file.pk]) in rec_page
    assert _download(client.get(reverse("public_attachment", args=[public_rec_file.pk]))) == PDF
    assert client.get(reverse("public_attachment", args=[internal.pk])).status_code == 404

    # Unpublishing the topic takes its public files and sources off the public site.
    case.topic.is_published = False
    case.topic.save()
    assert client.get(reverse("public_attachment", args=[public_topic_file.pk])).status_code == 404
    assert client.get(reverse("public_attachment", args=[public_rec_file.pk])).status_code == 404


def test_a_source_needs_a_title_and_a_real_address(client, case):
    client.force_login(case.staff)
    response = client.post(
        reverse("documents:source_new", args=["recommendation", case.recommendation.code]),
        {"title": "", "url": "javascript:alert(1)"},
    )
    assert response.status_code == 400 and not Source.objects.exists()


def test_an_inspections_page_has_its_files_to_add_list_publish_and_delete(client, case):
    other = services.inspection_create(
        actor=case.staff, topic=case.topic, title="专题调研", started_on=datetime.date(2022, 3, 20)
    )
    attachment_add(
        actor=case.staff, record=other, kind=AttachmentKind.INSPECTION_REPORT, title="另一次调研的报告",
        uploaded=SimpleUploadedFile("调研.pdf", PDF),
    )  # fmt: skip
    client.force_login(case.staff)
    page_url = reverse("office:topic_record_edit", args=[case.topic.code, "inspection", case.inspection.pk])
    add_url = reverse("documents:attachment_new", args=["inspection", case.inspection.pk])
    page = client.get(page_url).content.decode()
    assert 'id="documents"' in page and add_url in page and "另一次调研的报告" not in page
    assert reverse("documents:source_new", args=["inspection", case.inspection.pk]) in page

    # The file goes to this inspection: there is nothing to choose.
    assert "record" not in client.get(add_url).context["form"].fields
    upload = {"kind": AttachmentKind.INSPECTION_REPORT}
    response = client.post(
        add_url, upload | {"title": "视察调查报告", "file": SimpleUploadedFile("视察报告.pdf", PDF)}
    )
    assert response.status_code == 302 and response["Location"] == f"{page_url}#documents"
    attachment = Attachment.objects.get(title="视察调查报告")
    assert (attachment.inspection, attachment.is_public) == (case.inspection, False)
    with CaptureQueriesContext(connection) as one_file:
        page = client.get(page_url).content.decode()
    assert "视察调查报告" in page and reverse("documents:public", args=[attachment.pk]) in page
    client.post(add_url, upload | {"title": "座谈记录", "file": SimpleUploadedFile("座谈.pdf", PDF)})
    with CaptureQueriesContext(connection) as two_files:
        client.get(page_url)
    assert len(two_files) == len(one_file)

    response = client.post(reverse("documents:public", args=[attachment.pk]), {"is_public": "1"})
    assert response["Location"] == f"{page_url}#documents"
    assert Attachment.objects.get(pk=attachment.pk).is_public

    delete_url = reverse("documents:delete", args=[attachment.pk])
    assert delete_url in client.get(page_url).content.decode()
    confirm = client.get(delete_url).content.decode()
    assert "视察调查报告" in confirm and f'href="{page_url}#documents"' in confirm
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    response = client.post(delete_url)
    assert response["Location"] == f"{page_url}#documents"
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert reverse("documents:download", args=[attachment.pk]) not in client.get(page_url).content.decode()

    # An address that names no inspection finds nothing.
    assert client.get(reverse("documents:attachment_new", args=["inspection", "x1"])).status_code == 404
