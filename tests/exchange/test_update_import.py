"""An update import: the office's ledger exported, its progress columns filled in, imported
again. Stored records matched by code change their progress through the services; nothing else
is duplicated or changed."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from exchange.files import read_file
from exchange.importer import oversight_import
from recommendations.models import Measurement, ProgressReport, Recommendation, StatusEvent
from tests.exchange.conftest import record_counts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SEED = settings.BASE_DIR / "fixtures" / "seed_case.xlsx"


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk", is_committee_staff=True, is_staff=True)


@pytest.fixture
def seeded(clerk):
    report = oversight_import(actor=clerk, tables=read_file(SEED.name, SEED.read_bytes()))
    assert report.written


def seed_tables(changes=None):
    """The seed workbook with cells changed: {(sheet, code): {column: value}}."""
    tables = read_file(SEED.name, SEED.read_bytes())
    for (sheet, code), columns in (changes or {}).items():
        table = tables[sheet]
        row = next(r for r in table.rows if code in r)
        for column, value in columns.items():
            row[table.headers.index(column)] = value
    return tables


def test_the_same_workbook_imported_again_as_an_update_changes_and_duplicates_nothing(seeded, clerk):
    before = record_counts()
    events = StatusEvent.objects.count()

    report = oversight_import(actor=clerk, tables=seed_tables(), update=True)

    assert report.problems == [] and report.written
    assert record_counts() == before
    assert StatusEvent.objects.count() == events
    assert report.updated == {}
    assert report.unchanged["recommendations"] == 4 and report.unchanged["measurements"] == 18


def test_progress_columns_change_stored_records_through_the_transitions(seeded, clerk):
    tables = seed_tables(
        {
            ("recommendations", "2022-FRAUD-01"): {
                "progress": "closed",
                "recheck_verdict": "implemented",
                "closed_at": "2022-12-20 10:00:00",
            },
            ("recommendations", "2022-FRAUD-02"): {"government_response": "partially_accepted"},
        }
    )
    before = record_counts()

    dry = oversight_import(actor=clerk, tables=tables, update=True, dry_run=True)
    assert dry.problems == [] and Recommendation.objects.get(code="2022-FRAUD-01").status == "reported"
    report = oversight_import(actor=clerk, tables=tables, update=True)

    assert report.problems == [] and report.written
    assert report.updated == {"recommendations": 2}
    closed = Recommendation.objects.get(code="2022-FRAUD-01")
    assert (closed.status, closed.verdict) == ("closed", "implemented")
    assert timezone.localtime(closed.closed_at).date() == datetime.date(2022, 12, 20)
    event = closed.events.latest("occurred_at", "pk")
    assert (event.from_status, event.to_status, event.actor) == ("reported", "closed", clerk)
    assert closed.closures.get().reports.exists(), "the accepted reports support the closure"
    assert Recommendation.objects.get(code="2022-FRAUD-02").government_response == "partially_accepted"
    assert record_counts()["Recommendation"] == before["Recommendation"]


def test_progress_cannot_go_back_by_import_and_then_nothing_changes(seeded, clerk):
    tables = seed_tables(
        {
            ("recommendations", "2022-FRAUD-03"): {"progress": "issued"},
            ("recommendations", "2022-FRAUD-02"): {"government_response": "not_accepted"},
        }
    )

    report = oversight_import(actor=clerk, tables=tables, update=True)

    assert [(p.sheet, p.row) for p in report.problems] == [("recommendations", 4)]
    assert "cannot go from" in report.problems[0].message
    assert not report.written
    assert Recommendation.objects.get(code="2022-FRAUD-02").government_response == "accepted"


def test_without_update_a_stored_code_is_still_a_duplicate(seeded, clerk):
    report = oversight_import(actor=clerk, tables=seed_tables())
    assert "Already in the database." in {p.message for p in report.problems}


def test_the_command_updates_with_update(seeded, tmp_path, capsys):
    from exchange.exporter import export_file

    path = tmp_path / "ledger.xlsx"
    path.write_bytes(export_file("xlsx"))

    call_command(
        "import_oversight", str(path), "--update", "--user", "clerk", "--no-progress", "--language", "en"
    )

    assert "recommendations 4 (0 updated, 4 unchanged)" in capsys.readouterr().out
    assert ProgressReport.objects.count() == 12 and Measurement.objects.count() == 18
