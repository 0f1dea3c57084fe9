"""The public site's `world`: the small published world of `tests.published_world`, with the
inspection and the member's remark the closed recommendation came from, and its evidence files
when the portal's evidence table exists (`world.has_evidence`)."""

import pytest

# Imported by the tests here from this module.
from tests.published_world import PUBLIC_FILE, SECRETS, at, build_world  # noqa: F401


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world(sources=True, evidence_optional=True)
