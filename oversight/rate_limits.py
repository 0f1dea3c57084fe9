"""Per-address request limits on what costs the most to answer: open-data files, the search and
filter list, and the API. Over the limit, a request answers 429 with Retry-After.

Counts are fixed windows in the "rate_limits" cache (Redis in production: one atomic
increment per request, shared by every worker). If that cache cannot be reached the request
is let through: a rate limit must never take the site down with it.
"""

import logging
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from .client_address import client_address

logger = logging.getLogger(__name__)

# Which requests count against which limit (the limits are settings: RATE_LIMITS).
GROUPS = (
    ("open_data", re.compile(r"^/open-data/[^/]+\.[a-z]+$")),
    ("search", re.compile(r"^/(recommendations|search|suggest/[a-z]+)/$")),
    ("api", re.compile(r"^/api/")),
)
PERIODS = {"s": 1, "m": 60, "h": 3600}


def parse_rate(rate):
    """'60/m' -> (60, 60): so many requests per second, minute or hour."""
    count, _slash, period = rate.partition("/")
    return int(count), PERIODS[period[:1].lower()]


def _group(path):
    for name, pattern in GROUPS:
        if pattern.match(path):
            return name
    return None


def _now():
    """Seconds since the epoch, whole (the windows' clock)."""
    return int(time.time())


def _count(key, window):
    cache = caches["rate_limits"]
    cache.add(key, 0, timeout=window + 1)
    return cache.incr(key)


def _refusal(request, retry_after):
    message = _("Too many requests from your address. Please wait %(seconds)d seconds and try again.") % {
        "seconds": retry_after
    }
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        content = loader.get_template("429.html").render({"message": message}, request)
        response = HttpResponse(content, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        group = _group(request.path_info) if settings.RATE_LIMITS_ENABLED else None
        if group is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        limit, window = parse_rate(settings.RATE_LIMITS[group])
        now = _now()
        window_start = now - now % window
        key = f"rate:{group}:{client_address(request)}:{window_start}"
        try:
            count = _count(key, window)
        except Exception:  # the cache is down: serve rather than refuse everyone
            logger.warning("rate limit cache unavailable; %s not limited", group, exc_info=True)
            return self.get_response(request)
        if count > limit:
            return _refusal(request, window_start + window - now)
        return self.get_response(request)
