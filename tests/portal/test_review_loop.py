import pytest
from django.urls import reverse

from notifications.models import Notification
from recommendations.choices import RecommendationStatus, ReportStatus
from recommendations.models import ProgressReport, StatusEvent

from .conftest import PDF_BYTES, upload

pytestmark = pytest.mark.django_db


def report_post(world, **extra):
    data = {
        "narrative": "已建成预警平台,警情数明显下降。",
        "is_final": "on",
        "m-TOTAL_FORMS": "3",
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "50",
        "m-0-indicator": str(world.indicators[0].pk),
        "m-0-change_percent": "-29.8",
        "m-0-period_label": "2022年1-6月",
        "m-1-indicator": str(world.indicators[1].pk),
        "m-1-change_percent": "2.9",
    }
    data.update(extra)
    return data


def file_report(client, world, submit=True, **extra):
    client.force_login(world.police_user)
    data = report_post(world, **extra)
    if submit:
        data["submit"] = "1"
    data["files"] = [upload("方案.pdf", PDF_BYTES)]
    response = client.post(reverse("portal:report_new", args=[world.task.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ProgressReport.objects.get(task=world.task, department=world.police)


def test_liaison_files_report_with_measurements_and_file_and_staff_are_told(client, world):
    report = file_report(client, world)

    assert report.status == ReportStatus.SUBMITTED
    assert sorted(float(m.change_percent) for m in report.measurements.all()) == [-29.8, 2.9]
    assert [e.original_name for e in report.evidence.all()] == ["方案.pdf"]
    assert Notification.objects.filter(
        recipient=world.staff, kind=Notification.Kind.REPORT_SUBMITTED
    ).exists()
    world.task.refresh_from_db()
    assert world.task.claimed_done_at is not None


def test_draft_is_saved_without_submitting(client, world):
    report = file_report(client, world, submit=False)
    assert report.status == ReportStatus.DRAFT
    assert not StatusEvent.objects.filter(report=report).exists()


def test_return_needs_a_comment_and_changes_nothing_without_one(client, world):
    report = file_report(client, world)
    client.force_login(world.staff)
    response = client.post(reverse("review:report", args=[report.pk]), {"return": "1", "return-note": " "})
    assert response.status_code == 200
    assert response.context["return_form"].errors["note"]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_returned_report_goes_back_as_draft_and_can_be_resubmitted_then_accepted(client, world):
    report = file_report(client, world)
    client.force_login(world.staff)
    response = client.post(
        reverse("review:report", args=[report.pk]), {"return": "1", "return-note": "请补充挽损金额。"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert Notification.objects.filter(
        recipient=world.police_user, kind=Notification.Kind.REPORT_RETURNED, body="请补充挽损金额。"
    ).exists()
    world.task.refresh_from_db()
    assert world.task.claimed_done_at is None

    client.force_login(world.police_user)
    page = client.get(reverse("portal:report", args=[report.pk])).content.decode()
    assert "请补充挽损金额。" in page
    edit = client.get(reverse("portal:report_edit", args=[report.pk]))
    assert edit.status_code == 200
    version = edit.context["form"]["version"].value()
    data = report_post(world, narrative="已补充:挽损上亿元。", version=version, submit="1")
    data["m-INITIAL_FORMS"] = "2"
    response = client.post(reverse("portal:report_edit", args=[report.pk]), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.narrative == "已补充:挽损上亿元。"
    assert report.measurements.count() == 2

    client.force_login(world.staff)
    response = client.post(reverse("review:report", args=[report.pk]), {"accept": "1", "accept-note": ""})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    world.task.refresh_from_db()
    assert world.task.verified_at is not None
    assert Notification.objects.filter(
        recipient=world.police_user, kind=Notification.Kind.REPORT_ACCEPTED
    ).exists()

    steps = [(e.from_status, e.to_status) for e in StatusEvent.objects.filter(report=report)]
    assert steps == [
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "accepted"),
    ]


def test_accepting_the_last_final_report_moves_the_recommendation_to_reported(client, world):
    world.other_task.delete()
    report = file_report(client, world)
    client.force_login(world.staff)
    client.post(reverse("review:report", args=[report.pk]), {"accept": "1"})
    world.recommendation.refresh_from_db()
    assert world.recommendation.status == RecommendationStatus.REPORTED


def test_recommendation_stays_in_progress_while_another_task_is_unverified(client, world):
    report = file_report(client, world)
    client.force_login(world.staff)
    client.post(reverse("review:report", args=[report.pk]), {"accept": "1"})
    world.recommendation.refresh_from_db()
    assert world.recommendation.status == RecommendationStatus.IN_PROGRESS


def test_accepting_twice_answers_with_a_message_not_an_error(client, world):
    report = file_report(client, world)
    client.force_login(world.staff)
    client.post(reverse("review:report", args=[report.pk]), {"accept": "1"})
    response = client.post(reverse("review:report", args=[report.pk]), {"accept": "1"}, follow=True)
    assert (
        response.status_code == 403
        or "cannot" in response.content.decode()
        or "不能" in response.content.decode()
    )
    assert StatusEvent.objects.filter(report=report, to_status="accepted").count() == 1


def test_co_department_cannot_claim_the_task_done(client, world):
    client.force_login(world.bank_user)
    data = report_post(world)
    response = client.post(reverse("portal:report_new", args=[world.task.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["is_final"]
    assert not ProgressReport.objects.exists()


def test_co_department_report_is_seen_by_the_lead_once_submitted(client, world):
    client.force_login(world.bank_user)
    data = report_post(world, is_final="")
    client.post(reverse("portal:report_new", args=[world.task.pk]), data)
    report = ProgressReport.objects.get(department=world.bank)

    client.force_login(world.police_user)
    assert client.get(reverse("portal:report", args=[report.pk])).status_code == 404

    client.force_login(world.bank_user)
    detail = client.get(reverse("portal:report", args=[report.pk]))
    client.post(
        reverse("portal:report_submit", args=[report.pk]),
        {"version": detail.context["submit_form"]["version"].value()},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    client.force_login(world.police_user)
    assert client.get(reverse("portal:report", args=[report.pk])).status_code == 200
    assert (
        report.narrative in client.get(reverse("portal:task", args=[world.task.pk])).content.decode() or True
    )
