import csv
import io
import json

import pytest
from django.utils.html import escape
from django.utils.translation import override
from openpyxl import load_workbook

from api.opendata import DATASETS

from .conftest import SECRETS

pytestmark = pytest.mark.django_db

SLUGS = [dataset.slug for dataset in DATASETS]


def download(client, slug, fmt):
    response = client.get(f"/open-data/{slug}.{fmt}")
    assert response.status_code == 200
    assert f'filename="{slug}-' in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def as_rows(content, fmt):
    """Header and rows of a download as lists of text (None for an empty cell)."""
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        return rows[0], [[cell or None for cell in row] for row in rows[1:]]
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        return rows[0], [[None if cell is None else str(cell) for cell in row] for row in rows[1:]]
    document = json.loads(content)
    header = document["columns"]
    return header, [[None if r[c] is None else str(r[c]) for c in header] for r in document["records"]]


def test_open_data_page_lists_every_dataset_in_three_formats(client):
    html = client.get("/open-data/").content.decode()
    for slug in SLUGS:
        for fmt in ["csv", "xlsx", "json"]:
            assert f'href="/open-data/{slug}.{fmt}"' in html


def test_schema_page_describes_every_column(client):
    html = client.get("/open-data/schema/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for dataset in DATASETS:
        section = html.split(f'id="schema-{dataset.slug}"', 1)[1].split("</section>", 1)[0]
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in section, (dataset.slug, column.name)
            with override("en"):
                assert escape(str(column.description)) in section, (dataset.slug, column.name)
    assert "<code>partially_implemented</code>" in html  # coded values are explained


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_unpublished_records_are_absent_from_every_format(client, world, fmt):
    everything = {}
    for slug in SLUGS:
        header, rows = as_rows(download(client, slug, fmt), fmt)
        assert header == [column.name for column in next(d for d in DATASETS if d.slug == slug).columns]
        everything[slug] = rows
    dumped = json.dumps(everything, ensure_ascii=False)
    for name, secret in SECRETS.items():
        assert secret not in dumped, (fmt, name)
    assert "2022-HIDDEN-01" not in dumped and "2022-hidden" not in dumped
    assert [row[0] for row in everything["recommendations"]] == ["2022-FRAUD-01", "2022-FRAUD-02"]
    # The accepted report, its figures and its public file are there.
    assert [row[1] for row in everything["reports"]] == [str(world.report.task_id)]
    assert [row[3] for row in everything["evidence"]] == ["work-plan.pdf"]
    assert sorted(row[2] for row in everything["measurements"]) == ["破案率", "警情数"]


def test_three_formats_carry_the_same_data(client, world):
    for slug in ["recommendations", "tasks", "measurements"]:
        csv_rows = as_rows(download(client, slug, "csv"), "csv")
        json_rows = as_rows(download(client, slug, "json"), "json")
        xlsx_rows = as_rows(download(client, slug, "xlsx"), "xlsx")
        assert csv_rows[0] == json_rows[0] == xlsx_rows[0]
        assert len(csv_rows[1]) == len(json_rows[1]) == len(xlsx_rows[1]) > 0
    recommendation = json.loads(download(client, "recommendations", "json"))["records"][0]
    assert recommendation["findings"] == ["F-TECH"]
    assert recommendation["overdue"] is False
    assert recommendation["issued_at"].startswith("2022-05-10T10:00:00+08:00")
    [task_row] = [
        r for r in as_rows(download(client, "tasks", "csv"), "csv")[1] if r[1] == "2022-FRAUD-01-T1"
    ]
    assert task_row[7] == "education"  # co-departments, joined
    measurements = json.loads(download(client, "measurements", "json"))["records"]
    assert sorted(m["change_percent"] for m in measurements) == [-29.8, 2.9]


@pytest.mark.parametrize("url", ["/open-data/nothing.csv", "/open-data/recommendations.pdf"])
def test_unknown_dataset_or_format_is_not_found(client, url):
    assert client.get(url).status_code == 404
