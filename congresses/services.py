"""Writes of the standing committee's settings, like every other service: keyword-only,
`full_clean`, one transaction, history attributed to the acting user."""

from django.db import transaction

from recommendations.transitions import _actor_context

from .models import Congress, forget_current_congress

EDITABLE_FIELDS = ("name", "short_name", "government_name", "document_prefix", "voting_members")


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
