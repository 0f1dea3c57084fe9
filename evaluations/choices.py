"""Choices of the evaluations app, in the style of `recommendations.choices`."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BallotChoice(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Largely satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")
    ABSTAIN = "abstain", _("Abstain")
