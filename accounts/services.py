"""Writes of user accounts. Same rules as the domain services: keyword-only arguments,
`full_clean`, one transaction, history attributed to the acting user."""

from django.db import transaction

from recommendations.transitions import _actor_context

from .models import User


def user_create(
    *,
    actor,
    username,
    password,
    email="",
    first_name="",
    last_name="",
    department=None,
    is_committee_staff=False,
    is_committee_member=False,
    is_department_liaison=False,
    is_staff=False,
    is_superuser=False,
):
    """Create an account with its roles. `actor` may be None for the very first account.

    The password is hashed but not run through the password validators: callers that take a
    password from a person (forms) validate it there; the demo accounts use a known weak one.
    """
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        department=department,
        is_committee_staff=is_committee_staff,
        is_committee_member=is_committee_member,
        is_department_liaison=is_department_liaison,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    user.set_password(password)
    with transaction.atomic(), _actor_context(actor):
        user.full_clean()
        user.save()
        return user
