"""The vendored front-end files are exactly those the README lists (pinned npm versions)."""

import hashlib
import re
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor"


def test_vendored_files_match_the_hashes_in_the_readme():
    readme = (VENDOR / "README.md").read_text()
    block = readme.split("```")[1]
    listed = dict(line.split()[::-1] for line in block.strip().splitlines())
    assert len(listed) >= 4
    for name, digest in listed.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    # Every library directory is accounted for in the README (with its licence).
    for directory in (p for p in VENDOR.iterdir() if p.is_dir()):
        assert any(name.startswith(directory.name + "/") for name in listed), directory.name
        assert any(f.name.startswith(("LICENSE", "NOTICE")) for f in directory.iterdir()), directory.name


def test_no_template_loads_anything_from_another_site():
    root = VENDOR.parents[1]
    pattern = re.compile(r"""<(?:script|link|img)[^>]+(?:src|href)=["'](?:https?:)?//""", re.I)
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and pattern.search(path.read_text())
    ]
    assert offenders == []
