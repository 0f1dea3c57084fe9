"""The standing committees on one platform, and what differs from one to the next: the
government its recommendations go to, the members entitled to vote and the vote rule, the
working-day calendar, the time zone and the public site's title.

Every oversight record belongs to one congress. Queries on those records run inside a congress
scope (`congresses.scoping`), opened by `congresses.middleware` for requests and by `in_congress`
for jobs and commands; outside one they raise `ScopeError` rather than return every congress's
rows."""

import zoneinfo
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.vote_rule import VoteRule, parse_share, validate_share
from recommendations.models import TimestampedModel, track

from .scoping import active_scope, scope, scopes_disabled


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Asia/Shanghai."), params={"value": value}
        )


def default_time_zone():
    return settings.TIME_ZONE


# A new congress starts with the platform's vote rule (EVALUATION_* settings); its staff change it.
def default_quorum():
    return settings.EVALUATION_QUORUM


def default_satisfied_share():
    return settings.EVALUATION_SATISFIED_SHARE


def default_unsatisfied_share():
    return settings.EVALUATION_UNSATISFIED_SHARE


@track()
class Congress(TimestampedModel):
    """A people's congress standing committee (人大常委会). Its recommendations go to the
    government named here; in-session vote totals are checked against its voting members. A
    congress may sit under another (a county's under its city's), which then reads its roll-up."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("provincial")
        CITY = "city", _("city")
        COUNTY = "county", _("county or district")

    class Calendar(models.TextChoices):
        MAINLAND = "mainland", _("Mainland China's: public holidays and make-up working days")
        WEEKENDS = "weekends", _("Weekends only: Monday to Friday are working days")

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Used in addresses and file names, e.g. putian; letters, digits and hyphens."),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.CITY)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("congress above"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
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
    # The vote rule of its satisfaction votes (evaluations/vote_rule.py); an evaluation keeps
    # the rule in force when it opened.
    quorum = models.CharField(
        _("quorum (share of members entitled)"),
        max_length=20,
        default=default_quorum,
        validators=[validate_share],
        help_text=_(
            "A vote counts when more than this share of the members entitled cast a ballot, e.g. 1/2."
        ),
    )
    satisfied_share = models.CharField(
        _("share of ballots that passes"),
        max_length=20,
        default=default_satisfied_share,
        validators=[validate_share],
        help_text=_(
            "Satisfied ballots above this share of those cast: satisfied; satisfied and largely "
            "satisfied together above it: largely satisfied."
        ),
    )
    unsatisfied_share = models.CharField(
        _("share of unsatisfied ballots that fails"),
        max_length=20,
        default=default_unsatisfied_share,
        validators=[validate_share],
        help_text=_("Not-satisfied ballots above this share of those cast: not satisfied, whatever else."),
    )
    calendar = models.CharField(
        _("working-day calendar"),
        max_length=10,
        choices=Calendar.choices,
        default=Calendar.MAINLAND,
        help_text=_(
            "Deadlines, overdue flags and reminders count working days on it, with the local exceptions."
        ),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("Its standard name in English, as Continent/City; dates shown and “today” follow it."),
    )
    public_title = models.CharField(
        _("public site's title"),
        max_length=100,
        blank=True,
        help_text=_("Shown at the top of its public pages; its name when blank."),
    )

    class Meta:
        verbose_name = _("standing committee")
        verbose_name_plural = _("standing committees")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="congress_not_own_parent", condition=~models.Q(parent=models.F("pk"))
            ),
            models.CheckConstraint(
                name="congress_has_voting_members",
                condition=models.Q(voting_members__gte=1),
                violation_error_message=_("A standing committee has at least one member entitled to vote."),
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    LEVEL_RANK = {Level.PROVINCE: 0, Level.CITY: 1, Level.COUNTY: 2}

    def clean(self):
        if self.parent_id is None:
            return
        if self.LEVEL_RANK[self.parent.level] >= self.LEVEL_RANK[self.level]:
            raise ValidationError({"parent": _("The congress above must be of a higher level.")})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A congress cannot sit under itself.")})
            ancestor = ancestor.parent

    def vote_rule(self):
        return VoteRule(
            quorum=parse_share(self.quorum),
            satisfied_share=parse_share(self.satisfied_share),
            unsatisfied_share=parse_share(self.unsatisfied_share),
        )

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def site_title(self):
        # The short name when no title is set: the full name would not fit the site's header.
        return self.public_title or self.short_name or self.name

    def descendants(self):
        """The congresses below this one, at every level (one query per level: at most two)."""
        found, level = [], [self.pk]
        while level:
            children = list(Congress.objects.filter(parent__in=level))
            found += children
            level = [child.pk for child in children]
        return found


# Other processes see an edit within this many seconds; the editing process at once.
CACHE_SECONDS = 60
DEFAULT_CACHE_KEY = "congresses:default"


def _pk_cache_key(pk):
    return f"congresses:pk:{pk}"


def default_congress():
    """The congress the platform's old addresses and unscoped jobs serve: the one whose code is
    the `DEFAULT_CONGRESS` setting, else the first (a data migration creates it)."""
    congress = cache.get(DEFAULT_CACHE_KEY)
    if congress is None:
        congress = Congress.objects.filter(code=settings.DEFAULT_CONGRESS).first()
        congress = congress or Congress.objects.order_by("pk").first()
        if congress is not None:
            cache.set(DEFAULT_CACHE_KEY, congress, CACHE_SECONDS)
    return congress


def congress_by_pk(pk):
    """A congress read once a minute per process, not once per request."""
    congress = cache.get(_pk_cache_key(pk))
    if congress is None:
        congress = Congress.objects.filter(pk=pk).first()
        if congress is not None:
            cache.set(_pk_cache_key(pk), congress, CACHE_SECONDS)
    return congress


def current_congress():
    """The congress of the scope that is open (a request's, a job's), else the default one."""
    active = active_scope()
    if isinstance(active, Congress):
        return active
    return default_congress()


def forget_current_congress(congress=None):
    cache.delete(DEFAULT_CACHE_KEY)
    if congress is not None:
        cache.delete(_pk_cache_key(congress.pk))


@contextmanager
def in_congress(congress):
    """Run queries on `congress`'s records only (a Congress, or its pk), in its time zone."""
    if not isinstance(congress, Congress):
        congress = congress_by_pk(congress)
    with scope(congress), timezone.override(congress.zone):
        yield congress


def for_each_congress(work):
    """Call `work(congress)` once per congress, with that congress's scope open, and return
    the results: platform-wide jobs (the daily scan, the digest) never mix one congress's
    records with another's, and each runs in its congress's time zone. A plain loop, not a
    generator, so the scope always closes in the context that opened it, also when `work`
    raises."""
    results = []
    for congress in Congress.objects.order_by("pk"):
        with scope(congress), timezone.override(congress.zone):
            results.append(work(congress))
    return results


def congress_of(model, pk):
    """The congress of one record (for a job given only its id), or None if it is gone."""
    from django.db.models import F

    path = model._default_manager.scope_path
    with scopes_disabled():
        congress_id = model._default_manager.filter(pk=pk).values_list(F(path), flat=True).first()
    return None if congress_id is None else congress_by_pk(congress_id)


def congress_for_command(code):
    """The congress a management command's --congress names, else the default one; a
    CommandError naming the codes there are when it is unknown."""
    from django.core.management.base import CommandError

    if not code:
        return default_congress()
    congress = Congress.objects.filter(code__iexact=code).first()
    if congress is None:
        codes = ", ".join(Congress.objects.values_list("code", flat=True))
        raise CommandError(f"No congress with the code “{code}”; there are: {codes}.")
    return congress
