"""Writes of user accounts. Same rules as the domain services: keyword-only arguments,
`full_clean`, one transaction, history attributed to the acting user."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from congresses.models import current_congress
from recommendations.transitions import _actor_context

from .models import FormSubmission, User
from .roles import COMMITTEE_STAFF_GROUP


def committee_staff_group():
    """The group, created by a migration, with the permissions committee staff need."""
    return Group.objects.get(name=COMMITTEE_STAFF_GROUP)


def user_create(
    *,
    actor,
    username,
    password=None,
    email="",
    first_name="",
    last_name="",
    department=None,
    is_committee_staff=False,
    is_committee_member=False,
    is_department_liaison=False,
    is_staff=False,
    is_superuser=False,
    congress=None,
):
    """Create an account with its roles. `actor` may be None for the very first account.
    Committee staff get the admin (for reference data) through the committee staff group.
    The account belongs to `congress`, else to its department's, else to the congress it is
    created in; a platform administrator (superuser) to none unless one is given.

    The password is hashed but not run through the password validators: callers that take a
    password from a person (forms) validate it there; the demo accounts use a known weak one.
    """
    is_staff = is_staff or is_committee_staff
    if congress is None and department is not None:
        congress = department.congress
    if congress is None and not is_superuser:
        congress = current_congress()
    user = User(
        congress=congress,
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
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    with transaction.atomic(), _actor_context(actor):
        user.full_clean()
        user.save()
        if is_committee_staff:
            user.groups.add(committee_staff_group())
        return user


def user_save(*, actor, user):
    """Save an account edited in a staff form. Committee staff are kept in the committee staff
    group (with access to the admin); an account that is no longer staff leaves it."""
    with transaction.atomic(), _actor_context(actor):
        if user.is_committee_staff:
            user.is_staff = True
        user.full_clean()
        user.save()
        _sync_committee_staff_group(user)
        return user


def _sync_committee_staff_group(user):
    group = committee_staff_group()
    if user.is_committee_staff:
        user.groups.add(group)
    else:
        user.groups.remove(group)


def user_update(*, actor, user, **fields):
    """Change an account's name, email, roles, department or active flag; a deactivated
    account can no longer sign in, and its history stays."""
    allowed = {
        "email",
        "first_name",
        "last_name",
        "department",
        "is_committee_staff",
        "is_committee_member",
        "is_department_liaison",
        "is_active",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"user_update cannot change {sorted(unknown)}")
    with transaction.atomic(), _actor_context(actor):
        user = User.objects.select_for_update().get(pk=user.pk)
        for name, value in fields.items():
            setattr(user, name, value)
        if user.is_committee_staff:
            user.is_staff = True
        user.full_clean()
        user.save()
        _sync_committee_staff_group(user)
        return user


def user_invite(*, user):
    """Email the account's owner a link to set their password (the password-reset page, with a
    token that lapses once used or after PASSWORD_RESET_TIMEOUT), in the site's language (not
    the sender's) and at the site's address (SITE_URL)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "url": f"{settings.SITE_URL.rstrip('/')}{path}", "username": user.get_username()}
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(_("Your account on the oversight tracker"))
        body = render_to_string("accounts/email/invite.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)


def form_submission_claim(*, user, token):
    """Spend a one-time form token for `user`, or return the submission that already spent it.

    Returns (submission, first). Call inside the transaction that does the form's work: a
    second request with the same token waits here on the primary key until the first commits
    (then gets the first's submission) or rolls back (then claims the token itself)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = FormSubmission(token=token, user=user)
                submission.full_clean(validate_unique=False)
                submission.save(force_insert=True)
                return submission, True
        except IntegrityError:
            return FormSubmission.objects.get(token=token), False


def form_submission_finish(*, submission, result_url):
    """Record where the form's result is, for a repeated submission to be sent there; without
    a result (the form was refused) the token is released so the corrected form can use it."""
    with transaction.atomic():
        if result_url:
            submission.result_url = result_url[:500]
            submission.full_clean(validate_unique=False)
            submission.save(update_fields=["result_url"])
        else:
            submission.delete()


def user_set_language(*, user, language):
    """Remember the language the user chose, for what is sent to them."""
    if user.language != language:
        user.language = language
        with _actor_context(user):
            user.save(update_fields=["language"])
    return user
