"""EXPLAIN (ANALYZE) the query behind each index of migration recommendations/0003, for a
before/after comparison on a generated database:

    DATABASE_URL=postgresql://...oversight_scale... python -m benchmarks.index_check

Each query is the WHERE/ORDER BY a page sends for one filter, sort or search (from the
selectors and filters the pages use), reduced to what the index serves."""

import os
import re

import django


def queries(search):
    from django.db.models import Q

    from portal.selectors import review_queue
    from public.filters import RecommendationFilter
    from public.selectors import published_recommendations
    from recommendations.models import Finding, Recommendation, Task
    from recommendations.selectors import overdue_recommendation_q, overdue_task_q

    published = published_recommendations()
    text = Q(code__icontains=search) | Q(title__icontains=search) | Q(body__icontains=search)
    return {
        "search code/title/body (admin search_fields)": Recommendation.objects.filter(text).values("pk"),
        "search incl. finding titles (public q)": RecommendationFilter({"q": search}, queryset=published)
        .qs.order_by()
        .values("pk"),
        "finding title search": Finding.objects.filter(title__icontains=search).values("pk"),
        "sort by issued, newest 20": published.order_by("-issued_at")[:20],
        "sort by closed, newest 20": published.order_by("-closed_at")[:20],
        "verdict = not implemented": published.filter(verdict="not_implemented").order_by().values("pk"),
        "priority": published.filter(is_priority=True).order_by().values("pk"),
        "overdue recommendations": published.filter(overdue_recommendation_q()).order_by().values("pk"),
        "overdue tasks, by due date": Task.objects.filter(overdue_task_q()).order_by("due_date")[:50],
        "review queue, oldest 50": review_queue()[:50],
    }


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight.settings.dev")
    django.setup()
    from benchmarks.pages import SEARCH

    for name, queryset in queries(SEARCH).items():
        plan = queryset.explain(analyze=True)
        ms = float(re.search(r"Execution Time: ([\d.]+)", plan).group(1))
        scans = sorted(
            set(
                re.findall(
                    r"((?:Parallel )?(?:Seq|Index|Index Only|Bitmap Index|Bitmap Heap) Scan(?: Backward)?)"
                    r"(?: using| on) (\w+)",
                    plan,
                )
            )
        )
        print(f"{name:48} {ms:9.1f} ms  " + "; ".join(f"{kind} {target}" for kind, target in scans))
        if os.environ.get("PLANS"):
            print(plan, "\n")


if __name__ == "__main__":
    main()
