"""The public transparency site: no login, only what `selectors` calls published."""

from functools import wraps

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from accounts.services import user_set_language
from accounts.views import set_language_cookie
from evaluations.selectors import recommendation_story
from oversight import data_version
from recommendations.models import Department, OversightTopic, Recommendation

from . import charts, selectors
from .cache import CachedCountPaginator, cached_content, cached_for_visitors
from .filters import RecommendationFilter

PAGE_SIZE = 20
HOME_TOPICS = 10


class _OtherCase(Exception):
    """The code was given in another case: the page is at its canonical address."""

    def __init__(self, code):
        self.code = code


def _get_or_404(getter, code, published=None):
    """The record `getter` finds by `code`. A code in another case (`2022-fraud-01`) raises
    _OtherCase with the code as stored, for the view to redirect; looked up only on a miss, so
    a page at its own address reads nothing more."""
    try:
        return getter(code)
    except (OversightTopic.DoesNotExist, Recommendation.DoesNotExist, Department.DoesNotExist) as exc:
        # Only among published records: a redirect must not tell that a hidden code exists.
        if published is not None:
            stored = list(published.filter(code__iexact=code).values_list("code", flat=True)[:2])
            if len(stored) == 1 and stored[0] != code:
                raise _OtherCase(stored[0]) from exc
        raise Http404(str(exc)) from exc


def canonical_code(view):
    """Send a code given in another case to the page at its stored code (permanently)."""

    @wraps(view)
    def wrapper(request, code, *args, **kwargs):
        try:
            return view(request, code, *args, **kwargs)
        except _OtherCase as other:
            url = reverse(request.resolver_match.view_name, args=[other.code])
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

    return wrapper


@cached_for_visitors
def home(request):
    # Only the most recent topics: a platform holds tens of thousands. Counted by a correlated
    # subquery, so only the shown topics are counted, not every topic before the LIMIT.
    counts = (
        selectors.published_recommendations()
        .filter(topic=OuterRef("pk"))
        .order_by()
        .values("topic")
        .annotate(n=Count("pk"))
        .values("n")
    )
    topics = (
        selectors.published_topics()
        .select_related("responsible_office")
        .annotate(recommendation_count=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0)))
        .order_by("-year", "-code")[:HOME_TOPICS]
    )
    context = {
        # One aggregate over every published recommendation: cached for the day's data, so a
        # signed-in user's visit (not served from the page cache) does not repeat it.
        "figures": data_version.get_or_build("headline-figures", selectors.headline_figures, timeout=3600),
        "activity": selectors.recent_activity(),
        "topics": topics,
    }
    return render(request, "public/home.html", context)


@canonical_code
@cached_for_visitors
def topic_detail(request, code):
    topic = _get_or_404(selectors.public_topic_detail, code, selectors.published_topics())
    indicators = list(selectors.indicator_series(topic))
    context = {
        "topic": topic,
        "measurements": [m for indicator in indicators for m in indicator.published_measurements],
        "chart": charts.indicator_chart(indicators),
    }
    return render(request, "public/topic_detail.html", context)


@cached_for_visitors(params=[*RecommendationFilter.base_filters, "page"])
def recommendation_list(request):
    queryset = selectors.public_recommendation_list().order_by("-topic__year", "topic__code", "number")
    filterset = RecommendationFilter(request.GET or None, queryset=queryset, request=request)
    page = CachedCountPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    feed_url = reverse("public_recommendation_list_feed") + (f"?{query.urlencode()}" if query else "")
    context = {"filter": filterset, "page": page, "feed_url": feed_url}
    # htmx (filter form, pager) asks for the results only; a history restore needs the page.
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        response = render(request, "public/_recommendation_results.html", context)
    else:
        response = render(request, "public/recommendation_list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@canonical_code
@cached_for_visitors
def recommendation_detail(request, code):
    published = selectors.published_recommendations()
    # The recommendation and its topic (one row) for the title, the heading and the follow
    # button, and the 404; the rest is the same for every reader and kept until the next write.
    rec = _get_or_404(lambda c: published.get(code=c), code, published)

    def build():
        recommendation = _get_or_404(selectors.public_recommendation_detail, code)
        return {
            "rec": recommendation,
            "progress": selectors.progress_percent(recommendation),
            # The evaluations app tells the whole story; `public` leaves out actors, report
            # drafts and returns.
            "story": recommendation_story(recommendation, public=True),
            "has_reports": any(task.published_reports for task in recommendation.tasks.all()),
        }

    content = cached_content(request, "public/_recommendation_detail.html", build)
    return render(request, "public/recommendation_detail.html", {"rec": rec, "content": content})


@cached_for_visitors
def department_list(request):
    departments = selectors.departments_with_tasks()
    return render(request, "public/department_list.html", {"departments": departments})


@canonical_code
@cached_for_visitors(params=["page"])
def department_detail(request, code):
    departments = Department.objects.all()
    department = _get_or_404(lambda c: departments.get(code=c), code, departments)

    def build():
        figures, tasks = selectors.department_scorecard(department)
        page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
        return {"department": department, "figures": figures, "tasks": page.object_list, "page": page}

    # The same for every reader: kept until the next write (the heading and follow button live).
    content = cached_content(request, "public/_department_detail.html", build)
    return render(request, "public/department_detail.html", {"department": department, "content": content})


@require_GET
def language_switch(request):
    """Set the interface language (cookie) and go back. A GET, unlike Django's set_language,
    so that public pages carry no CSRF token and can be shared from the cache; the worst a
    forged request can do is change someone's language."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    language = request.GET.get("language")
    if language in dict(settings.LANGUAGES):
        set_language_cookie(response, language)
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=language)
    return response
