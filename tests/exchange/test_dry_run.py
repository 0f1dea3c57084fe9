"""The dry run writes and rolls back, so it refuses what the real run refuses; the project's own
workbooks import into an empty database with the documented command."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from exchange.files import read_file
from exchange.importer import oversight_import
from recommendations.models import Task
from tests.exchange.conftest import REC_HEADERS, csv_bytes, rec_row, record_counts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SEED_WORKBOOK = settings.BASE_DIR / "fixtures" / "seed_case.xlsx"
TEMPLATE_WORKBOOK = settings.BASE_DIR / "fixtures" / "templates" / "oversight_template.xlsx"


def seed_tables():
    return read_file(SEED_WORKBOOK.name, SEED_WORKBOOK.read_bytes())


@pytest.fixture
def clerk(db):
    """A committee staff member who is not a superuser."""
    return UserFactory(username="clerk", is_committee_staff=True, is_staff=True)


def verified_task_rows():
    verified = [t for t in seed_tables()["tasks"].rows if t[-1]]
    assert verified, "the seed has verified tasks"
    return len(verified)


def test_without_a_person_the_dry_run_refuses_verified_tasks_as_the_real_run_does():
    before = record_counts()
    dry = oversight_import(actor=None, tables=seed_tables(), dry_run=True)
    real = oversight_import(actor=None, tables=seed_tables())

    assert dry.problems == real.problems
    assert not dry.written and not real.written
    refused = [p for p in real.problems if p.sheet == "tasks"]
    assert {p.message for p in refused} == {
        "A verified task records who verified it: import as a named staff member."
    }
    assert len(refused) == verified_task_rows()
    assert all(p.row >= 2 for p in refused)
    # What hangs on a refused task is named, not written, and says why.
    assert {p.sheet for p in real.problems} == {"tasks", "reports", "measurements"}
    assert all(p.message.startswith("Refers to row") for p in real.problems if p.sheet != "tasks")
    assert record_counts() == before


def test_the_dry_run_finds_a_rule_only_the_database_knows(clerk):
    tables = seed_tables()
    tables["topics"].rows[0][1] = 1900  # the year: checked only by topic_year_plausible
    dry = oversight_import(actor=clerk, tables=tables, dry_run=True)
    real = oversight_import(actor=clerk, tables=tables)

    assert dry.problems == real.problems
    assert dry.problems[0].sheet == "topics" and dry.problems[0].row == 2
    assert not real.written
    assert Task.objects.count() == 0


def test_the_seed_workbook_imports_into_an_empty_database_with_the_documented_command(clerk, capsys):
    call_command("import_oversight", str(SEED_WORKBOOK), "--user", "clerk", "--dry-run", "--no-progress")
    assert Task.objects.count() == 0

    call_command("import_oversight", str(SEED_WORKBOOK), "--user", "clerk", "--no-progress")

    out = capsys.readouterr().out
    assert "tasks 10" in out
    verified = Task.objects.exclude(verified_at=None)
    assert verified.count() == verified_task_rows()
    assert set(verified.values_list("verified_by__username", flat=True)) == {"clerk"}


def test_the_template_workbook_imports_as_an_empty_file(clerk):
    report = oversight_import(
        actor=clerk, tables=read_file(TEMPLATE_WORKBOOK.name, TEMPLATE_WORKBOOK.read_bytes())
    )
    assert report.problems == [] and report.written


def test_the_command_needs_an_active_staff_member(tmp_path, base):
    path = tmp_path / "recommendations.csv"
    path.write_bytes(csv_bytes(REC_HEADERS, [rec_row()]))
    UserFactory(username="visitor")

    with pytest.raises(CommandError, match="--user"):
        call_command("import_oversight", str(path), "--no-progress", "--language", "en")
    with pytest.raises(CommandError, match="not committee staff"):
        call_command("import_oversight", str(path), "--user", "visitor", "--no-progress", "--language", "en")
    with pytest.raises(CommandError, match="No active user"):
        call_command("import_oversight", str(path), "--user", "nobody", "--no-progress", "--language", "en")


@pytest.mark.parametrize(
    ("arguments", "environment", "expected"),
    [
        (["--language", "en"], {"LANG": "zh_CN.UTF-8"}, "Dry run: every row was written and rolled back"),
        (["--language", "zh-hans"], {"LANG": "en_US.UTF-8"}, "试运行"),
        ([], {"LANG": "en_US.UTF-8"}, "Dry run: every row was written and rolled back"),
        ([], {"LANG": "zh_CN.UTF-8"}, "试运行"),
    ],
)
def test_the_command_speaks_the_language_asked_for_or_the_terminals(
    tmp_path, base, clerk, capsys, monkeypatch, arguments, environment, expected
):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "recommendations.csv"
    path.write_bytes(csv_bytes(REC_HEADERS, [rec_row()]))

    call_command("import_oversight", str(path), "--user", "clerk", "--dry-run", "--no-progress", *arguments)

    assert expected in capsys.readouterr().out


def test_a_row_referring_to_a_row_with_problems_says_so_instead_of_unknown(base, clerk):
    departments = "code,name\npolice2,\ncourt,市法院\n"
    topics = "code,year,title,form,responsible_office\n2022-X,2022,议题,work_report,police2\n"
    tables = {
        **read_file("departments.csv", departments.encode()),
        **read_file("topics.csv", topics.encode()),
    }

    report = oversight_import(actor=clerk, tables=tables, dry_run=True)

    assert [(p.sheet, p.row, p.column, p.message) for p in report.problems] == [
        ("departments", 2, "name", "This cell is required."),
        (
            "topics",
            2,
            "responsible_office",
            "“police2” is on row 2 of sheet departments, which has problems.",
        ),
    ]


def test_an_unknown_column_does_not_hide_the_rows_problems(base, clerk):
    data = csv_bytes([*REC_HEADERS, "contnet"], [[*rec_row(title=""), "x"]])

    report = oversight_import(actor=clerk, tables=read_file("recommendations.csv", data), dry_run=True)

    assert {(p.row, p.column) for p in report.problems} == {(1, "contnet"), (2, "title")}
