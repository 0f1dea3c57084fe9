import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from evaluations import services as evaluation_services
from exchange.exporter import export_datasets, json_bytes, workbook_bytes
from recommendations import services
from recommendations.choices import RecommendationStatus, ReportStatus, Verdict
from recommendations.models import Recommendation, StatusEvent
from tests.exchange.conftest import exported_rows, import_file, record_counts, wipe_record
from tests.factories import InspectionFactory

pytestmark = pytest.mark.django_db

SEED_WORKBOOK = settings.BASE_DIR / "fixtures" / "seed_case.xlsx"


def assert_same_record(expected, actual):
    """Sheet by sheet, row by row, field by field (natural keys, no primary keys)."""
    assert list(expected) == list(actual)
    for sheet in expected:
        assert len(expected[sheet]) == len(actual[sheet]), sheet
        for number, (want, got) in enumerate(zip(expected[sheet], actual[sheet], strict=True), start=2):
            differences = {k: (want[k], got.get(k)) for k in want if want[k] != got.get(k)}
            assert not differences, f"{sheet} row {number}: {differences}"


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_export_import_into_empty_database_exports_the_same(demo, staff_user, fmt):
    first = exported_rows()
    assert all(first[sheet] for sheet in first), "the demo fills every sheet"
    datasets = export_datasets()
    data = workbook_bytes(datasets) if fmt == "xlsx" else json_bytes(datasets)
    wipe_record()

    report = import_file(f"record.{fmt}", data, actor=staff_user)

    assert report.problems == []
    assert_same_record(first, exported_rows())


def test_csv_sheets_round_trip_one_by_one(demo, staff_user):
    first = exported_rows()
    files = {sheet: dataset.export("csv").encode() for sheet, dataset in export_datasets().items()}
    wipe_record()
    for sheet, data in files.items():
        report = import_file(f"{sheet}.csv", data, actor=staff_user)
        assert report.problems == [], sheet
    assert_same_record(first, exported_rows())


def test_handling_cycles_round_trip_in_every_status_that_can_follow_one(demo_seed, staff_user):
    rehandled, twice, reopened = Recommendation.objects.order_by("code")[:3]
    services.recommendation_new_cycle(actor=staff_user, recommendation=rehandled, note="不满意,重新办理")
    for _round in range(2):
        twice = services.recommendation_new_cycle(actor=staff_user, recommendation=twice, note="重新办理")
        twice = services.recommendation_mark_reported(actor=staff_user, recommendation=twice)
    reopened = evaluation_services.recommendation_close(
        actor=staff_user, recommendation=reopened, verdict=Verdict.NOT_IMPLEMENTED, note="未落实"
    )
    visit = InspectionFactory(topic=reopened.topic, title="回头看", started_on=timezone.localdate())
    reopened = services.recommendation_reopen(
        actor=staff_user, recommendation=reopened, note="回头看", inspection=visit
    )
    reopened = services.recommendation_mark_reported(actor=staff_user, recommendation=reopened)
    evaluation_services.recommendation_close(
        actor=staff_user, recommendation=reopened, verdict=Verdict.PARTIALLY_IMPLEMENTED, note="部分落实"
    )
    states = {r.code: (r.status, r.cycle) for r in Recommendation.objects.all()}
    assert sorted(states.values()) == [
        (RecommendationStatus.CLOSED, 2),
        (RecommendationStatus.IN_PROGRESS, 2),
        (RecommendationStatus.REPORTED, 1),
        (RecommendationStatus.REPORTED, 3),
    ]
    first = exported_rows()
    assert sorted(row["cycle"] for row in first["recommendations"]) == ["1", "2", "2", "3"]
    data = workbook_bytes(export_datasets())
    wipe_record()

    report = import_file("record.xlsx", data, actor=staff_user)

    assert report.problems == []
    assert_same_record(first, exported_rows())
    assert {r.code: (r.status, r.cycle) for r in Recommendation.objects.all()} == states


def test_seed_workbook_imported_into_empty_database_equals_the_demos_seed(db, staff_user):
    report = import_file("seed_case.xlsx", SEED_WORKBOOK.read_bytes(), actor=staff_user)
    assert report.problems == []
    from_workbook = exported_rows()
    counts = record_counts()
    wipe_record()

    call_command("load_demo", seed_only=True, stdout=io.StringIO())

    assert_same_record(exported_rows(), from_workbook)
    loaded = record_counts()
    assert {k: v for k, v in loaded.items() if k != "StatusEvent"} == {
        k: v for k, v in counts.items() if k != "StatusEvent"
    }


def test_imported_statuses_are_transitions_with_events_by_the_importer(demo, staff_user):
    data = workbook_bytes(export_datasets())
    statuses = dict(Recommendation.objects.values_list("code", "status"))
    wipe_record()

    import_file("record.xlsx", data, actor=staff_user)

    for recommendation in Recommendation.objects.all():
        events = list(
            StatusEvent.objects.filter(recommendation=recommendation, subject="recommendation").order_by(
                "occurred_at", "pk"
            )
        )
        assert recommendation.status == statuses[recommendation.code]
        assert events[0].from_status == RecommendationStatus.DRAFT
        assert events[-1].to_status == recommendation.status
        for before, after in zip(events, events[1:], strict=False):
            assert before.to_status == after.from_status
        assert {e.actor for e in events} == {staff_user}
    report_events = StatusEvent.objects.filter(subject="report")
    assert report_events.filter(to_status=ReportStatus.ACCEPTED).exists()
    assert set(report_events.values_list("actor", flat=True)) == {staff_user.pk}


def test_history_rows_carry_the_importing_user(db, staff_user):
    import_file("seed_case.xlsx", SEED_WORKBOOK.read_bytes(), actor=staff_user)
    recommendation = Recommendation.objects.first()
    history = recommendation.history.all()
    assert history.exists()
    assert {row.pgh_context.metadata["user"] for row in history} == {staff_user.pk}


def test_the_template_workbook_has_every_sheet_and_imports_as_empty(db, staff_user):
    template = settings.BASE_DIR / "fixtures" / "templates" / "oversight_template.xlsx"
    report = import_file("oversight_template.xlsx", template.read_bytes(), actor=staff_user)
    assert report.problems == []
    assert list(report.counts) == list(export_datasets())
    assert not any(report.counts.values())
