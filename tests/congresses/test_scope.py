"""Every query on a congress's records runs in a congress scope: outside one it fails loudly;
inside one it sees that congress's rows only, whoever built the queryset and when."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from congresses.models import Congress, current_congress, default_congress, for_each_congress, in_congress
from congresses.scoping import ScopeError, scope, scopes_disabled
from office.forms import TaskForm
from recommendations.models import Department, Measurement, Recommendation, StatusEvent, Task
from tests.factories import (
    CongressFactory,
    DepartmentFactory,
    StaffFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    """The default (city) congress and a county under it, each with a recommendation coded alike."""
    city, county = default_congress(), CongressFactory(code="xianyou")
    with in_congress(city):
        city_task = TaskFactory(recommendation__code="2024-ROAD-01", recommendation__title="城区道路整治")
    with in_congress(county):
        county_task = TaskFactory(recommendation__code="2024-ROAD-01", recommendation__title="乡村道路整治")
    return city, county, city_task, county_task


@pytest.mark.scoped
def test_a_query_on_congress_records_outside_any_scope_fails(two):
    for query in (
        lambda: list(Recommendation.objects.all()),
        lambda: Task.objects.filter(number=1).count(),
        lambda: Department.objects.exists(),
        lambda: Measurement.objects.aggregate(n=__import__("django").db.models.Count("pk")),
        lambda: StatusEvent.objects.values_list("pk", flat=True).first(),
        lambda: Recommendation.objects.filter(pk__in=Task.objects.values("recommendation_id")).count(),
    ):
        with pytest.raises(ScopeError):
            query()


@pytest.mark.scoped
def test_inside_a_scope_only_that_congress_rows_are_seen(two):
    city, county, city_task, county_task = two
    with in_congress(county):
        assert list(Recommendation.objects.values_list("title", flat=True)) == ["乡村道路整治"]
        assert Recommendation.objects.get(code="2024-ROAD-01") == county_task.recommendation
        assert list(Task.objects.all()) == [county_task]
        assert current_congress() == county
    with scope([city, county]):
        assert Recommendation.objects.filter(code="2024-ROAD-01").count() == 2
    with scopes_disabled():
        assert Task.objects.count() == 2
    seen = dict(for_each_congress(lambda congress: (congress.code, list(Task.objects.all()))))
    assert seen == {city.code: [city_task], county.code: [county_task]}


@pytest.mark.scoped
def test_a_queryset_built_ahead_follows_the_scope_it_runs_in(two):
    city, county, city_task, county_task = two
    # A form's department choices are built when the form class is defined, at import.
    field = TaskForm.base_fields["lead_department"]
    for congress, task in ((city, city_task), (county, county_task)):
        with in_congress(congress):
            choices = list(field.queryset.all())  # each form copies it so
        assert task.lead_department in choices and {d.congress for d in choices} == {congress}


def test_codes_are_unique_within_a_congress_not_across(two):
    city, county, _city_task, _county_task = two
    with in_congress(county):
        duplicate = Recommendation(
            topic=_county_task.recommendation.topic, code="2024-ROAD-01", number=9, title="x", body="y"
        )
        with pytest.raises(ValidationError) as refused:
            duplicate.full_clean()
        assert "This congress already has a recommendation with this code." in str(refused.value)
    assert {r.congress for r in Recommendation.objects.filter(code="2024-ROAD-01")} == {city, county}


def test_staff_see_and_change_only_their_own_congress_records(client, two):
    city, county, city_task, county_task = two
    county_staff = StaffFactory(congress=county)
    client.force_login(county_staff)
    page = client.get(reverse("office:recommendation", args=["2024-ROAD-01"]))
    assert page.status_code == 200
    assert "乡村道路整治" in page.content.decode() and "城区道路整治" not in page.content.decode()
    assert client.get(reverse("office:task", args=[city_task.pk])).status_code == 404
    listing = client.get(reverse("office:recommendations")).content.decode()
    assert "乡村道路整治" in listing and "城区道路整治" not in listing


def test_a_record_takes_the_congress_it_is_created_in(two):
    _city, county, _city_task, _county_task = two
    with in_congress(county):
        department = DepartmentFactory(code="roads")
    assert department.congress == county


def test_a_congress_code_is_taken_once(two):
    _city, county, _city_task, _county_task = two
    duplicate = Congress(
        code=county.code, name="另一个", short_name="另一个", government_name="某政府", voting_members=9
    )
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert "code" in refused.value.message_dict
