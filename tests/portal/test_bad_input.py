"""Every form answers bad input with field-level messages and saves nothing."""

import pytest
from django.urls import reverse

from recommendations.models import Measurement, ProgressReport
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def post(client, world, **fields):
    data = {"narrative": "说明", "m-TOTAL_FORMS": "3", "m-INITIAL_FORMS": "0"}
    data.update(fields)
    client.force_login(world.police_user)
    return client.post(reverse("portal:report_new", args=[world.task.pk]), data)


def test_measurement_without_any_number_gets_a_message(client, world):
    response = post(client, world, **{"m-0-indicator": world.indicators[0].pk, "m-0-period_label": "上半年"})
    assert response.status_code == 200
    assert response.context["formset"].forms[0].non_field_errors()
    assert not ProgressReport.objects.exists() and not Measurement.objects.exists()


def test_period_ending_before_it_starts_gets_a_message(client, world):
    response = post(
        client,
        world,
        **{
            "m-0-indicator": world.indicators[0].pk,
            "m-0-value": "10",
            "m-0-period_start": "2022-06-30",
            "m-0-period_end": "2022-01-01",
        },
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors
    assert not ProgressReport.objects.exists()


def test_indicator_of_another_topic_is_not_a_valid_choice(client, world):
    foreign = IndicatorFactory(name="外议题指标")
    response = post(client, world, **{"m-0-indicator": foreign.pk, "m-0-value": "1"})
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["indicator"]
    assert not ProgressReport.objects.exists()


def test_number_that_is_not_a_number_gets_a_field_message(client, world):
    response = post(
        client, world, **{"m-0-indicator": world.indicators[0].pk, "m-0-change_percent": "比降29.8"}
    )
    assert response.context["formset"].forms[0].errors["change_percent"]
    assert not ProgressReport.objects.exists()


def test_empty_narrative_gets_a_field_message(client, world):
    response = post(client, world, narrative="")
    assert response.context["form"].errors["narrative"]
    assert not ProgressReport.objects.exists()


def test_broken_formset_management_data_is_a_message_not_a_server_error(client, world):
    client.force_login(world.police_user)
    response = client.post(reverse("portal:report_new", args=[world.task.pk]), {"narrative": "说明"})
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert not ProgressReport.objects.exists()


def test_one_bad_row_among_good_ones_saves_nothing(client, world):
    response = post(
        client,
        world,
        **{
            "m-0-indicator": world.indicators[0].pk,
            "m-0-change_percent": "-29.8",
            "m-1-indicator": world.indicators[1].pk,
        },
    )
    assert response.status_code == 200
    assert not ProgressReport.objects.exists() and not Measurement.objects.exists()


def test_a_posted_form_count_above_the_limit_builds_no_more_forms_than_the_limit(client, world):
    response = post(client, world, **{"m-TOTAL_FORMS": "1000"})
    assert response.status_code == 200
    formset = response.context["formset"]
    assert len(formset.forms) == 50
    assert formset.non_form_errors()
    assert not ProgressReport.objects.exists()
