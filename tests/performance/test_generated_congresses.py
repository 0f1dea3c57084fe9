"""The scale generator's regions are congresses: a province's, its prefecture cities' under it,
their districts' and counties' under those; every generated record belongs to its region's
congress, and the search index knows each document's congress."""

import pytest
from django.db.models import F

from accounts.models import User
from congresses.models import Congress
from congresses.scoping import scope
from recommendations.models import (
    Department,
    Finding,
    Inspection,
    Measurement,
    Meeting,
    ProgressReport,
    Recommendation,
    Remark,
    Task,
)
from scale.generator import generate
from search.models import SearchDocument

pytestmark = pytest.mark.django_db

# The congress each kind of indexed record reaches, by its scope's path.
INDEXED = {
    "recommendation": Recommendation,
    "task": Task,
    "finding": Finding,
    "remark": Remark,
    "inspection": Inspection,
    "report": ProgressReport,
    "measurement": Measurement,
    "department": Department,
}


@pytest.fixture
def generated():
    generate(400, seed=5, congresses=4)
    return {c.code: c for c in Congress.objects.filter(code__startswith="gen-")}


def test_regions_are_congresses_under_the_province_and_their_city(generated):
    province = generated["gen-province"]
    assert (province.level, province.parent) == (Congress.Level.PROVINCE, None)
    city, *counties = (generated[f"gen-r00{i}"] for i in range(1, 5))
    assert (city.name, city.level, city.parent) == ("福州市人大常委会", Congress.Level.CITY, province)
    assert [c.name for c in counties] == ["鼓楼区人大常委会", "台江区人大常委会", "仓山区人大常委会"]
    assert {(c.level, c.parent) for c in counties} == {(Congress.Level.COUNTY, city)}
    assert {c.pk for c in province.descendants()} == {city.pk, *(c.pk for c in counties)}


def test_every_record_and_account_belongs_to_its_regions_congress(generated):
    regions = [generated[f"gen-r00{i}"] for i in range(1, 5)]
    for index, congress in enumerate(regions, start=1):
        with scope(congress):
            topics = set(Recommendation.objects.values_list("topic__code", flat=True))
            departments = set(Department.objects.values_list("code", flat=True))
            people = set(User.in_congress.values_list("username", flat=True))
            meetings = set(Meeting.objects.values_list("title", flat=True))
        # Topic codes carry the region's number; every congress below the city has some work.
        assert topics and all(f"-R{index:03d}-" in code for code in topics)
        assert departments and all(code.startswith(f"gen-r{index:03d}-") for code in departments)
        assert f"gen-r{index:03d}-staff" in people
        assert all(name.startswith(f"gen-r{index:03d}") for name in people)
        assert all(title.startswith(congress.name) for title in meetings)
    # A task's, a report's and a measurement's congress is their recommendation's or topic's.
    assert not Finding.objects.exclude(congress=F("topic__congress")).exists()
    assert not Recommendation.objects.exclude(congress=F("topic__congress")).exists()
    with scope(generated["gen-province"]):
        assert list(User.in_congress.values_list("username", flat=True).order_by("username")) == [
            "gen-province-member",
            "gen-province-staff",
        ]
        assert not Recommendation.objects.exists()


def test_every_search_document_carries_its_records_congress(generated):
    documents = SearchDocument.objects.all()
    assert set(documents.values_list("kind", flat=True)) == set(INDEXED)
    for kind, model in INDEXED.items():
        owner = dict(model._default_manager.values_list("pk", F(model._default_manager.scope_path)))
        rows = documents.filter(kind=kind).values_list("object_id", "congress_id")
        assert rows and all(owner[object_id] == congress for object_id, congress in rows), kind


def test_a_congress_scope_reads_only_its_own_search_documents(generated):
    county = generated["gen-r002"]
    with scope(county):
        seen = set(SearchDocument.objects.values_list("congress_id", flat=True))
    assert seen == {county.pk}
