"""The office's world: a non-superuser committee staff user, a member, a liaison of the lead
department, and a topic with a committee office."""

from types import SimpleNamespace

import pytest

from recommendations.choices import DepartmentKind
from tests.factories import DepartmentFactory, LiaisonFactory, MemberFactory, StaffFactory, TopicFactory


@pytest.fixture
def office(db):
    staff = StaffFactory(username="office-staff", is_superuser=False, is_staff=False)
    police = DepartmentFactory(code="police", name="市公安局")
    bank = DepartmentFactory(code="bank", name="人行莆田支行")
    committee = DepartmentFactory(
        code="jiansi", name="监察和司法委员会", kind=DepartmentKind.COMMITTEE_OFFICE
    )
    return SimpleNamespace(
        staff=staff,
        member=MemberFactory(username="office-member"),
        liaison=LiaisonFactory(username="police-liaison", department=police),
        bank_liaison=LiaisonFactory(username="bank-liaison", department=bank),
        police=police,
        bank=bank,
        committee=committee,
        topic=TopicFactory(
            code="2024-fraud", year=2024, title="打击治理电信网络诈骗", responsible_office=committee
        ),
    )


@pytest.fixture
def staff_client(client, office):
    client.force_login(office.staff)
    return client
