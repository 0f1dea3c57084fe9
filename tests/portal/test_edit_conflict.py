"""Two people editing one draft: the later save is refused with a clear message and
nothing is silently overwritten."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from portal.services import EditConflict, report_draft_update, report_send
from recommendations.choices import ReportStatus
from recommendations.services import measurement_add

from .helpers import make_report

pytestmark = pytest.mark.django_db


def edit_data(version, narrative):
    return {"version": version, "narrative": narrative, "m-TOTAL_FORMS": "0", "m-INITIAL_FORMS": "0"}


def test_the_later_of_two_saves_is_refused_with_a_message(world):
    report = make_report(world, world.police, narrative="初稿")
    first, second = Client(), Client()
    first.force_login(world.police_user)
    second.force_login(world.police_user2)
    url = reverse("portal:report_edit", args=[report.pk])
    version_first = first.get(url).context["form"]["version"].value()
    version_second = second.get(url).context["form"]["version"].value()
    assert version_first == version_second

    assert first.post(url, edit_data(version_first, "甲的修改")).status_code == 302
    response = second.post(url, edit_data(version_second, "乙的修改"))

    assert response.status_code == 409
    errors = response.context["form"].non_field_errors()
    assert any(words in errors[0] for words in ("after you opened it", "打开"))
    assert "乙的修改" in response.content.decode()  # the refused text is kept for the editor
    report.refresh_from_db()
    assert report.narrative == "甲的修改"


def test_service_refuses_a_stale_version_and_changes_nothing(world):
    report = make_report(world, world.police, narrative="初稿")
    measurement_add(actor=world.police_user, report=report, indicator=world.indicators[0], change_percent=-10)
    stale = report.updated_at.isoformat()
    report_draft_update(
        actor=world.police_user, report=report, version=stale, narrative="新稿", measurements=[]
    )
    with pytest.raises(EditConflict):
        report_draft_update(
            actor=world.police_user2,
            report=report,
            version=stale,
            narrative="覆盖",
            measurements=[{"indicator": world.indicators[1], "change_percent": 5}],
        )
    report.refresh_from_db()
    assert report.narrative == "新稿"
    assert report.measurements.count() == 0


def test_submitting_a_version_that_changed_meanwhile_is_refused(world):
    report = make_report(world, world.police, narrative="初稿")
    stale = report.updated_at.isoformat()
    report_draft_update(actor=world.police_user, report=report, version=stale, narrative="新稿")
    with pytest.raises(EditConflict):
        report_send(actor=world.police_user2, report=report, version=stale)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_submitted_report_cannot_be_edited_through_the_service(world):
    report = make_report(world, world.police, ReportStatus.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        report_draft_update(
            actor=world.police_user, report=report, version=report.updated_at.isoformat(), narrative="改"
        )
    assert error.value.code == "not_editable"


def test_a_garbled_version_counts_as_a_conflict(client, world):
    report = make_report(world, world.police, narrative="初稿")
    client.force_login(world.police_user)
    response = client.post(reverse("portal:report_edit", args=[report.pk]), edit_data("not-a-date", "改"))
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.narrative == "初稿"
