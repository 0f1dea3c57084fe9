"""Query budgets: every main page and every admin changelist of the domain sends the same number
of queries whatever the amount of data and however many congresses share the platform (no
per-row or per-congress queries). Data from the scale generator: the pages are the first region
congress's, the roll-up the province's."""

import pytest
from django.contrib import admin
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.pages import ensure_admin, pages, sample
from congresses.models import Congress, congress_by_pk, default_congress, forget_current_congress
from congresses.scoping import scope
from recommendations.choices import ReportStatus
from recommendations.models import ProgressReport
from scale.generator import generate

pytestmark = pytest.mark.django_db

# Queries per page with an empty cache: the pages' own work, including writing what they cache;
# signed-in pages count their session and user lookups. Writing the data version costs 6 (the
# lookup, then cull count, key lookup, insert and pghistory's context), a cached value 1 + 5.
# Home: the version (6), the headline figures read, computed and written (7), topics and
# activity. Lists and the API list: the version (6), the total read, counted and written (7),
# the rows (and the API's prefetch).
# Record pages, the portal, the review queue and the office's home keep their rows in the cache
# for every reader (public.cache.cached_content): cold, the version (6) and the rows read, built
# and written (1 + 5) come on top of the rows' own queries.
PAGE_BUDGETS = {
    "home": 15,
    "list": 14,
    "list filtered": 14,
    "list dept+overdue": 15,
    "list search": 14,
    "detail": 31,  # the title, then the rows: each task's deadline revisions, files, sources
    "department": 18,
    # Cold: headline, tables, filter choices, whether there are congresses below, cache reads and
    # writes, votes awaiting.
    "dashboard": 33,
    "portal inbox": 20,
    "review queue": 18,
    "office home": 36,  # with whether there are congresses below (for the roll-up's link)
    "office detail": 16,  # with the follow button's one query
    "api list": 15,
    # Session, user, the congresses below (a query per level: cities, counties, and the empty
    # one after), one grouped query per figure over all of them (recommendations, cohorts,
    # overdue tasks, votes), the notification count.
    "province roll-up": 10,
    "admin changelist": 7,
}
# The search reads one query per kind of record on its page (at most eight, as many as there
# are kinds), so its count depends on what matched, not on how much there is: session, user,
# the candidates, a query per kind (8), the sources of findings and remarks (2), a liaison's
# own recommendations and tasks (2), the notification count.
SEARCH_PAGES = ("search word", "search name", "search number")
SEARCH_BUDGET = 16

# Admin changelists of the domain's models, signed in as a superuser.
ADMIN_BUDGETS = {
    "department": 6,
    "oversighttopic": 7,
    "inspection": 7,
    "finding": 9,
    "meeting": 6,
    "remark": 6,
    "recommendation": 7,
    "task": 8,
    "progressreport": 7,
    "indicator": 7,
    "measurement": 8,
    "evaluation": 7,
    "statusevent": 6,  # its "to" filter lists the statuses by label, with no query for the values
}


def _generate(settings, recommendations, congresses=None):
    """Generated data, its sample, and the sample's congress as the one the public pages serve."""
    generate(recommendations, seed=1, congresses=congresses)
    ensure_admin()
    s = sample()
    settings.DEFAULT_CONGRESS = s["congress"]
    forget_current_congress()
    # As a running site has them: each congress is read once a minute, not once per request.
    default_congress()
    for congress in Congress.objects.all():
        congress_by_pk(congress.pk)
    return s


def _count(client, path, user=None, cold=True):
    if cold:
        caches["shared"].clear()  # the pages' own work, not what an earlier request cached
    client.logout()
    if user is not None:
        client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, SERVER_NAME="127.0.0.1")
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.parametrize(("recommendations", "congresses"), [(10, 3), (500, 12)])
def test_every_page_sends_the_same_number_of_queries_at_10_and_500_recommendations_in_3_and_12_congresses(
    client, recommendations, congresses, settings
):
    s = _generate(settings, recommendations, congresses)
    # The pages' own queries, rendered every time; served from the cache, a public page costs 2
    # (the test below).
    settings.PUBLIC_PAGE_CACHE = False
    counts = {name: _count(client, path, s[user] if user else None) for name, path, user in pages(s)}
    searches = {name: counts.pop(name) for name in SEARCH_PAGES}
    assert max(searches.values()) <= SEARCH_BUDGET, searches
    budgets = dict(PAGE_BUDGETS)
    with scope(default_congress()):
        waiting = ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).exists()
    if not waiting:
        # An empty review queue: the paginator's COUNT and no query for the (empty) page.
        budgets["review queue"] -= 1
    assert counts == budgets


@pytest.mark.parametrize("recommendations", [10, 500])
def test_every_admin_changelist_sends_the_same_number_of_queries_at_10_and_500(
    client, recommendations, settings
):
    _generate(settings, recommendations)
    admin_user = ensure_admin()
    counts = {}
    for model in admin.site._registry:
        if model._meta.app_label not in ("recommendations", "evaluations"):
            continue
        path = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        counts[model._meta.model_name] = _count(client, path, admin_user)
    assert counts == ADMIN_BUDGETS


@pytest.mark.parametrize("recommendations", [10, 500])
def test_public_pages_and_api_from_the_cache_cost_two_queries_at_10_and_500(
    client, recommendations, settings
):
    s = _generate(settings, recommendations)
    public = [(name, path) for name, path, user in pages(s) if user is None]
    assert len(public) == 8
    for _name, path in public:
        _count(client, path, cold=False)  # the first visitor renders it
    warm = {name: _count(client, path, cold=False) for name, path in public}
    assert warm == {name: 2 for name, _path in public}
