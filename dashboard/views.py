import csv

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone

from evaluations.selectors import votes_awaiting
from oversight import data_version
from oversight.spreadsheet_safety import neutralise
from recommendations.permissions import is_committee_member

from .cache import TIMEOUT, cached_figures
from .filters import parse_filters
from .permissions import can_view_dashboard
from .rollup import congresses_below, rollup
from .tables import BUILDERS, cohort_period


def _check_access(request):
    """Anonymous visitors are sent to sign in; signed-in users without the role get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_view_dashboard(request.user):
        raise PermissionDenied
    return None


def dashboard(request):
    if (denied := _check_access(request)) is not None:
        return denied
    filters, filter_errors = parse_filters(request.GET)
    context = {
        # Rendered figures are cached whole (the template's {% cache %}, keyed by the data
        # version): the figures are only read when that fragment is rendered afresh.
        "load_figures": lambda: cached_figures(request, filters),
        "filters": filters,
        "votes_awaiting": list(votes_awaiting(request.user)) if is_committee_member(request.user) else [],
        "filter_errors": filter_errors,
        "cohort_period": cohort_period(request),
        "data_version": data_version.key(),
        "cache_seconds": TIMEOUT,
    }
    return render(request, "dashboard/dashboard.html", context)


def table_csv(request, key):
    """One dashboard table as CSV: the same columns and rows as on the page, for the same
    filters."""
    if (denied := _check_access(request)) is not None:
        return denied
    if key not in BUILDERS:
        raise Http404
    filters, errors = parse_filters(request.GET)
    if errors:
        return HttpResponseBadRequest(
            " ".join(str(error) for error in errors), content_type="text/plain; charset=utf-8"
        )
    table = cached_figures(request, filters)["tables"][key]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"dashboard-{table.key}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte-order mark so spreadsheet programs read the Chinese text as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([neutralise(str(column)) for column in table.columns])
    writer.writerows(["" if cell is None else neutralise(cell) for cell in row] for row in table.rows)
    return response


def below(request):
    """The roll-up of the congresses below the reader's (read-only; 404 where there are none)."""
    if (denied := _check_access(request)) is not None:
        return denied
    congress = request.congress
    below = congresses_below(congress) if congress is not None else []
    if not below:
        raise Http404
    return render(request, "dashboard/below.html", {"congress": congress, "rollup": rollup(below)})
