import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from recommendations.models import Recommendation, StatusEvent
from tests.exchange.conftest import REC_HEADERS, csv_bytes, rec_row, record_counts
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:recommendations_recommendation_import")


def upload(client, data, name="recommendations.csv", language="en", **fields):
    return client.post(
        IMPORT_URL,
        {"import_file": SimpleUploadedFile(name, data), "sheet": "recommendations", **fields},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def page_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(
        reverse("admin:recommendations_recommendation_process_import"),
        {name: form.initial.get(name, "") for name in form.fields},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_admin_import_previews_every_row_error_in_words_and_writes_nothing(client, staff_user, base):
    client.force_login(staff_user)
    rows = [
        rec_row(title=""),
        rec_row("2022-FRAUD-10", 10, response_due_original="2022/7/31", progress="issued"),
    ]
    before = record_counts()

    response = upload(client, csv_bytes(REC_HEADERS, rows))

    assert response.status_code == 200
    assert response.context["confirm_form"] is None
    text = page_text(response)
    assert "2 problems found; nothing has been written." in text
    assert "sheet recommendations, row 2, column title: This cell is required." in text
    assert "sheet recommendations, row 3, column response_due_original: Enter a date as YYYY-MM-DD." in text
    assert record_counts() == before


def test_admin_import_refuses_a_formula_on_the_upload_form(client, staff_user, base):
    client.force_login(staff_user)
    response = upload(client, csv_bytes(REC_HEADERS, [rec_row(content="=cmd|' /C calc'!A0")]))
    assert response.status_code == 200
    errors = response.context["form"].errors["import_file"]
    assert errors == [
        "sheet recommendations, row 2, column content: The cell holds a formula; enter the value itself."
    ]


def test_admin_import_messages_are_in_chinese_by_default(client, staff_user, base):
    client.force_login(staff_user)
    response = upload(client, csv_bytes(REC_HEADERS, [rec_row(title="")]), language="zh-hans")
    assert "此单元格必填。" in page_text(response)


def test_admin_import_refuses_a_file_that_is_not_what_its_extension_says(client, staff_user, base):
    client.force_login(staff_user)
    response = upload(client, b"code,topic\n", name="recommendations.xlsx")
    assert response.status_code == 200
    assert "not an .xlsx workbook" in response.context["form"].errors["import_file"][0]


def test_admin_import_confirmed_writes_rows_with_transitions_by_the_staff_member(client, staff_user, base):
    client.force_login(staff_user)
    rows = [rec_row(progress="issued", response_due_original="2022-07-31"), rec_row("2022-FRAUD-10", 10)]

    preview = upload(client, csv_bytes(REC_HEADERS, rows))
    assert "Every row was written in a trial run and then rolled back" in page_text(preview)
    assert Recommendation.objects.count() == 0
    response = confirm(client, preview)

    assert response.status_code == 302
    issued = Recommendation.objects.get(code="2022-FRAUD-09")
    assert issued.status == "issued"
    event = StatusEvent.objects.get(recommendation=issued)
    assert (event.from_status, event.to_status, event.actor) == ("draft", "issued", staff_user)
    assert Recommendation.objects.get(code="2022-FRAUD-10").status == "draft"


def test_a_forged_confirmation_is_refused(client, staff_user, base):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:recommendations_recommendation_process_import"),
        {"upload": "../../etc/passwd", "original_name": "x.csv", "sheet": "recommendations"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert Recommendation.objects.count() == 0


def test_a_workbook_on_any_import_page_imports_every_sheet_and_no_error_hides_another(
    client, staff_user, base
):
    """Departments' page, a workbook of three sheets with a problem on each of two: both are
    named in words, with the row that refers to a row with problems, and nothing is written."""
    import tablib

    from exchange.exporter import workbook_bytes

    client.force_login(staff_user)
    datasets = {
        "departments": tablib.Dataset(("court", ""), headers=["code", "name"]),
        "topics": tablib.Dataset(
            ("2023-X", "2023", "议题", "work_report", "court"),
            headers=["code", "year", "title", "form", "responsible_office"],
        ),
        "recommendations": tablib.Dataset(tuple(rec_row(number="x")), headers=REC_HEADERS),
    }
    before = record_counts()

    response = client.post(
        reverse("admin:recommendations_department_import"),
        {"import_file": SimpleUploadedFile("book.xlsx", workbook_bytes(datasets)), "sheet": "departments"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    text = page_text(response)
    assert "3 problems found" in text
    assert "sheet departments, row 2, column name: This cell is required." in text
    assert (
        "sheet topics, row 2, column responsible_office: “court” is on row 2 of sheet departments, "
        "which has problems." in text
    )
    assert "sheet recommendations, row 2, column number: Enter a whole number." in text
    for sheet in ("departments", "topics", "recommendations"):
        assert f'id="sheet-{sheet}"' in response.content.decode()
    assert record_counts() == before


def test_the_import_page_is_for_committee_staff_only(client, base):
    from tests.factories import UserFactory

    outsider = UserFactory(is_staff=True)
    client.force_login(outsider)
    assert client.get(IMPORT_URL).status_code == 403


@pytest.mark.parametrize(("fmt", "marker"), [(0, b"code,topic"), (1, b"PK"), (2, b'"code": ')])
def test_admin_exports_the_filtered_list(client, staff_user, base, fmt, marker):
    client.force_login(staff_user)
    RecommendationFactory(code="2022-KEEP-01", topic=base["topic"], number=1, is_priority=True)
    RecommendationFactory(code="2022-DROP-02", topic=base["topic"], number=2, is_priority=False)
    url = reverse("admin:recommendations_recommendation_export") + "?is_priority__exact=1"
    page = client.get(url)
    fields = set(re.findall(r'name="(recommendationresource_[a-z_]+)"', page.content.decode()))
    assert fields

    response = client.post(url, {"format": fmt, "resource": 0, **dict.fromkeys(fields, "on")})

    assert response.status_code == 200
    body = response.content
    assert body.startswith(marker) or marker in body[:200]
    if fmt != 1:
        assert "2022-KEEP-01" in body.decode("utf-8-sig")
        assert "2022-DROP-02" not in body.decode("utf-8-sig")


def test_command_dry_run_checks_everything_and_writes_nothing(tmp_path, base, capsys, staff_user):
    path = tmp_path / "recommendations.csv"
    path.write_bytes(csv_bytes(REC_HEADERS, [rec_row(), rec_row("2022-FRAUD-10", 10)]))

    call_command(
        "import_oversight", str(path), "--dry-run", "--user", staff_user.username, "--language", "en"
    )

    assert Recommendation.objects.count() == 0
    out = capsys.readouterr()
    assert "Dry run" in out.out
    assert "100% 2/2" in out.err  # the progress bar


def test_command_imports_as_the_named_user(tmp_path, base, staff_user):
    path = tmp_path / "recommendations.csv"
    path.write_bytes(csv_bytes(REC_HEADERS, [rec_row(progress="issued", response_due_original="2022-07-31")]))

    call_command("import_oversight", str(path), "--user", staff_user.username, "--no-progress")

    event = StatusEvent.objects.get()
    assert event.actor == staff_user
    history = Recommendation.objects.get().history.get()
    assert history.pgh_context.metadata["user"] == staff_user.pk


def test_command_reports_each_problem_and_writes_nothing(tmp_path, base, capsys, staff_user):
    path = tmp_path / "recommendations.csv"
    path.write_bytes(csv_bytes(REC_HEADERS, [rec_row(title=""), rec_row(number="x")]))
    before = record_counts()

    with pytest.raises(CommandError, match="2 problem"):
        call_command(
            "import_oversight", str(path), "--no-progress", "--user", staff_user.username, "--language", "en"
        )

    err = capsys.readouterr().err
    assert "row 2, column title: This cell is required." in err
    assert "row 3, column number: Enter a whole number." in err
    assert record_counts() == before


def test_change_list_offers_import_and_export(client, staff_user, base):
    client.force_login(staff_user)
    response = client.get(
        reverse("admin:recommendations_recommendation_changelist"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("admin:recommendations_recommendation_import") in body
    assert reverse("admin:recommendations_recommendation_export") in body
