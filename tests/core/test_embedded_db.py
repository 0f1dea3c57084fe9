"""The embedded PostgreSQL: the development cluster flushes every commit to disk, only the test
cluster may skip it, and production never starts one."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest

from oversight import embedded_db

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def flush_settings(url):
    with psycopg.connect(url, autocommit=True) as conn:
        return {name: conn.execute(f"SHOW {name}").fetchone()[0] for name in embedded_db.NON_DURABLE_SETTINGS}


@pytest.fixture
def pgdata():
    # Not under pytest's tmp_path: when run as root, the server runs as another user, which
    # must traverse the parent directories, and pytest keeps its own base directory private.
    with tempfile.TemporaryDirectory(prefix="oversight-pgdata-") as parent:
        path = Path(parent) / "pgdata"
        try:
            yield path
        finally:
            embedded_db.stop(path)


def test_a_cluster_left_without_fsync_gets_it_back_when_started_as_durable(pgdata):
    scratch = embedded_db.embedded_database_url(pgdata, durable=False)
    assert flush_settings(scratch) == {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}

    # What `make run` does with a `.pgdata/` that an older version left with fsync off.
    durable = embedded_db.embedded_database_url(pgdata)
    assert flush_settings(durable) == {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}
    # Nothing is left in postgresql.auto.conf to turn it off again at the next start.
    assert "fsync" not in (pgdata / "postgresql.auto.conf").read_text()


# Imports a settings module with the embedded server replaced by a recorder, to see which
# cluster it asks for without starting one.
PROBE = """
import json, sys
from oversight import embedded_db
asked = []
embedded_db.embedded_database_url = lambda pgdata, durable=True: asked.append(
    [str(pgdata), durable]) or "postgres://postgres@127.0.0.1:1/oversight"
import importlib
importlib.import_module(sys.argv[1])
print(json.dumps(asked))
"""


def probe(settings_module, **env_overrides):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": settings_module, **env_overrides}
    return subprocess.run(
        [sys.executable, "-c", PROBE, settings_module],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_development_settings_keep_their_data_on_a_durable_cluster():
    result = probe("oversight.settings.dev")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [[str(BASE_DIR / ".pgdata"), True]]


def test_test_settings_use_a_cluster_of_their_own_without_flushes():
    result = probe("oversight.settings.test")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [[str(BASE_DIR / ".pgdata-test"), False]]


def test_production_settings_refuse_to_start_without_database_url():
    result = probe("oversight.settings.production", SECRET_KEY="k" * 60, DEBUG="off")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "Set DATABASE_URL" in result.stderr
    # Refused before any embedded server was asked for.
    assert "postgres://" not in result.stdout
