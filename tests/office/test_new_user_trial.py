"""What a new user ran into on a second trial, each fixed on the pages where it showed: a
draft's sent-on date kept, the people list's headings, the wording of issuing, computed
changes of measurements, the account's language, an inspection's files, notices of followers
in the reader's language and once per event, and an overdue task in the demo."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from congresses.models import current_congress
from recommendations import services
from recommendations.choices import ReportStatus
from recommendations.models import ProgressReport
from tests.office.test_pages import TODAY, _issued

pytestmark = pytest.mark.django_db


def _past_task(office, *, days_ago=30, due_in=-5):
    """A task assigned `days_ago` days ago to the police, due `due_in` days from today."""
    rec = _issued(office, issued_on=TODAY() - datetime.timedelta(days=days_ago + 10))
    return services.task_create(
        actor=office.staff,
        recommendation=rec,
        number=1,
        title="建设反诈预警平台",
        lead_department=office.police,
        co_departments=[office.bank],
        assigned_on=TODAY() - datetime.timedelta(days=days_ago),
        due_date=TODAY() + datetime.timedelta(days=due_in),
    )


def test_a_drafts_sent_on_date_is_kept_until_it_is_submitted(client, office):
    task = _past_task(office, due_in=20)
    sent_on = TODAY() - datetime.timedelta(days=9)
    client.force_login(office.liaison)
    response = client.post(
        reverse("portal:report_new", args=[task.pk]),
        {"narrative": "已部署专项行动。", "occurred_on": sent_on.isoformat(), "save": "",
         "m-TOTAL_FORMS": 0, "m-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=task)
    assert (report.status, report.sent_on) == (ReportStatus.DRAFT, sent_on)

    # The draft reopened shows the date, on the edit page and on the report's submit form.
    edit = client.get(reverse("portal:report_edit", args=[report.pk]))
    assert edit.context["form"]["occurred_on"].value() == sent_on
    assert f'value="{sent_on.isoformat()}"' in edit.content.decode()
    detail = client.get(reverse("portal:report", args=[report.pk])).content.decode()
    assert f'value="{sent_on.isoformat()}"' in detail

    # Saved again without a date, it is sent today; given again, it is kept.
    version = ProgressReport.objects.get(pk=report.pk).updated_at.isoformat()
    fields = {"narrative": "已部署专项行动。", "version": version, "m-TOTAL_FORMS": 0, "m-INITIAL_FORMS": 0}
    client.post(reverse("portal:report_edit", args=[report.pk]), fields | {"occurred_on": "", "save": ""})
    assert ProgressReport.objects.get(pk=report.pk).sent_on is None
    version = ProgressReport.objects.get(pk=report.pk).updated_at.isoformat()
    client.post(
        reverse("portal:report_edit", args=[report.pk]),
        fields | {"version": version, "occurred_on": sent_on.isoformat(), "save": ""},
    )
    report = ProgressReport.objects.get(pk=report.pk)
    assert report.sent_on == sent_on

    # A date in the future is refused on its field, and the draft keeps its date.
    response = client.post(
        reverse("portal:report_edit", args=[report.pk]),
        fields | {"version": report.updated_at.isoformat(), "save": "",
                  "occurred_on": (TODAY() + datetime.timedelta(days=2)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 200 and "occurred_on" in response.context["form"].errors
    assert ProgressReport.objects.get(pk=report.pk).sent_on == sent_on

    # Submitted from the report's page with the date it shows: sent on that day.
    response = client.post(
        reverse("portal:report_submit", args=[report.pk]),
        {"version": report.updated_at.isoformat(), "occurred_on": sent_on.isoformat()},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(pk=report.pk)
    assert report.status == ReportStatus.SUBMITTED and report.sent_on is None
    assert timezone.localdate(report.submitted_at) == sent_on


def _headings(page):
    return re.findall(r"<th[^>]*>([^<]*)</th>", page.split("<thead>")[1].split("</thead>")[0])


def test_the_people_list_heads_its_columns_as_a_list_of_people(staff_client, office):
    page = staff_client.get(reverse("office:people")).content.decode()
    assert _headings(page) == ["姓名", "电子邮箱", "角色", "单位", "已启用"]
    assert "任务名" not in page
    page = staff_client.get(reverse("office:people"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _headings(page) == ["Name", "Email", "Role", "Department", "Active"]


def test_issuing_reads_as_sent_to_the_government_for_study_and_handling(staff_client, office):
    rec = _issued(office, issued_on=TODAY() - datetime.timedelta(days=20))
    government = current_congress().government_name
    page = staff_client.get(reverse("office:recommendation", args=[rec.code])).content.decode()
    assert f"交{government}研究处理" in page and "送交" not in page and "印发" not in page
    page = staff_client.get(
        reverse("office:recommendation", args=[rec.code]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f"Referred to {government} for consideration and action" in page
