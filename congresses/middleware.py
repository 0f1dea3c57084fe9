"""The congress a request works in, and the scope every query of that request runs in."""

from django.conf import settings
from django.http import FileResponse
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
            # Read when the first query needs it: a page that reads no records (the health
            # check, with the database down) never looks the congress up.
            congress = SimpleLazyObject(lambda: request_congress(request))
        request.congress = congress
        with _scope_of(congress):
            response = self.get_response(request)
        if response.streaming and not isinstance(response, FileResponse):
            # Streamed answers (exports) are produced after this returns: in the same scope.
            response.streaming_content = _in_scope(response.streaming_content, congress)
        return response


def _scope_of(congress):
    return scopes_disabled() if congress is None else scope(congress)


def _in_scope(chunks, congress):
    with _scope_of(congress):
        yield from chunks
