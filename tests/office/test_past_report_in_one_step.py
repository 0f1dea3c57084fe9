"""A liaison entering an old report saves and submits it in one step with the day it was really
sent, so staff can then accept it under its real date too."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.choices import ReportStatus
from recommendations.models import ProgressReport
from tests.office.test_pages import TODAY, _issued

pytestmark = pytest.mark.django_db

ISSUED = datetime.date(2023, 7, 14)
SENT = datetime.date(2023, 10, 20)
ACCEPTED = datetime.date(2023, 11, 25)


def _old_task(office):
    rec = _issued(office, code="2023-WATER-01", issued_on=ISSUED)
    return services.task_create(
        actor=office.staff,
        recommendation=rec,
        number=1,
        title="农村供水工程改造",
        lead_department=office.police,
        assigned_on=ISSUED,
        due_date=datetime.date(2023, 10, 31),
        occurred_at=datetime.datetime(2023, 7, 14, 12, tzinfo=datetime.UTC),
    )


def _new_report(client, task, sent_on):
    return client.post(
        reverse("portal:report_new", args=[task.pk]),
        {"narrative": "已完成改造。", "occurred_on": sent_on, "submit": "1",
         "m-TOTAL_FORMS": "0", "m-INITIAL_FORMS": "0"},
    )  # fmt: skip


def test_an_old_report_saved_and_submitted_at_once_keeps_its_day_and_is_accepted_under_its_own(
    client, office
):
    task = _old_task(office)
    client.force_login(office.liaison)
    form = client.get(reverse("portal:report_new", args=[task.pk])).content.decode()
    assert 'name="occurred_on"' in form

    assert _new_report(client, task, SENT.isoformat()).status_code == 302
    report = ProgressReport.objects.get(task=task)
    assert report.status == ReportStatus.SUBMITTED
    assert timezone.localtime(report.submitted_at).date() == SENT

    client.force_login(office.staff)
    accept = {"accept": "1", "accept-occurred_on": ACCEPTED.isoformat()}
    response = client.post(reverse("review:report", args=[report.pk]), accept)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert timezone.localtime(report.accepted_at).date() == ACCEPTED


def test_a_future_sent_on_date_is_refused_on_its_field_and_saves_nothing(client, office):
    task = _old_task(office)
    client.force_login(office.liaison)
    response = _new_report(client, task, (TODAY() + datetime.timedelta(days=2)).isoformat())
    assert response.status_code == 200
    assert "occurred_on" in response.context["form"].errors
    assert not ProgressReport.objects.filter(task=task).exists()
