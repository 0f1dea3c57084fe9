"""The API's `world`: the small published world of `tests.published_world`, always with its
evidence files."""

import pytest

# SECRETS for the tests here; at and issue for tests/dashboard, which imports them with `world`.
from tests.published_world import SECRETS, at, build_world, issue  # noqa: F401


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()
