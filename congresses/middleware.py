"""The congress a request works in, the scope every query of that request runs in, and the
time zone its dates are shown in."""

from contextlib import ExitStack

from django.conf import settings
from django.db import DatabaseError
from django.http import FileResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from .models import congress_by_pk, default_congress
from .scoping import scope, scopes_disabled


def request_congress(request):
    """The signed-in user's congress; the default congress for visitors and for platform
    administrators outside the admin. None for platform administrators in the admin, which
    they run for every congress."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if user.congress_id is not None:
            return congress_by_pk(user.congress_id)
        if user.is_superuser and request.path.startswith("/" + settings.ADMIN_PATH):
            return None
    return default_congress()


class CongressScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/" + settings.ADMIN_PATH):
            congress = request_congress(request)
        else:
            # Read again when a query needs it, if it cannot be read now (the health check,
            # with the database down, must still answer).
            congress = SimpleLazyObject(lambda: request_congress(request))
        request.congress = congress
        zone = _zone_of(congress)
        with _scope_of(congress, zone):
            response = self.get_response(request)
        if response.streaming and not isinstance(response, FileResponse):
            # Streamed answers (exports) are produced after this returns: in the same scope.
            response.streaming_content = _in_scope(response.streaming_content, congress, zone)
        return response


def _zone_of(congress):
    """The congress's time zone: its dates are shown, and "today" is reckoned, in it. The
    setting's for platform administrators in the admin, and while the database cannot be read
    (the page answers 503 then, and the health check says so)."""
    try:
        return getattr(congress, "zone", None)
    except DatabaseError:
        return None


def _scope_of(congress, zone):
    stack = ExitStack()
    stack.enter_context(scopes_disabled() if congress is None else scope(congress))
    if zone is not None:
        stack.enter_context(timezone.override(zone))
    return stack


def _in_scope(chunks, congress, zone):
    with _scope_of(congress, zone):
        yield from chunks
