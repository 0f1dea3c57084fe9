"""An import writes into one congress only: the staff member's own, whatever codes the file
shares with another congress's records, and never reads or changes another congress's rows."""

import io

import pytest
from django.core.management import CommandError, call_command

from congresses.models import default_congress
from congresses.scoping import scope
from recommendations.models import Department, Recommendation
from tests.exchange.conftest import exported_rows
from tests.factories import CongressFactory, StaffFactory

pytestmark = pytest.mark.django_db


def rows_of(congress):
    with scope(congress):
        return exported_rows()


def test_an_import_into_one_congress_leaves_another_with_the_same_codes_untouched(demo_seed, tmp_path):
    city = default_congress()
    county = CongressFactory(code="xianyou", name="仙游县人大常委会")
    county_staff = StaffFactory(username="xianyou-staff", congress=county)
    city_before = rows_of(city)
    with scope(city):
        city_updated = dict(Recommendation.objects.values_list("code", "updated_at"))
    path = tmp_path / "putian.xlsx"
    call_command("export_oversight", str(path), congress=city.code, stdout=io.StringIO())

    call_command(
        "import_oversight", str(path), user=county_staff.username, no_progress=True, stdout=io.StringIO()
    )

    # The county now holds the same record under the same codes; the city's is as it was.
    assert rows_of(county) == city_before
    assert rows_of(city) == city_before
    with scope(city):
        assert dict(Recommendation.objects.values_list("code", "updated_at")) == city_updated
    assert set(Department.objects.filter(congress=county).values_list("code", flat=True)) == set(
        Department.objects.filter(congress=city).values_list("code", flat=True)
    )

    # Again into the county: refused on the county's own codes, and the city's rows unchanged.
    with pytest.raises(CommandError, match="nothing was written"):
        call_command(
            "import_oversight",
            str(path),
            user=county_staff.username,
            no_progress=True,
            language="en",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert rows_of(city) == city_before


def test_staff_cannot_import_into_another_congress(demo_seed, tmp_path):
    county = CongressFactory(code="xianyou", name="仙游县人大常委会")
    county_staff = StaffFactory(username="xianyou-staff", congress=county)
    path = tmp_path / "putian.xlsx"
    call_command("export_oversight", str(path), congress="putian", stdout=io.StringIO())
    with scope(default_congress()):
        before = Recommendation.objects.count()

    with pytest.raises(CommandError, match="imports only into it"):
        call_command(
            "import_oversight", str(path), user=county_staff.username, congress="putian", language="en"
        )

    with scope(default_congress()):
        assert Recommendation.objects.count() == before
    assert not Recommendation.objects.filter(congress=county).exists()
