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
