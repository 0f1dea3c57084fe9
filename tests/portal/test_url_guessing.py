"""Another department reaching a report, a task or a file by guessing its URL gets 404 and
learns nothing about it."""

import re

import pytest
from django.urls import reverse

from portal.services import evidence_add
from recommendations.choices import ReportStatus

from .conftest import PDF_BYTES, upload
from .helpers import make_report

pytestmark = pytest.mark.django_db

SECRET = "机密:尚未上报的挽损数据"
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
# The printed copy's footnote says when it was printed, to the minute.
PRINTED_AT = re.compile(rb'<p class="print-only small">.*?</p>', re.S)


@pytest.fixture
def police_draft(world):
    report = make_report(world, world.police, narrative=SECRET)
    evidence_add(actor=world.police_user, report=report, uploaded=upload("内部统计.pdf", PDF_BYTES))
    return report


def test_other_department_gets_404_for_task_report_edit_and_file(client, world, police_draft):
    client.force_login(world.other_user)
    urls = [
        reverse("portal:task", args=[world.task.pk]),
        reverse("portal:report_new", args=[world.task.pk]),
        reverse("portal:contest", args=[world.task.pk]),
        reverse("portal:report", args=[police_draft.pk]),
        reverse("portal:report_edit", args=[police_draft.pk]),
        reverse("portal:evidence", args=[police_draft.evidence.get().pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        body = response.content.decode()
        for leak in (SECRET, world.task.title, "内部统计", world.police.name):
            assert leak not in body, (url, leak)


def test_a_guessed_id_that_exists_and_one_that_does_not_look_the_same(client, world, police_draft):
    client.force_login(world.other_user)
    pages = []
    for pk in (police_draft.pk, police_draft.pk + 10_000):
        url = reverse("portal:report", args=[pk])
        response = client.get(url)
        assert response.status_code == 404
        # The same page but for the address asked for (the language menu comes back to it), the
        # sign-out form's CSRF token, masked afresh each time, and the minute it was printed.
        content = CSRF_TOKEN.sub(b"", response.content.replace(url.encode(), b"URL"))
        pages.append(PRINTED_AT.sub(b"", content))
    assert pages[0] == pages[1]


def test_co_department_cannot_reach_the_leads_draft_or_its_file(client, world, police_draft):
    client.force_login(world.bank_user)
    assert client.get(reverse("portal:report", args=[police_draft.pk])).status_code == 404
    assert client.get(reverse("portal:evidence", args=[police_draft.evidence.get().pk])).status_code == 404
    task_page = client.get(reverse("portal:task", args=[world.task.pk]))
    assert task_page.status_code == 200
    assert SECRET not in task_page.content.decode()


def test_other_department_cannot_submit_or_post_to_a_report(client, world, police_draft):
    client.force_login(world.other_user)
    version = police_draft.updated_at.isoformat()
    assert (
        client.post(reverse("portal:report_submit", args=[police_draft.pk]), {"version": version}).status_code
        == 404
    )
    assert (
        client.post(reverse("portal:report_edit", args=[police_draft.pk]), {"narrative": "x"}).status_code
        == 404
    )
    police_draft.refresh_from_db()
    assert police_draft.status == ReportStatus.DRAFT
    assert police_draft.narrative == SECRET


def test_timeline_hides_steps_of_reports_the_reader_may_not_see(client, world):
    make_report(world, world.police, ReportStatus.RETURNED)
    client.force_login(world.bank_user)
    page = client.get(reverse("portal:task", args=[world.task.pk])).content.decode()
    assert "请补充" not in page
    client.force_login(world.police_user)
    assert "请补充" in client.get(reverse("portal:task", args=[world.task.pk])).content.decode()
