"""The evaluations in the admin, read only like the rest of the oversight record."""

from django.contrib import admin

from recommendations.admin import RecordAdmin

from .models import Evaluation


@admin.register(Evaluation)
class EvaluationAdmin(RecordAdmin):
    list_display = (
        "__str__",
        "method",
        "voters_entitled",
        "satisfied",
        "basically_satisfied",
        "unsatisfied",
        "result",
    )
    list_filter = ("method", "result", "topic")
    search_fields = ("topic__title", "recommendation__code")
    autocomplete_fields = ("topic", "recommendation", "meeting")
    list_select_related = ("topic", "recommendation")

    # Votes are opened, cast, counted and closed on the evaluation pages, where the rule and
    # the ballots apply.
