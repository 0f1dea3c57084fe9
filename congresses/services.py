"""Writes of the standing committees and their settings, like every other service: keyword-only,
`full_clean`, one transaction, history attributed to the acting user."""

from django.db import transaction

from recommendations.transitions import _actor_context

from .models import Congress, forget_current_congress

# What a congress's own staff keep (the office settings page); its code, level and place
# among the congresses are the platform administrators'.
EDITABLE_FIELDS = (
    "name",
    "short_name",
    "public_title",
    "government_name",
    "document_prefix",
    "voting_members",
    "quorum",
    "satisfied_share",
    "unsatisfied_share",
    "calendar",
    "time_zone",
)
CREATE_FIELDS = ("code", "level", "parent", *EDITABLE_FIELDS)


def congress_update(*, actor, congress, **fields):
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"congress_update() got unexpected fields: {sorted(unknown)}")
    with transaction.atomic(), _actor_context(actor):
        congress = Congress.objects.select_for_update().get(pk=congress.pk)
        for name, value in fields.items():
            setattr(congress, name, value)
        congress.full_clean()
        congress.save()
        # Now for this process's reads inside the transaction, and again once it commits.
        forget_current_congress(congress)
        transaction.on_commit(lambda: forget_current_congress(congress))
        return congress


def congress_create(*, actor, staff_username, staff_email, staff_first_name="", staff_last_name="", **fields):
    """A platform administrator adds a congress and its first committee-staff account, who then
    adds the congress's other accounts. The account gets no password: once the congress is
    committed, its owner is emailed a link to set one (as every account the office creates),
    so no password is ever shown, sent or known to anyone else."""
    from accounts.services import user_create, user_invite

    unknown = set(fields) - set(CREATE_FIELDS)
    if unknown:
        raise TypeError(f"congress_create() got unexpected fields: {sorted(unknown)}")
    with transaction.atomic(), _actor_context(actor):
        congress = Congress(**fields)
        congress.full_clean()
        congress.save()
        staff = user_create(
            actor=actor,
            congress=congress,
            username=staff_username,
            email=staff_email,
            first_name=staff_first_name,
            last_name=staff_last_name,
            is_committee_staff=True,
        )
        transaction.on_commit(lambda: user_invite(user=staff))
        return congress, staff
