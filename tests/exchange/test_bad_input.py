"""Each kind of bad input gets a clear message naming its row and column, every problem is
reported at once, and nothing is written."""

import io
import json

import openpyxl
import pytest

from exchange.exporter import workbook_bytes
from exchange.files import FileRejected
from recommendations.choices import RecommendationStatus
from recommendations.models import Recommendation, StatusEvent
from tests.exchange.conftest import REC_HEADERS, csv_bytes, import_file, rec_row, record_counts
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

TASK_HEADERS = ["recommendation", "number", "title", "lead_unit", "assigned_on", "due_original"]


def task_rows(**changes):
    row = {
        "recommendation": "2022-FRAUD-09",
        "number": 1,
        "title": "研发反诈平台",
        "lead_unit": "市公安局",
        "assigned_on": "2022-05-20",
        "due_original": "2022-07-31",
    }
    row.update(changes)
    return [[row[h] for h in TASK_HEADERS]]


def xlsx_bytes(sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (headers, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def problems_of(name, data, **kwargs):
    before = record_counts()
    try:
        report = import_file(name, data, **kwargs)
        problems = report.problems
    except FileRejected as exc:
        problems = exc.problems
    assert record_counts() == before, "nothing may be written"
    assert problems, "the input must be refused"
    return [(p.sheet, p.row, p.column, p.message, str(p)) for p in problems]


def test_a_valid_file_is_written(base, staff_user):
    workbook = xlsx_bytes(
        {
            "recommendations": (
                REC_HEADERS,
                [rec_row(progress="issued", response_due_original="2022-07-31")],
            ),
            "tasks": (TASK_HEADERS, task_rows()),
        }
    )
    report = import_file("ok.xlsx", workbook, actor=staff_user)
    assert report.problems == []
    assert record_counts()["Task"] == 1 and record_counts()["Recommendation"] == 1


def test_a_task_on_a_draft_recommendation_is_refused(base, staff_user):
    workbook = xlsx_bytes(
        {"recommendations": (REC_HEADERS, [rec_row()]), "tasks": (TASK_HEADERS, task_rows())}
    )
    problems = problems_of("draft.xlsx", workbook, actor=staff_user)
    assert any("only to an issued recommendation" in p[3] for p in problems)


CYCLE_HEADERS = [*REC_HEADERS, "cycle"]


def cycle_row(cycle, progress="in_progress", code="2022-FRAUD-09", number=9):
    return [*rec_row(code, number, progress=progress, response_due_original="2022-07-31"), cycle]


def test_the_cycle_column_is_optional_blank_means_1_and_a_later_cycle_is_kept(base, staff_user):
    rows = [cycle_row(""), cycle_row("3", "reported", "2022-FRAUD-10", 10)]
    report = import_file("recommendations.csv", csv_bytes(CYCLE_HEADERS, rows), actor=staff_user)
    assert report.problems == []
    assert dict(Recommendation.objects.values_list("code", "cycle")) == {
        "2022-FRAUD-09": 1,
        "2022-FRAUD-10": 3,
    }
    # The earlier cycles are not in the file: the timeline is the import's path, nothing made up.
    later = Recommendation.objects.get(code="2022-FRAUD-10")
    moves = (
        StatusEvent.objects.filter(recommendation=later)
        .order_by("pk")
        .values_list("from_status", "to_status")
    )
    assert list(moves) == [
        (RecommendationStatus.DRAFT, RecommendationStatus.ISSUED),
        (RecommendationStatus.ISSUED, RecommendationStatus.IN_PROGRESS),
        (RecommendationStatus.IN_PROGRESS, RecommendationStatus.REPORTED),
    ]


@pytest.mark.parametrize(
    ("cycle", "message"),
    [
        ("0", "The handling cycle counts from 1: enter a whole number of at least 1."),
        ("-2", "The handling cycle counts from 1: enter a whole number of at least 1."),
        ("1.5", "Enter a whole number."),
        ("two", "Enter a whole number."),
        ("40000", "Ensure this value is less than or equal to 32767."),
    ],
)
def test_a_cycle_that_is_not_a_whole_number_from_1_is_named(base, cycle, message):
    data = xlsx_bytes(
        {
            "recommendations": (
                CYCLE_HEADERS,
                [cycle_row("1", code="2022-FRAUD-08", number=8), cycle_row(cycle)],
            )
        }
    )
    problems = problems_of("bad.xlsx", data)
    assert [p[:4] for p in problems] == [("recommendations", 3, "cycle", message)]
    assert "sheet recommendations, row 3, column cycle" in problems[0][4]


@pytest.mark.parametrize("progress", ["", "draft", "issued"])
def test_a_later_cycle_before_handling_started_is_refused(base, progress):
    problems = problems_of("recommendations.csv", csv_bytes(CYCLE_HEADERS, [cycle_row("2", progress)]))
    assert [p[:3] for p in problems] == [("recommendations", 2, "cycle")]
    assert problems[0][3] == (
        "Only a recommendation sent back for re-handling or reopened is past cycle 1; "
        "its progress must then be one of: in_progress, reported, closed."
    )


def test_an_unknown_header_is_named_with_row_1(base):
    headers = [h if h != "content" else "contnet" for h in REC_HEADERS]
    problems = problems_of("recommendations.csv", csv_bytes(headers, [rec_row()]))
    assert ("recommendations", 1, "contnet") in [p[:3] for p in problems]
    assert any("Unknown column" in p[3] for p in problems)


def test_a_missing_required_header_is_named(base):
    headers = [h for h in REC_HEADERS if h != "title"]
    rows = [[v for h, v in zip(REC_HEADERS, rec_row(), strict=True) if h != "title"]]
    problems = problems_of("recommendations.csv", csv_bytes(headers, rows))
    assert ("recommendations", 1, "title", "The required column is missing.") in [p[:4] for p in problems]


def test_an_unknown_department_is_named_with_row_and_column(base):
    data = xlsx_bytes(
        {
            "recommendations": (REC_HEADERS, [rec_row()]),
            "tasks": (TASK_HEADERS, task_rows(lead_unit="市反诈中心")),
        }
    )
    problems = problems_of("bad.xlsx", data)
    assert [p[:3] for p in problems] == [("tasks", 2, "lead_unit")]
    assert "Unknown department “市反诈中心”" in problems[0][3]
    assert "sheet tasks, row 2, column lead_unit" in problems[0][4]


def test_a_malformed_date_is_named(base):
    data = xlsx_bytes(
        {
            "recommendations": (REC_HEADERS, [rec_row()]),
            "tasks": (TASK_HEADERS, task_rows(assigned_on="2022-13-45")),
        }
    )
    problems = problems_of("bad.xlsx", data)
    assert [p[:4] for p in problems] == [("tasks", 2, "assigned_on", "Enter a date as YYYY-MM-DD.")]


def test_a_code_repeated_within_the_file_is_named(base):
    rows = [rec_row(), rec_row(number=10)]
    problems = problems_of("recommendations.csv", csv_bytes(REC_HEADERS, rows))
    assert [p[:4] for p in problems] == [("recommendations", 3, "code", "Repeats row 2 of this sheet.")]


def test_a_code_already_in_the_database_is_named(base):
    RecommendationFactory(code="2022-FRAUD-09", topic=base["topic"], number=1)
    problems = problems_of("recommendations.csv", csv_bytes(REC_HEADERS, [rec_row()]))
    assert [p[:4] for p in problems] == [("recommendations", 2, "code", "Already in the database.")]


def test_an_empty_required_cell_is_named(base):
    problems = problems_of("recommendations.csv", csv_bytes(REC_HEADERS, [rec_row(title="")]))
    assert [p[:4] for p in problems] == [("recommendations", 2, "title", "This cell is required.")]


def test_a_formula_is_refused_with_its_row_and_column(base):
    data = xlsx_bytes(
        {"recommendations": (REC_HEADERS, [rec_row(), rec_row("2022-FRAUD-10", 10, title='=HYPERLINK("x")')])}
    )
    problems = problems_of("formula.xlsx", data)
    assert [p[:3] for p in problems] == [("recommendations", 3, "title")]
    assert "formula" in problems[0][3]


def test_a_formula_in_a_csv_cell_is_refused(base):
    problems = problems_of("recommendations.csv", csv_bytes(REC_HEADERS, [rec_row(content="=1+1")]))
    assert [p[:3] for p in problems] == [("recommendations", 2, "content")]


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("record.xlsx", b"code,topic\n1,2\n", "not an .xlsx workbook"),
        ("record.xlsx", b"PK\x03\x04 broken zip", "not a readable .xlsx workbook"),
        ("recommendations.csv", None, "content is binary"),
        ("recommendations.csv", "代码,议题\n".encode("gb18030"), "not UTF-8"),
        ("record.json", b"{not json", "not valid JSON"),
        ("record.pdf", b"%PDF-1.4", "Unsupported file type"),
    ],
)
def test_a_file_that_is_not_what_its_extension_says_is_refused(base, name, data, expected):
    data = data if data is not None else workbook_bytes({})
    problems = problems_of(name, data)
    assert expected in problems[0][3]


