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
CSV, XLSX, JSON = 0, 1, 2


def upload(client, data, name="recommendations.csv", fmt=CSV, language="en"):
    return client.post(
        IMPORT_URL,
        {"import_file": SimpleUploadedFile(name, data), "format": fmt},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_admin_import_previews_every_row_error_and_writes_nothing(client, staff_user, base):
    client.force_login(staff_user)
    rows = [
        rec_row(title=""),
        rec_row("2022-FRAUD-10", 10, response_due_original="2022/7/31", progress="issued"),
    ]
    before = record_counts()

    response = upload(client, csv_bytes(REC_HEADERS, rows))

    assert response.status_code == 200
    result = response.context["result"]
    assert [(row.number, row.error_dict) for row in result.invalid_rows] == [
        (2, {"title": ["This cell is required."]}),
        (3, {"response_due_original": ["Enter a date as YYYY-MM-DD."]}),
    ]
    assert "confirm_form" not in response.context
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
    assert response.context["result"].invalid_rows[0].error_dict == {"title": ["此单元格必填。"]}


def test_admin_import_refuses_a_file_that_is_not_what_its_extension_says(client, staff_user, base):
    client.force_login(staff_user)
    response = upload(client, b"code,topic\n", name="recommendations.xlsx", fmt=XLSX)
    assert response.status_code == 200
    assert "not an .xlsx workbook" in response.context["form"].errors["import_file"][0]


def test_admin_import_confirmed_writes_rows_with_transitions_by_the_staff_member(client, staff_user, base):
    client.force_login(staff_user)
    rows = [rec_row(progress="issued", response_due_original="2022-07-31"), rec_row("2022-FRAUD-10", 10)]

    preview = upload(client, csv_bytes(REC_HEADERS, rows))
    assert len(preview.context["result"].valid_rows()) == 2
    assert Recommendation.objects.count() == 0
    confirm = preview.context["confirm_form"]
    response = client.post(
        reverse("admin:recommendations_recommendation_process_import"),
        {name: confirm.initial.get(name, "") for name in confirm.fields},
    )

    assert response.status_code == 302
    issued = Recommendation.objects.get(code="2022-FRAUD-09")
    assert issued.status == "issued"
    event = StatusEvent.objects.get(recommendation=issued)
    assert (event.from_status, event.to_status, event.actor) == ("draft", "issued", staff_user)
    assert Recommendation.objects.get(code="2022-FRAUD-10").status == "draft"


@pytest.mark.parametrize(("fmt", "marker"), [(CSV, b"code,topic"), (XLSX, b"PK"), (JSON, b'"code": ')])
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
    if fmt != XLSX:
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
