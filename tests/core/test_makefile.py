"""`make test` on a machine without the browser: as root it installs Chromium and the CJK fonts;
as anyone else it stops at once with the command to run."""

import os
import shutil
import subprocess
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def test_make_test_stops_with_the_install_command_when_the_browser_is_missing(tmp_path):
    # A PATH with the tools the check uses but no chromium.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("id", "fc-list", "grep"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    tmp_path.chmod(0o755)
    command = [shutil.which("make"), "test"]
    if os.geteuid() == 0:
        # Run as an ordinary user, who cannot install packages.
        command = [shutil.which("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    result = subprocess.run(
        command,
        cwd=BASE_DIR,
        env={"PATH": str(bin_dir), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk" in result.stderr
    # It stopped before installing the Python packages or running anything.
    assert "pip" not in result.stdout + result.stderr
    assert "pytest" not in result.stdout + result.stderr


def test_make_browser_is_satisfied_on_this_machine():
    result = subprocess.run(
        ["make", "--no-print-directory", "browser"], cwd=BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def _site_url(addr, env_file, **env):
    result = subprocess.run(
        ["bash", "-c", 'source scripts/site_url.sh; site_url "$0" "$1"', addr, str(env_file)],
        cwd=BASE_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return result.stdout.strip()


def test_make_run_links_emails_to_the_address_it_serves_on(tmp_path):
    no_env_file = tmp_path / "missing.env"
    assert _site_url("127.0.0.1:8123", no_env_file) == "http://127.0.0.1:8123"
    assert _site_url("8124", no_env_file) == "http://127.0.0.1:8124"
    # SITE_URL set in the environment or in .env is the site's address, wherever it serves.
    assert _site_url("0.0.0.0:8000", no_env_file, SITE_URL="https://rd.example.cn") == "https://rd.example.cn"
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=on\nSITE_URL=https://rd.example.cn\n")
    assert _site_url("127.0.0.1:8123", env_file) == ""
    # make run exports it before starting the server and the worker.
    script = (BASE_DIR / "scripts" / "run_dev.sh").read_text()
    assert script.index('export SITE_URL="$url"') < script.index("manage.py runserver")