def test_a_file_too_large_is_refused(base, settings):
    settings.EXCHANGE_MAX_UPLOAD_BYTES = 200
    data = csv_bytes(REC_HEADERS, [rec_row(content="长" * 300)])
    problems = problems_of("recommendations.csv", data)
    assert "too large" in problems[0][3]


def test_every_problem_is_reported_at_once(base):
    rows = [
        rec_row(title=""),
        rec_row("2022-FRAUD-10", 10, response_due_original="31/07/2022"),
        rec_row("2022-FRAUD-11", 11, progress="closed"),
        rec_row("2022-FRAUD-11", 12, topic="2099-NONE"),
    ]
    problems = problems_of("recommendations.csv", csv_bytes(REC_HEADERS, rows))
    assert [p[1:3] for p in problems] == [
        (2, "title"),
        (3, "response_due_original"),
        (4, "recheck_verdict"),
        (5, "topic"),
    ]


def test_a_verdict_on_a_recommendation_that_is_not_closed_is_refused(base):
    row = rec_row(progress="in_progress", response_due_original="2022-07-31")
    headers = [*REC_HEADERS, "recheck_verdict"]
    problems = problems_of("recommendations.csv", csv_bytes(headers, [[*row, "implemented"]]))
    assert [p[1:4] for p in problems] == [(2, "recheck_verdict", "A verdict is given only when closing.")]


def test_json_rows_that_are_not_objects_are_refused(base):
    problems = problems_of("record.json", json.dumps({"recommendations": [["a", "b"]]}).encode())
    assert "object of column to value" in problems[0][3]
