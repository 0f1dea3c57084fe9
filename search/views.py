"""The search page and the API's search: one search over every kind of record (selectors)."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from public.cache import cached_for_visitors
from public.selectors import published_topics
from recommendations.models import Department

from . import selectors
from .forms import SearchForm
from .models import Kind

PAGE_SIZE = 20


def run_search(request, data, page_number):
    """The form, the page of hits and whether more matched than are ranked."""
    form = SearchForm(data)
    if not form.is_valid() or not form.cleaned_data["q"]:
        return form, None, []
    documents = selectors.search_documents(request.user, form.cleaned_data["q"], **form.filters())
    if documents is None:
        return form, None, []
    page = Paginator(documents, PAGE_SIZE).get_page(page_number)
    return form, page, selectors.hits(request.user, list(page.object_list), form.cleaned_data["q"])


@require_GET
def search_page(request):
    form, page, hits = run_search(request, request.GET or None, request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "hits": hits,
        "capped": page is not None and page.paginator.count >= selectors.CANDIDATE_LIMIT,
        "limit": selectors.CANDIDATE_LIMIT,
    }
    return render(request, "search/search.html", context)


class HitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    kind_label = serializers.CharField()
    title = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML: the text around the first match, matches in <mark>.")
    url = serializers.URLField(allow_null=True)
    recommendation = serializers.CharField(allow_null=True, help_text="Code of the recommendation.")


class SearchResultsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    capped = serializers.BooleanField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = HitSerializer(many=True)


def _parameter(name, kind, description):
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=description)


class SearchAPIView(APIView):
    """Every kind of record matching `search`, ranked, as the caller may see them; filters
    `kind`, `year`, `department` (code, any case) and `status`; `page`. `snippet` is HTML
    with the matches in <mark>; `capped` says that more matched than were ranked."""

    @extend_schema(
        parameters=[
            _parameter("search", OpenApiTypes.STR, "Words to find (Chinese, English, numbers, codes)."),
            _parameter("kind", OpenApiTypes.STR, "One kind of record: " + ", ".join(Kind.values)),
            _parameter("year", OpenApiTypes.INT, "Year of the topic."),
            _parameter("department", OpenApiTypes.STR, "Department code, any case."),
            _parameter("status", OpenApiTypes.STR, "Status of the recommendation."),
            _parameter("page", OpenApiTypes.INT, "Page number."),
        ],
        responses={200: SearchResultsSerializer, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        data = request.query_params.copy()
        data["q"] = data.get("search", "")
        form, page, hits = run_search(request, data, request.query_params.get("page"))
        if form.errors:
            return Response({"errors": form.errors}, status=400)
        results = [
            {
                "kind": hit.kind,
                "kind_label": str(hit.kind_label),
                "title": hit.title,
                "snippet": str(hit.snippet),
                "url": request.build_absolute_uri(hit.url) if hit.url else None,
                "recommendation": hit.recommendation.code if hit.recommendation else None,
            }
            for hit in hits
        ]
        count = page.paginator.count if page else 0
        return Response(
            {
                "count": count,
                "capped": count >= selectors.CANDIDATE_LIMIT,
                "page": page.number if page else 1,
                "pages": page.paginator.num_pages if page else 0,
                "results": results,
            }
        )


# Suggestions a text box shows while one types a name (oversight.widgets.NameSuggestInput).
SUGGESTIONS = 20


@cached_for_visitors(params=["q"])
@require_GET
def suggest(request, kind):
    """Departments or published topics whose name (or code) contains what was typed, as JSON:
    `value` is what the box then holds (a department's name, a topic's code: titles repeat
    from year to year), `label` what the list shows beside it."""
    q = (request.GET.get("q") or "").strip()[:100]
    results = []
    if kind == "department":
        if q:
            departments = Department.objects.filter(
                Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__istartswith=q)
            ).order_by("name")[:SUGGESTIONS]
            results = [{"value": d.name, "label": d.short_name or d.code} for d in departments]
    elif kind == "topic":
        if q:
            topics = (
                published_topics()
                .filter(Q(title__icontains=q) | Q(code__istartswith=q))
                .order_by("-year", "code")[:SUGGESTIONS]
            )
            results = [{"value": t.code, "label": f"{t.year} · {t.title}"} for t in topics]
    else:
        raise Http404
    return JsonResponse({"results": results})
