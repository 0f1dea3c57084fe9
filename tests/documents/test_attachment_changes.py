"""Staff change a record's files from its office page: delete an uploaded one (after a
confirmation; the stored file leaves the disk as an evidence file does, the history stays) and
switch one between public and internal. Generated papers are kept; members and liaisons change
nothing."""

import re

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.choices import AttachmentKind
from documents.models import Attachment
from documents.services import attachment_add, attachment_set_public, generated_add
from tests.factories import LiaisonFactory

from .conftest import PDF

pytestmark = pytest.mark.django_db

AttachmentEvent = apps.get_model("documents", "AttachmentEvent")


def stored(media_root):
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def upload(case, record, title, *, is_public=False):
    return attachment_add(
        actor=case.staff,
        record=record,
        kind=AttachmentKind.MINUTES,
        title=title,
        is_public=is_public,
        uploaded=SimpleUploadedFile("纪要.pdf", PDF),
    )


def generated_letter(case):
    """A numbered paper as the office generates it (rendering left out: not what is tested)."""
    (paper,) = generated_add(
        actor=case.staff,
        target={"topic": case.topic},
        kind=AttachmentKind.REFERRAL_LETTER,
        title="关于送交审议意见的函",
        render=lambda number: {"pdf": ("application/pdf", PDF)},
        numbered=True,
        year=2022,
    )
    return paper


def form_token(page):
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def events(attachment_pk):
    return [
        (event.pgh_label, event.pgh_context.metadata["user"])
        for event in AttachmentEvent.objects.filter(pgh_obj_id=attachment_pk)
        .select_related("pgh_context")
        .order_by("pgh_id")
    ]


def test_staff_delete_an_uploaded_file_after_confirming_and_the_history_keeps_it(
    client, case, media_root, django_capture_on_commit_callbacks
):
    minutes = upload(case, case.meeting, "座谈会纪要")
    kept = upload(case, case.topic, "工作方案")
    assert len(stored(media_root)) == 2
    client.force_login(case.staff)
    topic_url = reverse("office:topic", args=[case.topic.code])
    delete_url = reverse("documents:delete", args=[minutes.pk])
    assert delete_url in client.get(topic_url).content.decode()

    confirm = client.get(delete_url)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "座谈会纪要" in page and "纪要.pdf" in page and 'name="form_token"' in page
    assert Attachment.objects.filter(pk=minutes.pk).exists()  # asking deletes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url, {"form_token": form_token(page)})
    assert response.status_code == 302 and response.url == topic_url + "#documents"
    assert not Attachment.objects.filter(pk=minutes.pk).exists()
    assert stored(media_root) == [media_root / kept.file.name]
    assert events(minutes.pk) == [("insert", case.staff.pk), ("delete", case.staff.pk)]
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["已删除文件“座谈会纪要”。"]
    assert client.get(reverse("documents:download", args=[minutes.pk])).status_code == 404


def test_a_second_click_on_delete_goes_back_to_the_page(client, case, django_capture_on_commit_callbacks):
    minutes = upload(case, case.recommendation, "会议纪要")
    client.force_login(case.staff)
    url = reverse("documents:delete", args=[minutes.pk])
    token = "6f0c2a1e-5a43-4c1c-9d55-2c8e1a4b7d10"
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"form_token": token})
        again = client.post(url, {"form_token": token})
    back = reverse("office:recommendation", args=[case.recommendation.code]) + "#documents"
    assert (first.status_code, first.url) == (302, back)
    assert (again.status_code, again.url) == (302, back)
    assert not Attachment.objects.exists()


def test_generated_papers_are_kept(client, case, media_root):
    letter = generated_letter(case)
    client.force_login(case.staff)
    page = client.get(reverse("office:topic", args=[case.topic.code])).content.decode()
    assert reverse("documents:download", args=[letter.pk]) in page
    assert reverse("documents:delete", args=[letter.pk]) not in page
    response = client.post(reverse("documents:delete", args=[letter.pk]), follow=True)
    assert "生成的公文连同各个版本一律保留" in response.content.decode()
    assert Attachment.objects.filter(pk=letter.pk).exists() and len(stored(media_root)) == 1
    assert events(letter.pk) == [("insert", case.staff.pk)]


def test_staff_switch_a_file_between_public_and_internal_and_the_public_page_follows(
    client, case, django_capture_on_commit_callbacks
):
    letter = upload(case, case.recommendation, "审议意见书")
    public_page = reverse("public_recommendation_detail", args=[case.recommendation.code])
    download = reverse("public_attachment", args=[letter.pk])
    client.force_login(case.staff)
    office_page = reverse("office:recommendation", args=[case.recommendation.code])
    switch = reverse("documents:public", args=[letter.pk])
    page = client.get(office_page).content.decode()
    assert switch in page and "内部材料" in page and "设为公开" in page

    with django_capture_on_commit_callbacks(execute=True):  # the public pages' cache goes
        response = client.post(switch, {"is_public": "1"}, follow=True)
    assert response.redirect_chain == [(office_page + "#documents", 302)]
    assert "“审议意见书”已设为公开" in response.content.decode()
    letter.refresh_from_db()
    assert letter.is_public
    client.logout()
    page = client.get(public_page).content.decode()
    assert download in page and "会议纪要" in page  # its kind
    assert client.get(download).status_code == 200

    client.force_login(case.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(switch, {"is_public": "0"})
    letter.refresh_from_db()
    assert not letter.is_public
    client.logout()
    assert download not in client.get(public_page).content.decode()
    assert client.get(download).status_code == 404
    staff = case.staff.pk
    assert events(letter.pk) == [("insert", staff), ("update", staff), ("update", staff)]


def test_a_switch_without_a_choice_changes_nothing(client, case):
    letter = upload(case, case.topic, "工作方案")
    client.force_login(case.staff)
    response = client.post(reverse("documents:public", args=[letter.pk]), {"is_public": "yes"}, follow=True)
    assert "请选择公开还是作为内部材料" in response.content.decode()
    letter.refresh_from_db()
    assert not letter.is_public and events(letter.pk) == [("insert", case.staff.pk)]


def test_escalation_notices_cannot_be_made_public(case):
    (notice,) = generated_add(
        actor=case.staff,
        target={"task": case.overdue_task},
        kind=AttachmentKind.ESCALATION_NOTICE,
        title="督办通知单",
        render=lambda number: {"pdf": ("application/pdf", PDF)},
        numbered=True,
        year=2022,
    )
    with pytest.raises(ValidationError):
        attachment_set_public(actor=case.staff, attachment=notice, is_public=True)
    notice.refresh_from_db()
    assert not notice.is_public


@pytest.mark.parametrize("who", ["member", "liaison"])
def test_members_and_liaisons_can_neither_delete_nor_publish(client, case, media_root, who):
    minutes = upload(case, case.topic, "座谈会纪要")
    user = case.member if who == "member" else LiaisonFactory(department=case.police)
    client.force_login(user)
    assert client.get(reverse("documents:delete", args=[minutes.pk])).status_code == 403
    assert client.post(reverse("documents:delete", args=[minutes.pk])).status_code == 403
    assert client.post(reverse("documents:public", args=[minutes.pk]), {"is_public": "1"}).status_code == 403
    minutes.refresh_from_db()
    assert not minutes.is_public and len(stored(media_root)) == 1
    assert events(minutes.pk) == [("insert", case.staff.pk)]
