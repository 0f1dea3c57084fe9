"""Public pages for visitors, served from the shared cache until the next write.

A visitor who is not signed in sees the same page as every other visitor with the same address
and language: the pages hold no per-visitor data (no CSRF token: the language switch is a GET).
So the rendered page is kept in the shared cache under the data version and the date
(oversight/data_version.py): any write to the tracker's data, or midnight, retires it.
Signed-in users, whose header differs by role, and requests carrying flash messages are
rendered afresh every time."""

import hashlib
from functools import partial, wraps

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.template import Context
from django.template.loader import get_template
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from oversight import data_version

# A safety net only: writes retire entries long before this.
TIMEOUT = 60 * 60


def _cacheable_request(request):
    return (
        settings.PUBLIC_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
    )


def _normalise_query(request, params):
    """Keep only the query parameters the view reads, non-blank, sorted by name: `?utm=x`, an
    unknown parameter, or the same filters in another order are the same page, answered from
    the same entry. The request itself is rewritten, so what the view renders (pager links,
    the language switch's return address) depends only on what the key holds."""
    kept = QueryDict(mutable=True)
    for name in sorted(set(request.GET) & set(params)):
        values = [value for value in request.GET.getlist(name) if value.strip()]
        if values:
            kept.setlist(name, values)
    kept._mutable = False
    request.GET = kept
    request.META["QUERY_STRING"] = kept.urlencode()


def _key(request, accept):
    variant = "|".join(
        [
            get_language(),
            request.get_host(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-History-Restore-Request", ""),
            # The API's format; pages are HTML whatever the browser accepts.
            request.headers.get("Accept", "") if accept else "",
            request.get_full_path(),
        ]
    )
    return data_version.key("page", hashlib.sha256(variant.encode()).hexdigest())


def cached_for_visitors(view=None, *, params=(), accept=False):
    """Serve `view` to visitors from the shared cache. `params`: the query parameters it reads
    (others are dropped); `accept`: the answer depends on the Accept header (the API)."""
    if view is None:
        return partial(cached_for_visitors, params=params, accept=accept)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        _normalise_query(request, params)
        cache = data_version.shared_cache()
        key = _key(request, accept)
        hit = cache.get(key)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if getattr(response, "is_rendered", True) is False:
            response.render()  # an API response is rendered after the view otherwise
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = {name: response[name] for name in ("Content-Type", "Vary") if response.has_header(name)}
            cache.set(key, (response.content, headers), timeout=TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper


class CachedCountPaginator(Paginator):
    """A paginator whose total is cached for the current data and day, keyed by the SQL of the
    list: counting every match was most of a list page's SQL at 100,000 recommendations (60 of
    75 ms), for signed-in users too, whom the page cache does not serve."""

    @cached_property
    def count(self):
        try:
            sql, params = self.object_list.query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (e.g. `pk__in=[]`)
            return 0
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        return data_version.get_or_build(f"count:{digest}", lambda: Paginator.count.func(self), TIMEOUT)


def cached_content(request, template_name, build_context, *, reader=()):
    """The HTML of `template_name` (a page's rows, not its header), rendered with
    `build_context()` and kept in the shared cache for the current data and day, the language and
    the address, plus `reader` when the content depends on who reads it (their id, department
    and roles). Signed-in users, whom the page cache does not serve, then pay for a page's rows
    once per write instead of on every request.

    The fragment gets the request (for pager links) but no context processor: it cannot show
    the reader's name, a CSRF token, flash messages or the notification count, which change
    without a write to the tracker's data. Those stay in the page around it."""

    def build():
        context = Context({"request": request, **build_context()})
        context.request = request  # what {% querystring %} reads
        return get_template(template_name).template.render(context)

    variant = repr((get_language(), request.get_host(), request.get_full_path(), reader))
    digest = hashlib.sha256(variant.encode()).hexdigest()
    return mark_safe(data_version.get_or_build(f"content:{template_name}:{digest}", build, TIMEOUT))
