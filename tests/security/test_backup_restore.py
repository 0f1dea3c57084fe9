"""The restore drill: back up the database and the uploaded files (scripts/backup.py, run by
`make backup`), restore into a new, empty database and an empty MEDIA_ROOT (`make restore`), and
find every record and every file again."""

import importlib.util
import os
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from documents.models import Attachment
from portal.models import Evidence

spec = importlib.util.spec_from_file_location(
    "backup_script", Path(settings.BASE_DIR) / "scripts" / "backup.py"
)
backup_script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(backup_script)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def empty_database():
    """A new database on the same server, dropped afterwards."""
    name = f"restore_drill_{os.getpid()}"
    source = backup_script.django_database_url()
    admin_url = source.replace(f"/{connection.settings_dict['NAME']}", "/postgres", 1)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield source.replace(f"/{connection.settings_dict['NAME']}", f"/{name}", 1)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_an_empty_database_with_every_record_and_file(world, tmp_path, empty_database):
    media = Path(settings.MEDIA_ROOT)
    source_url = backup_script.django_database_url()
    files_before = backup_script.file_hashes(media)
    # Evidence files and attachments (one internal, one public).
    assert len(files_before) == Evidence.objects.count() + Attachment.objects.count() == 8

    folder = backup_script.backup(database_url=source_url, media_root=media, root=tmp_path / "backups")
    assert {p.name for p in folder.iterdir()} == {"database.dump", "media.tar", "manifest.json"}

    # Nothing there yet: the verification can fail.
    restored_media = tmp_path / "restored-media"
    assert backup_script.verify(folder, database_url=empty_database, media_root=restored_media) != []

    problems = backup_script.restore(folder, database_url=empty_database, media_root=restored_media)
    assert problems == []
    assert backup_script.table_counts(empty_database) == backup_script.table_counts(source_url)
    assert backup_script.file_hashes(restored_media) == files_before
    with psycopg.connect(empty_database) as conn:
        codes = {row[0] for row in conn.execute("SELECT code FROM recommendations_recommendation")}
        events = conn.execute("SELECT count(*) FROM recommendations_recommendationevent").fetchone()[0]
    assert codes == {"2022-FRAUD-01", "2022-FRAUD-02", "2022-FRAUD-03", "2022-HIDDEN-01"}
    assert events > 0  # the history travels with the records


def test_verify_names_a_missing_file_and_a_missing_row(world, tmp_path):
    media = Path(settings.MEDIA_ROOT)
    source_url = backup_script.django_database_url()
    folder = backup_script.backup(database_url=source_url, media_root=media, root=tmp_path / "backups")
    lost = Evidence.objects.order_by("pk").first()
    Path(lost.file.path).unlink()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE notifications_notification DISABLE TRIGGER ALL")
        cursor.execute("DELETE FROM notifications_notification")
    problems = backup_script.verify(folder, database_url=source_url, media_root=media)
    assert f"file {lost.file.name}: missing" in problems
    assert any(problem.startswith("table notifications_notification:") for problem in problems)
