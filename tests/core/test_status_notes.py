"""Every status move has an internal note and a public note, the forms say which is published,
and only the public one reaches the public site. Tasks exist only on issued recommendations,
so a department's liaison never sees a draft."""

import datetime

import pgtrigger
import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.choices import RecommendationStatus as RS
from recommendations.models import StatusEvent, Task
from tests.factories import DepartmentFactory, LiaisonFactory, RecommendationFactory, StaffFactory

pytestmark = pytest.mark.django_db

INTERNAL = "分管副市长尚未签批，先内部掌握"
PUBLIC = "已印发市政府及相关部门研究处理"


@pytest.fixture
def staff():
    """Committee staff, not a superuser: the admin through the recommendation app's permissions."""
    user = StaffFactory(is_superuser=False)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="recommendations"))
    return user


def _issue_through_the_admin(client, staff, rec, **notes):
    client.force_login(staff)
    return client.post(
        reverse("admin:recommendations_recommendation_changelist"),
        {
            "action": "issue",
            "_selected_action": [rec.pk],
            "apply": "1",
            "response_due": "2022-08-10",
            **notes,
        },
    )


def test_the_status_form_says_which_note_is_published(client, staff):
    rec = RecommendationFactory()
    client.force_login(staff)
    page = client.post(
        reverse("admin:recommendations_recommendation_changelist"),
        {"action": "issue", "_selected_action": [rec.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="note"' in html and 'name="public_note"' in html
    assert "not published" in html
    assert "Published with this step on the public site" in html


def test_the_public_page_shows_only_the_public_note(client, staff):
    rec = RecommendationFactory(is_published=True)
    response = _issue_through_the_admin(client, staff, rec, note=INTERNAL, public_note=PUBLIC)
    assert response.status_code == 302
    event = StatusEvent.objects.get(recommendation=rec)
    assert (event.note, event.public_note, event.actor) == (INTERNAL, PUBLIC, staff)

    client.logout()
    html = client.get(reverse("public_recommendation_detail", args=[rec.code])).content.decode()
    assert PUBLIC in html
    assert INTERNAL not in html

    # Staff see both, the public one marked as published.
    client.force_login(staff)
    staff_html = client.get(reverse("evaluations:recommendation", args=[rec.code])).content.decode()
    assert INTERNAL in staff_html and PUBLIC in staff_html


def test_a_move_with_only_an_internal_note_publishes_no_note(client, staff):
    rec = RecommendationFactory(is_published=True)
    _issue_through_the_admin(client, staff, rec, note=INTERNAL)
    client.logout()
    html = client.get(reverse("public_recommendation_detail", args=[rec.code])).content.decode()
    assert INTERNAL not in html
    assert StatusEvent.objects.get(recommendation=rec).public_note == ""


def test_a_reason_may_be_given_as_either_note(staff):
    rec = RecommendationFactory()
    services.recommendation_issue(actor=staff, recommendation=rec, response_due=datetime.date(2022, 8, 31))
    services.recommendation_start(actor=staff, recommendation=rec)
    services.recommendation_mark_reported(actor=staff, recommendation=rec)
    with pytest.raises(ValidationError) as refused:
        services.recommendation_return(actor=staff, recommendation=rec, note="  ")
    assert refused.value.code == "note_required"
    services.recommendation_return(actor=staff, recommendation=rec, note="", public_note="退回继续办理")
    assert rec.events.latest("pk").public_note == "退回继续办理"


def _task_fields(rec, department):
    return {
        "recommendation": rec,
        "number": 1,
        "title": "建设反诈预警平台",
        "lead_department": department,
        "assigned_on": datetime.date(2022, 5, 20),
        "due_date": datetime.date(2022, 7, 31),
    }


def test_a_task_on_a_draft_is_refused_by_the_service_and_the_database(staff):
    draft = RecommendationFactory()
    department = DepartmentFactory()
    with pytest.raises(ValidationError) as refused:
        services.task_create(actor=staff, **_task_fields(draft, department))
    assert "recommendation" in refused.value.error_dict
    assert not Task.objects.exists()

    fields = _task_fields(draft, department)
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(due_original=fields["due_date"], **fields)

    # Once issued, the same task is accepted.
    services.recommendation_issue(
        actor=staff,
        recommendation=draft,
        response_due=datetime.date(2022, 8, 31),
        occurred_at=datetime.date(2022, 5, 10),
    )
    task = services.task_create(actor=staff, **_task_fields(draft, department))
    draft.refresh_from_db()
    assert task.recommendation_id == draft.pk and draft.status == RS.IN_PROGRESS


def test_the_admin_adds_no_task_even_on_a_draft(client, staff):
    draft = RecommendationFactory()
    department = DepartmentFactory()
    client.force_login(staff)
    response = client.post(
        reverse("admin:recommendations_task_add"),
        {
            "recommendation": draft.pk,
            "number": 1,
            "title": "建设反诈预警平台",
            "lead_department": department.pk,
            "assigned_on": "2022-05-20",
            "due_original": "2022-07-31",
            "due_date": "2022-07-31",
            "reports-TOTAL_FORMS": 0,
            "reports-INITIAL_FORMS": 0,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    # Tasks are assigned in the office's pages; the admin only shows them.
    assert response.status_code == 403
    assert not Task.objects.exists()


def test_a_liaison_never_sees_a_draft_even_through_an_older_task(client, staff):
    department = DepartmentFactory()
    liaison = LiaisonFactory(department=department)
    draft = RecommendationFactory(title="尚未印发的审议意见草稿")
    # A task assigned to a draft before the rule existed.
    with pgtrigger.ignore("recommendations.Task:task_only_on_issued_recommendation"):
        fields = _task_fields(draft, department)
        old = Task.objects.create(due_original=fields["due_date"], **fields)
    issued = RecommendationFactory(title="已印发的审议意见")
    services.recommendation_issue(
        actor=staff,
        recommendation=issued,
        response_due=timezone.localdate(),
        occurred_at=datetime.date(2022, 5, 10),
    )
    visible = services.task_create(actor=staff, **{**_task_fields(issued, department), "number": 2})

    client.force_login(liaison)
    home = client.get(reverse("portal:home"), {"show": "all"})
    html = home.content.decode()
    assert home.status_code == 200
    assert [t.pk for t in home.context["tasks"]] == [visible.pk]
    assert draft.title not in html and draft.code not in html
    assert client.get(reverse("portal:task", args=[old.pk])).status_code == 404
    assert client.get(reverse("portal:report_new", args=[old.pk])).status_code == 404
