"""The standing committee that runs the oversight, and what differs from one congress to the
next: the government its recommendations go to, and how many members are entitled to vote."""

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from recommendations.models import TimestampedModel, track


@track()
class Congress(TimestampedModel):
    """A people's congress standing committee (人大常委会). Its recommendations go to the
    government named here; in-session vote totals are checked against its voting members."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60)
    government_name = models.CharField(
        _("government addressed"),
        max_length=100,
        help_text=_("The people's government its recommendations are sent to (city, county or district)."),
    )
    document_prefix = models.CharField(
        _("issuer code in document numbers"),
        max_length=40,
        blank=True,
        help_text=_(
            "The issuing office's code that opens its document numbers, before the year in "
            "brackets; the short name when blank."
        ),
    )
    voting_members = models.PositiveIntegerField(
        _("members entitled to vote"),
        help_text=_(
            "Members of the standing committee entitled to vote; in-session totals are checked against it."
        ),
    )

    class Meta:
        verbose_name = _("standing committee")
        verbose_name_plural = _("standing committees")
        constraints = [
            models.CheckConstraint(
                name="congress_has_voting_members",
                condition=models.Q(voting_members__gte=1),
                violation_error_message=_("A standing committee has at least one member entitled to vote."),
            ),
        ]

    def __str__(self):
        return self.short_name or self.name


CACHE_KEY = "congresses:current"
# Other processes see an edit within this many seconds; the editing process at once.
CACHE_SECONDS = 60


def current_congress():
    """The standing committee this installation serves (the first row; a data migration
    creates it)."""
    congress = cache.get(CACHE_KEY)
    if congress is None:
        congress = Congress.objects.order_by("pk").first()
        if congress is not None:
            cache.set(CACHE_KEY, congress, CACHE_SECONDS)
    return congress


def forget_current_congress():
    cache.delete(CACHE_KEY)
