from django.db.models import Prefetch
from django.shortcuts import render

from .models import OversightTopic, Recommendation
from .selectors import recommendation_list


def home(request):
    """Published topics with their published recommendations and where each stands."""
    published = recommendation_list(Recommendation.objects.filter(is_published=True)).exclude(status="draft")
    topics = (
        OversightTopic.objects.filter(is_published=True)
        .select_related("responsible_office")
        .prefetch_related(
            Prefetch("recommendations", queryset=published, to_attr="published_recommendations")
        )
    )
    return render(request, "recommendations/home.html", {"topics": topics})
