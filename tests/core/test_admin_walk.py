"""Every admin page, walked as committee staff who are not superusers: reference data opens and
saves with minimal valid data, the oversight record opens read-only, technical models stay
out of sight, and the index follows the cycle."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from congresses.models import Congress, current_congress
from recommendations.models import Department, Indicator
from reminders.models import WorkingDayException
from tests.factories import (
    DepartmentFactory,
    IndicatorFactory,
    ProgressReportFactory,
    StaffFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda m: m._meta.label)


def minimal_data():
    """Per model the staff may add or change: (fields for the add page, fields for the change
    page), the least a valid form needs."""
    topic = TopicFactory()
    return {
        Department: (
            {"code": "new-dept", "name": "市数据局", "kind": "government", "is_active": "on"},
            {"code": "new-dept", "name": "市数据管理局", "kind": "government", "is_active": "on"},
        ),
        Indicator: (
            {"topic": topic.pk, "name": "预警劝阻人次", "unit": "人次", "direction": "higher"},
            {"topic": topic.pk, "name": "预警劝阻人数", "unit": "人", "direction": "higher"},
        ),
        User: (
            {
                "username": "new-liaison",
                "usable_password": "true",
                "password1": "Oversight-2024-strong",
                "password2": "Oversight-2024-strong",
            },
            {
                "username": "new-liaison",
                "first_name": "林",
                "email": "lin@example.org",
                "is_active": "on",
                "is_committee_staff": "on",
                "date_joined_0": "2024-03-01",
                "date_joined_1": "09:00:00",
            },
        ),
        WorkingDayException: (
            {"date": "2024-07-29", "reason": "台风停工", "is_working_day": ""},
            {"date": "2024-07-29", "reason": "台风“格美”停工", "is_working_day": ""},
        ),
        Congress: (
            None,
            {
                "name": "莆田市人民代表大会常务委员会",
                "short_name": "莆田市人大常委会",
                "government_name": "莆田市人民政府",
                "voting_members": "41",
                "quorum": "1/2",
                "satisfied_share": "1/2",
                "unsatisfied_share": "1/2",
                "calendar": "mainland",
                "time_zone": "Asia/Shanghai",
            },
        ),
    }


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def staff(client):
    user = StaffFactory()
    assert not user.is_superuser
    client.force_login(user)
    return user


def test_every_admin_page_opens_and_saves_for_staff_who_are_not_superusers(client, staff):
    ProgressReportFactory()  # a record of the oversight cycle to open read-only
    data = minimal_data()
    walked = []
    for model in REGISTERED:
        model_admin = admin.site._registry[model]
        request = client.get(url(model, "changelist")).wsgi_request
        can_view = model_admin.has_view_or_change_permission(request)
        can_add = model_admin.has_add_permission(request)
        can_change = model_admin.has_change_permission(request)
        listing = client.get(url(model, "changelist"))
        assert listing.status_code == (200 if can_view else 403), model
        if not can_view:
            continue
        add_fields, change_fields = data.get(model, (None, None))
        if can_add:
            assert add_fields is not None, f"staff may add {model._meta.label}: give its minimal data"
            assert client.get(url(model, "add")).status_code == 200, model
            before = model.objects.count()
            response = client.post(url(model, "add"), add_fields)
            assert response.status_code == 302, (model, _form_errors(response))
            assert model.objects.count() == before + 1
        else:
            assert client.get(url(model, "add")).status_code == 403, model
        obj = model.objects.order_by("-pk").first()
        if obj is None:
            continue
        assert client.get(url(model, "change", obj.pk)).status_code == 200, model
        if can_change:
            assert change_fields is not None, f"staff may change {model._meta.label}: give its minimal data"
            response = client.post(url(model, "change", obj.pk), change_fields)
            assert response.status_code == 302, (model, _form_errors(response))
        walked.append(model._meta.label)
    assert {"recommendations.Department", "accounts.User", "congresses.Congress"} <= set(walked)
    assert Department.objects.filter(name="市数据管理局").exists()
    assert current_congress().voting_members == 41
    account = User.objects.get(username="new-liaison")
    assert account.is_committee_staff and account.groups.filter(name="committee staff").exists()


def _form_errors(response):
    context = response.context
    if not context or "adminform" not in context:
        return response.status_code
    return context["adminform"].form.errors


def test_staff_edit_reference_data_and_only_read_the_oversight_record(client, staff):
    report = ProgressReportFactory()
    rec = report.task.recommendation
    page = client.get(url(type(rec), "change", rec.pk))
    assert page.status_code == 200
    assert b'name="title"' not in page.content  # read-only
    response = client.post(url(type(rec), "change", rec.pk), {"title": "改写"})
    assert response.status_code == 403
    department = DepartmentFactory()
    assert b'name="name"' in client.get(url(Department, "change", department.pk)).content


def test_a_staff_member_cannot_grant_rights_in_the_user_form(client, staff):
    other = UserFactory()
    page = client.get(url(User, "change", other.pk)).content.decode()
    for field in ("is_superuser", "groups", "user_permissions", "is_staff"):
        assert f'name="{field}"' not in page
    client.post(
        url(User, "change", other.pk),
        {
            "username": other.username,
            "is_active": "on",
            "is_superuser": "on",
            "date_joined_0": "2024-03-01",
            "date_joined_1": "09:00:00",
        },
    )
    other.refresh_from_db()
    assert not other.is_superuser


def test_the_index_follows_the_cycle_and_hides_technical_models_from_staff(client, staff):
    IndicatorFactory()
    index = client.get(reverse("admin:index"))
    names = [m["object_name"] for app in index.context["app_list"] for m in app["models"]]
    assert names.index("Congress") < names.index("Department") < names.index("OversightTopic")
    assert names.index("OversightTopic") < names.index("Recommendation") < names.index("Task")
    assert names.index("Task") < names.index("ProgressReport") < names.index("Evaluation")
    apps = {app["app_label"] for app in index.context["app_list"]}
    assert not apps & {"axes", "pghistory", "django_celery_beat", "auth"}
