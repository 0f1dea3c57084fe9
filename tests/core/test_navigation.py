"""The header's role links answer exactly as Django's permission check would, for every kind of
user, without ModelBackend's permission queries."""

import pytest
from django.test import RequestFactory

from oversight.context_processors import NAVIGATION_RULES, navigation
from tests.factories import DepartmentFactory, LiaisonFactory, MemberFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["staff", "member", "liaison", "nobody", "superuser", "inactive staff"])
def test_header_links_match_has_perm(kind, django_assert_num_queries):
    user = {
        "staff": lambda: StaffFactory(),
        "member": lambda: MemberFactory(),
        "liaison": lambda: LiaisonFactory(department=DepartmentFactory()),
        "nobody": lambda: UserFactory(),
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
        "inactive staff": lambda: StaffFactory(is_active=False),
    }[kind]()
    request = RequestFactory().get("/")
    request.user = user
    with django_assert_num_queries(0):
        nav = navigation(request)["nav"]
    expected = {key: user.has_perm(name) for key, name in NAVIGATION_RULES.items()}
    assert {key: nav.get(key, False) for key in NAVIGATION_RULES} == expected
