import rules

from .workdays import missing_years


def calendar_warning(request):
    """For the staff who can fix it: the years whose holiday arrangement the calendar lacks.
    Reads the cached local exceptions, so most pages pay no query for it."""
    # Always set: a name missing from the context makes the template engine log the context,
    # request path and all, when a page tests it.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return {"calendar_missing_years": []}
    if not (user.is_superuser or rules.has_perm("oversight.enter_calendar", user)):
        return {"calendar_missing_years": []}
    return {"calendar_missing_years": missing_years()}
