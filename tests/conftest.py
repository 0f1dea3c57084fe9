import pytest

from tests.factories import StaffFactory


@pytest.fixture
def staff_user(db):
    return StaffFactory(username="staff-fixture")
