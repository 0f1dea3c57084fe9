"""The template workbook as shipped: a readme sheet in Chinese and English, and one sheet per
kind of record with the columns the importer reads."""

import io
import re

import openpyxl
from django.conf import settings

from exchange.exporter import blank_datasets, workbook_bytes
from exchange.resources import RESOURCES

TEMPLATE = settings.BASE_DIR / "fixtures" / "templates" / "oversight_template.xlsx"
HAN = re.compile(r"[\u4e00-\u9fff]")


def readme(path):
    return list(openpyxl.load_workbook(path, read_only=True)["readme"].iter_rows(values_only=True))


def test_the_shipped_template_is_the_generated_one():
    shipped = openpyxl.load_workbook(TEMPLATE, read_only=True)
    assert shipped.sheetnames == ["readme", *(r.sheet for r in RESOURCES)]
    for resource in RESOURCES:
        headers = next(shipped[resource.sheet].iter_rows(values_only=True))
        assert list(headers) == list(resource().columns())
    generated = openpyxl.load_workbook(io.BytesIO(workbook_bytes(blank_datasets())), read_only=True)
    assert list(generated["readme"].iter_rows(values_only=True)) == readme(TEMPLATE)


def test_the_readme_explains_every_column_in_chinese_and_in_english():
    rows = readme(TEMPLATE)
    assert HAN.search(rows[0][0]) and not HAN.search(rows[0][1])
    start = rows.index((None,) * len(rows[0])) + 2
    described = {(row[0], row[1]): row for row in rows[start:]}
    for resource in RESOURCES:
        for column in resource().columns():
            _sheet, _column, required_zh, meaning_zh, required_en, meaning_en = described[
                (resource.sheet, column)
            ]
            assert HAN.search(meaning_zh), (resource.sheet, column)
            assert meaning_en and meaning_en != meaning_zh, (resource.sheet, column)
            assert (required_zh == "是") == (required_en == "yes") == (column in resource.required)
