"""Request-level guards that apply to every URL alike."""

import re

from django.core.exceptions import BadRequest
from django.http import Http404
from django.utils.cache import patch_cache_control

# C0 and C1 control characters and DEL, except tab, line feed and carriage return, which
# multi-line search text may carry. PostgreSQL refuses NUL in any text value, so a NUL that
# reached a query would end in a server error.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class ControlCharacterMiddleware:
    """A path with a control character names nothing (404); a query parameter with one is bad
    input (400). Both are answered before any view, filter or admin list reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL_CHARACTERS.search(request.path_info):
            raise Http404
        for key, values in request.GET.lists():
            if CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(value) for value in values):
                raise BadRequest("Control character in a query parameter.")
        return self.get_response(request)


class PrivateCacheControlMiddleware:
    """What a signed-in user is shown (their tasks, drafts, evidence files, the dashboard) is
    never kept by the browser's cache or a proxy in between."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The API sets no user (it is anonymous only).
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
