"""Audit: staff can read the change history of any record in the admin (who, when, what
changed), through pghistory's "Events" object tool, including changes made by an import and
by a bulk admin action."""

import re

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from pghistory.admin.templatetags.pghistory_admin import events_are_tracked

from recommendations.models import Recommendation
from tests.exchange.conftest import REC_HEADERS, csv_bytes, rec_row

pytestmark = pytest.mark.django_db

EVENTS_LINK = re.compile(r'<a href="([^"]+)" class="events-admin">')


def events_page(client, change_url):
    """Follow the change page's "Events" link; return the events page's HTML."""
    change = client.get(change_url)
    assert change.status_code == 200, change_url
    link = EVENTS_LINK.search(change.content.decode())
    assert link, f"no Events link on {change_url}"
    events = client.get(link.group(1).replace("&amp;", "&"))
    assert events.status_code == 200
    return events.content.decode()


def test_every_tracked_admin_model_offers_its_records_history(client, world):
    client.force_login(world.staff)
    tracked = [model for model in admin.site._registry if events_are_tracked(model._meta.label)]
    # The domain models and users at least.
    assert {"recommendations.Recommendation", "recommendations.Task", "accounts.User"} <= {
        model._meta.label for model in tracked
    }
    for model in tracked:
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, model._meta.label
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
        html = events_page(client, url)
        # One row per event: the insert at least, with its time and what changed.
        assert "result_list" in html and ("insert" in html or "create" in html.lower()), model._meta.label


def test_history_shows_who_changed_what_through_an_edit_in_the_admin(client, world):
    client.force_login(world.staff)
    department = world.a.department
    change_url = reverse("admin:recommendations_department_change", args=[department.pk])
    form = client.get(change_url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"name": "市公安局(修订)"})
    for prefix, formset in (
        (fs.formset.prefix, fs.formset) for fs in client.get(change_url).context["inline_admin_formsets"]
    ):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": formset.total_form_count(),
                f"{prefix}-INITIAL_FORMS": formset.initial_form_count(),
            }
        )
        for index, inline_form in enumerate(formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None:
                    data[f"{prefix}-{index}-{name}"] = value
    response = client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    html = events_page(client, change_url)
    assert "市公安局(修订)" in html  # what changed (the diff)
    assert str(world.staff) in html  # who
    assert change_url in html  # from where


def test_history_shows_rows_written_by_an_import_with_the_importing_user(client, world, tmp_path):
    path = tmp_path / "recommendations.csv"
    row = rec_row(code="2022-FRAUD-09", number=9)
    row[REC_HEADERS.index("topic")] = world.topic.code
    path.write_bytes(csv_bytes(REC_HEADERS, [row]))
    call_command("import_oversight", str(path), "--user", world.staff.username, "--no-progress")
    imported = Recommendation.objects.get(code="2022-FRAUD-09")
    client.force_login(world.staff)
    html = events_page(client, reverse("admin:recommendations_recommendation_change", args=[imported.pk]))
    assert "2022-FRAUD-09" in html and str(world.staff) in html


def test_history_shows_a_bulk_admin_action_on_each_record(client, world):
    client.force_login(world.staff)
    targets = [world.recommendation]
    response = client.post(
        reverse("admin:recommendations_recommendation_changelist"),
        {"action": "start", "_selected_action": [rec.pk for rec in targets]},
        follow=True,
    )
    assert response.status_code == 200
    for rec in targets:
        rec.refresh_from_db()
        assert rec.status == "in_progress"
        html = events_page(client, reverse("admin:recommendations_recommendation_change", args=[rec.pk]))
        assert "in_progress" in html and str(world.staff) in html
