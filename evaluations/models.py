"""What the evaluations app adds to the oversight record: the terms an evaluation opened on,
members' secret ballots, the re-handling an unsatisfied vote started, and the closure of a
recommendation with the reports that support its verdict.

`Evaluation` holds the vote itself (method, members entitled, totals, result); the other models
hang off it and off StatusEvent rows, which stay the one record of status moves.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congresses.scoping import ScopedManager
from recommendations.choices import EvaluationMethod, EvaluationResult, Verdict
from recommendations.models import (
    Meeting,
    OversightTopic,
    ProgressReport,
    Recommendation,
    StatusEvent,
    TimestampedModel,
    track,
)

from .vote_rule import VoteRule, parse_share, validate_share


# The tables keep the names they had when this model lived in the recommendations app.
@track(meta={"db_table": "recommendations_evaluationevent"})
class Evaluation(TimestampedModel):
    """A satisfaction vote (满意度测评) on the government's handling report, for a whole topic or
    one recommendation, in a given handling cycle."""

    topic = models.ForeignKey(
        OversightTopic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="evaluations"
    )
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evaluations",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
    )
    cycle = models.PositiveSmallIntegerField(_("handling cycle"), default=1)
    method = models.CharField(_("method"), max_length=20, choices=EvaluationMethod.choices)
    voters_entitled = models.PositiveIntegerField(_("members entitled to vote"))
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    basically_satisfied = models.PositiveIntegerField(_("basically satisfied"), default=0)
    unsatisfied = models.PositiveIntegerField(_("unsatisfied"), default=0)
    abstained = models.PositiveIntegerField(_("abstained"), default=0)
    result = models.CharField(_("result"), max_length=30, choices=EvaluationResult.choices, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    opened_at = models.DateTimeField(_("voting opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("voting closed at"), null=True, blank=True)

    objects = ScopedManager("topic__congress")

    class Meta:
        db_table = "recommendations_evaluation"
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["topic", "cycle"]
        constraints = [
            models.CheckConstraint(
                name="evaluation_votes_within_entitled",
                condition=Q(
                    voters_entitled__gte=F("satisfied")
                    + F("basically_satisfied")
                    + F("unsatisfied")
                    + F("abstained")
                ),
                violation_error_message=_("More votes than members entitled to vote."),
            ),
        ]

    def __str__(self):
        return str(self.name_text())

    def name_text(self):
        from oversight import system_texts

        target = self.recommendation.code if self.recommendation_id else self.topic.code
        return system_texts.text("evaluation_name", target=target, cycle=self.cycle)

    def clean(self):
        if self.recommendation_id and self.recommendation.topic_id != self.topic_id:
            raise ValidationError({"recommendation": _("The recommendation belongs to another topic.")})


@track()
class EvaluationTerms(TimestampedModel):
    """What an evaluation was opened on: the vote rule then in force (so a later change of
    settings does not change a past result), the recommendations it judges, and the members
    entitled to vote at opening."""

    evaluation = models.OneToOneField(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="terms"
    )
    quorum = models.CharField(
        _("quorum (share of members entitled)"), max_length=20, validators=[validate_share]
    )
    satisfied_share = models.CharField(
        _("share of ballots that passes"), max_length=20, validators=[validate_share]
    )
    unsatisfied_share = models.CharField(
        _("share of unsatisfied ballots that fails"), max_length=20, validators=[validate_share]
    )
    recommendations = models.ManyToManyField(
        Recommendation, verbose_name=_("recommendations judged"), related_name="evaluation_terms"
    )
    voters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("list of people", "members entitled to vote"),
        blank=True,
        related_name="+",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ScopedManager("evaluation__topic__congress")

    class Meta:
        verbose_name = _("evaluation terms")
        verbose_name_plural = _("evaluation terms")

    def __str__(self):
        return str(self.evaluation)

    @property
    def rule(self):
        return VoteRule(
            quorum=parse_share(self.quorum),
            satisfied_share=parse_share(self.satisfied_share),
            unsatisfied_share=parse_share(self.unsatisfied_share),
        )


@track()
class VoteCast(models.Model):
    """That a member has cast their ballot in an online evaluation, and nothing about what
    they chose. Who voted is not secret; the choice went into the evaluation's ballot box."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="votes_cast"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voter"), on_delete=models.PROTECT, related_name="votes_cast"
    )

    objects = ScopedManager("evaluation__topic__congress")

    class Meta:
        verbose_name = _("vote cast")
        verbose_name_plural = _("votes cast")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "voter"],
                name="ballot_one_per_member",
                violation_error_message=_("You have already voted in this evaluation."),
            ),
        ]

    def __str__(self):
        return f"{self.evaluation} · {self.voter}"


# A secret ballot kept as running counts, one row per evaluation keyed by it: no voter, no
# time, no row or sequence number per ballot whose order could be lined up with VoteCast, and
# not tracked by pghistory, whose rows would carry the voter's context.
class BallotBox(models.Model):
    """The ballots of an online evaluation, counted by choice as they are cast. Read only when
    the vote closes."""

    evaluation = models.OneToOneField(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="ballot_box",
    )
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    basically_satisfied = models.PositiveIntegerField(_("basically satisfied"), default=0)
    unsatisfied = models.PositiveIntegerField(_("unsatisfied"), default=0)
    abstain = models.PositiveIntegerField(_("abstained"), default=0)

    objects = ScopedManager("evaluation__topic__congress")

    class Meta:
        verbose_name = _("ballot box")
        verbose_name_plural = _("ballot boxes")

    def __str__(self):
        # Never the counts: they are secret until the vote closes.
        return str(self.evaluation)


@track()
class Rehandling(models.Model):
    """A recommendation sent back for re-handling (重新办理) by an unsatisfied evaluation: the
    status event that started the new cycle, its number and the new deadline."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="rehandlings"
    )
    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE, related_name="rehandlings"
    )
    event = models.OneToOneField(
        StatusEvent, verbose_name=_("status event"), on_delete=models.PROTECT, related_name="rehandling"
    )
    cycle = models.PositiveSmallIntegerField(_("new handling cycle"))
    response_due = models.DateField(_("new response deadline"))

    objects = ScopedManager("evaluation__topic__congress")

    class Meta:
        verbose_name = _("re-handling")
        verbose_name_plural = _("re-handlings")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "recommendation"], name="rehandling_once_per_evaluation"
            ),
        ]

    def __str__(self):
        return f"{self.recommendation.code} · {_('cycle')} {self.cycle}"


@track()
class Closure(TimestampedModel):
    """The committee's judgement that closed a recommendation (办结): verdict, reason and the
    accepted progress reports that support it. A recommendation reopened and closed again has
    one closure per time it was closed."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE, related_name="closures"
    )
    event = models.OneToOneField(
        StatusEvent, verbose_name=_("status event"), on_delete=models.PROTECT, related_name="closure"
    )
    cycle = models.PositiveSmallIntegerField(_("handling cycle"))
    verdict = models.CharField(_("verdict"), max_length=30, choices=Verdict.choices)
    reason = models.TextField(_("reason"))
    reports = models.ManyToManyField(
        ProgressReport, verbose_name=_("supporting reports"), blank=True, related_name="closures"
    )

    objects = ScopedManager("recommendation__congress")

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["recommendation", "created_at"]

    def __str__(self):
        return f"{self.recommendation.code} · {self.get_verdict_display()}"
