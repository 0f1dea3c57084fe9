import csv
import io

import pgtrigger
import pytest
from django.core.management import call_command
from django.utils import translation

from evaluations import models as evaluation_models
from exchange.exporter import export_datasets
from exchange.files import read_file
from exchange.importer import oversight_import
from recommendations import models
from tests.factories import DepartmentFactory, TopicFactory

# Children first, so deleting never trips a PROTECT.
RECORD_MODELS = [
    evaluation_models.Closure,
    evaluation_models.Rehandling,
    models.StatusEvent,
    models.Measurement,
    models.ProgressReport,
    models.Task,
    evaluation_models.Evaluation,
    models.Recommendation,
    models.Indicator,
    models.Remark,
    models.Meeting,
    models.Finding,
    models.Inspection,
    models.OversightTopic,
]


def record_counts():
    return {m.__name__: m.objects.count() for m in [*RECORD_MODELS, models.Department]}


def wipe_record():
    """Empty the oversight record (the event log is append-only, so its guard is lifted here)."""
    from accounts.models import User

    with pgtrigger.ignore("recommendations.StatusEvent:status_event_append_only"):
        for model in RECORD_MODELS:
            model.objects.all().delete()
    User.objects.exclude(department=None).update(department=None, is_department_liaison=False)
    models.Department.objects.all().delete()
    assert not any(record_counts().values())


def exported_rows():
    """Sheet -> list of row dicts: the record by natural keys, with no primary keys."""
    return {
        sheet: [dict(zip(d.headers, row, strict=True)) for row in d] for sheet, d in export_datasets().items()
    }


def import_file(name, data, *, actor=None, dry_run=False, sheet=""):
    return oversight_import(actor=actor, tables=read_file(name, data, default_sheet=sheet), dry_run=dry_run)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in their English source text."""
    with translation.override("en"):
        yield


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def demo_seed(db):
    """The article's facts only: every recommendation reported, none moved on since."""
    call_command("load_demo", seed_only=True, verbosity=0, stdout=io.StringIO())


REC_HEADERS = ["code", "topic", "number", "title", "content", "progress", "response_due_original"]


@pytest.fixture
def base(db):
    """A department and a topic that the small files refer to."""
    police = DepartmentFactory(code="police", name="市公安局")
    topic = TopicFactory(code="2022-FRAUD")
    return {"police": police, "topic": topic}


def csv_bytes(headers, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode()


def rec_row(code="2022-FRAUD-09", number=9, **changes):
    row = dict(
        zip(
            REC_HEADERS, [code, "2022-FRAUD", number, "强化技术反制", "全面提升打击能力", "", ""], strict=True
        )
    )
    row.update(changes)
    return [row[h] for h in REC_HEADERS]
