"""Zip-based documents (docx, xlsx, odt, ods) are refused when they hold too many parts or
would unpack too large, before the package is opened; a request carries a limited number of
files. Evidence uploads through the portal and spreadsheet imports alike."""

import io
import zipfile

import pytest
from django.urls import reverse

from exchange.files import FileRejected, read_file
from recommendations.models import ProgressReport

from .conftest import DOCX_BYTES, PDF_BYTES, upload
from .test_uploads import stored_files

pytestmark = pytest.mark.django_db

DOCX_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/main.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _package(empty_entries=0, large_entry=0):
    """A well-formed docx, padded with empty parts or one part of zeros that deflates to little."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("main.xml", "<x/>")
        for number in range(empty_entries):
            archive.writestr(f"p/{number}", b"")
        if large_entry:
            archive.writestr("big.xml", b"\0" * large_entry)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def entry_bomb():
    """The probe's file: a docx of 100,000 empty parts (about 9 MB)."""
    return _package(empty_entries=100_000)


def _post(client, world, files):
    client.force_login(world.police_user)
    data = {"narrative": "说明", "m-TOTAL_FORMS": "0", "m-INITIAL_FORMS": "0", "files": files}
    return client.post(reverse("portal:report_new", args=[world.task.pk]), data)


def test_a_docx_of_a_hundred_thousand_parts_is_refused_and_saves_nothing(
    client, world, media_root, entry_bomb
):
    response = _post(client, world, [upload("方案.docx", entry_bomb)])
    assert response.status_code == 200
    (message,) = response.context["form"].errors["files"]
    assert "方案.docx" in message and "2000" in message
    assert not ProgressReport.objects.exists()
    assert stored_files(media_root) == []


def test_parts_are_counted_against_the_setting(client, world, media_root, settings):
    settings.ZIP_MAX_ENTRIES = 40
    assert _post(client, world, [upload("a.docx", _package(empty_entries=38))]).status_code == 302
    response = _post(client, world, [upload("b.docx", _package(empty_entries=39))])
    assert "b.docx" in response.context["form"].errors["files"][0]
    assert ProgressReport.objects.get().evidence.get().original_name == "a.docx"


def test_a_docx_that_unpacks_too_large_is_refused(client, world, media_root, settings):
    settings.ZIP_MAX_UNCOMPRESSED_BYTES = 4 * 1024 * 1024
    bomb = _package(large_entry=5 * 1024 * 1024)
    assert len(bomb) < 20_000
    response = _post(client, world, [upload("统计.docx", bomb)])
    (message,) = response.context["form"].errors["files"]
    assert "统计.docx" in message and "4.0" in message
    assert not ProgressReport.objects.exists()


def test_an_import_workbook_is_held_to_the_same_limits(settings, entry_bomb):
    with pytest.raises(FileRejected) as refused:
        read_file("record.xlsx", entry_bomb)
    assert "record.xlsx" in str(refused.value)
    settings.ZIP_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    with pytest.raises(FileRejected):
        read_file("record.xlsx", _package(large_entry=2 * 1024 * 1024))


def test_the_form_takes_a_limited_number_of_files_at_once(client, world, media_root, settings):
    settings.EVIDENCE_MAX_FILES = 3

    def files(count):
        return [upload(f"{number}.pdf", PDF_BYTES) for number in range(count)]

    response = _post(client, world, files(4))
    assert response.status_code == 200
    (message,) = response.context["form"].errors["files"]
    assert "3" in message and "4" in message
    assert not ProgressReport.objects.exists()
    assert _post(client, world, files(3)).status_code == 302


def test_a_request_with_more_files_than_the_server_takes_is_a_bad_request(
    client, world, media_root, settings
):
    files = [
        upload(f"{number}.docx", DOCX_BYTES) for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    ]
    response = _post(client, world, files)
    assert response.status_code == 400
    assert not ProgressReport.objects.exists()
    assert stored_files(media_root) == []
