"""Atom feeds of the public site: the latest public steps of the recommendations a list filter
matches (the list page's query string, the same filters), and one recommendation's public
timeline. Only published data; each entry is dated by its step, never by the time of the request,
and keeps its id for ever (the step's number)."""

from django.contrib.syndication.views import Feed
from django.db.models import Model
from django.http import Http404, HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from recommendations.choices import RecommendationStatus
from recommendations.models import StatusEvent
from recommendations.transitions import transition_label

from . import selectors
from .cache import cached_for_visitors
from .filters import RecommendationFilter

# Entries in a list feed: a reader polls it, so the latest steps are enough.
LIST_FEED_ENTRIES = 50


def _events():
    return selectors.published_events().select_related(
        "report__task__recommendation", "closure", "recommendation__topic"
    )


def step_title(event):
    """What happened, in the request's language: the step, the verdict of a closure, the task
    and department of an accepted report."""
    label = str(transition_label(event.subject, event.from_status, event.to_status))
    if event.subject == StatusEvent.Subject.REPORT:
        return f"{label} · {event.report.task.code} · {event.report.department}"
    closure = getattr(event, "closure", None)
    if event.to_status == RecommendationStatus.CLOSED and closure is not None:
        return _("%(step)s: %(verdict)s") % {"step": label, "verdict": closure.get_verdict_display()}
    return label


class _StepFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, event):
        rec = event.recommendation
        return _("%(recommendation)s: %(step)s") % {
            "recommendation": f"{rec.code} {rec.title}",
            "step": step_title(event),
        }

    def item_description(self, event):
        return event.public_note_text or step_title(event)

    def item_link(self, event):
        return reverse("public_recommendation_detail", args=[event.recommendation.code])

    def item_guid(self, event):
        # The step's number never changes: a reader sees each step once.
        return f"{self.item_link(event)}#step-{event.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, event):
        return event.occurred_at

    def item_updateddate(self, event):
        return event.occurred_at


class RecommendationListFeed(_StepFeed):
    """The latest public steps of the recommendations the list's filters match."""

    def __call__(self, request, *args, **kwargs):
        queryset = selectors.public_recommendation_list()
        filterset = RecommendationFilter(request.GET or None, queryset=queryset, request=request)
        if request.GET and not filterset.is_valid():
            errors = "; ".join(str(e) for errors in filterset.errors.values() for e in errors)
            return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
        # On the request, not on this instance: one instance serves every thread.
        request.feed_filterset = filterset
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request):
        return request.feed_filterset

    def title(self, filterset):
        parts = []
        if filterset.is_bound:
            for name, value in filterset.form.cleaned_data.items():
                if value in (None, "", []) or name == "ordering":
                    continue
                field = filterset.form.fields[name]
                if isinstance(value, bool):
                    shown = _("yes") if value else _("no")
                elif isinstance(value, Model):
                    shown = str(value)  # its name: never list every department to find it
                else:
                    shown = dict(getattr(field, "choices", ())).get(value, value)
                parts.append(_("%(label)s: %(value)s") % {"label": field.label, "value": shown})
        base = _("Recommendations: recent activity")
        if not parts:
            return base
        return _("%(title)s (%(filters)s)") % {"title": base, "filters": _("; ").join(parts)}

    def link(self, filterset):
        query = filterset.data.urlencode() if filterset.is_bound else ""
        url = reverse("public_recommendation_list")
        return f"{url}?{query}" if query else url

    def feed_url(self, filterset):
        query = filterset.data.urlencode() if filterset.is_bound else ""
        url = reverse("public_recommendation_list_feed")
        return f"{url}?{query}" if query else url

    def subtitle(self, filterset):
        return _("Each step of the published recommendations these filters find, newest first.")

    def items(self, filterset):
        return (
            _events()
            .filter(recommendation__in=filterset.qs.values("pk"))
            .order_by("-occurred_at", "-pk")[:LIST_FEED_ENTRIES]
        )


class RecommendationFeed(_StepFeed):
    """One recommendation's public timeline."""

    def get_object(self, request, code):
        found = list(selectors.published_recommendations().filter(code__iexact=code)[:2])
        exact = [rec for rec in found if rec.code == code]
        if len(exact) != 1 and len(found) != 1:
            raise Http404
        return (exact or found)[0]

    def title(self, rec):
        return f"{rec.code} {rec.title}"

    def subtitle(self, rec):
        return _("Timeline")

    def link(self, rec):
        return reverse("public_recommendation_detail", args=[rec.code])

    def feed_url(self, rec):
        return reverse("public_recommendation_feed", args=[rec.code])

    def items(self, rec):
        return _events().filter(recommendation=rec).order_by("-occurred_at", "-pk")


recommendation_list_feed = cached_for_visitors(params=list(RecommendationFilter.base_filters))(
    RecommendationListFeed()
)
recommendation_feed = cached_for_visitors(RecommendationFeed())
