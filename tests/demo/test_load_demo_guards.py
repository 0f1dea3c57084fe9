"""`load_demo` outside the loaded demo: where it refuses to run, and its data file."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.models import User
from recommendations.models import Department

pytestmark = pytest.mark.django_db

DATA_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "seed_case.json"
DATA = json.loads(DATA_FILE.read_text(encoding="utf-8"))


def test_load_demo_refuses_under_production_settings(settings):
    settings.SETTINGS_MODULE = "oversight.settings.production"
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo")
    assert not User.objects.exists()
    assert not Department.objects.exists()


def test_manage_py_load_demo_refuses_with_the_production_settings_module():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "oversight.settings.production",
        "SECRET_KEY": "x" * 50,
        "DEBUG": "false",
        # Production needs a server address; nothing connects to this one.
        "DATABASE_URL": "postgres://oversight@127.0.0.1:1/oversight",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    # It stops before touching any database (the child process does not see the test database).
    assert "refuses to run under production settings" in result.stderr


def test_every_invented_detail_is_listed_as_a_demo_value():
    listed = " ".join(item["value"] for item in DATA["demo_values"])
    text = json.dumps({key: value for key, value in DATA.items() if key != "source"}, ensure_ascii=False)
    stamps = set(re.findall(r"\d{4}-\d{2}-\d{2}(?:T[\d:]+\+08:00)?", text))
    assert stamps
    assert {stamp for stamp in stamps if stamp not in listed} == set()
    emails = set(re.findall(r"[\w.-]+@[\w.-]+", text))
    assert {email for email in emails if email not in listed} == set()
    assert all(account["username"] in listed for account in DATA["accounts"])
    assert all(department["code"] in listed for department in DATA["departments"])
    assert all(account["password"] in listed for account in DATA["accounts"])


def test_the_data_file_is_readable_utf8_json():
    raw = DATA_FILE.read_text(encoding="utf-8")
    assert "市公安局" in raw  # Chinese as written, not \\u escapes
    assert raw.count("\n") > 100  # indented for people to read


def test_a_broken_data_file_is_refused_with_a_message_and_writes_nothing(tmp_path):
    broken = json.loads(json.dumps(DATA))
    broken["recommendations"][-1]["findings"] = ["NO-SUCH-FINDING"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="does not load"):
        call_command("load_demo", file=str(path))
    # The first three recommendations were written before the failure, and rolled back with it.
    assert not Department.objects.exists()
    assert not User.objects.exists()

    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_demo", file=str(path))
