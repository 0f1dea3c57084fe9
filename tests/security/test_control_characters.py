"""A NUL byte (%00) or another control character in a code or a filter value is refused with
404 or 400 on every URL pattern, for visitors and staff, never a server error (PostgreSQL
refuses NUL in text, so it must not reach a query)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import StaffFactory
from tests.security.test_production_settings import run

pytestmark = pytest.mark.django_db

# A parameter of a route (`<str:code>`, `<int:pk>`) or a named group of a regex route.
PARAMETER = re.compile(r"<(?:\w+:)?\w+>|\(\?P<\w+>(?:[^()]|\([^()]*\))*\)")
QUERY = "?q=%00&status=%00&term=%00&page=%00&topic__code=%00&code%00=1"


def _routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _url(route, value):
    """The route as a URL, each parameter replaced by `value`."""
    path = PARAMETER.sub(value, route)
    path = re.sub(r"(^|/)\^", r"\1", path).replace("/?$", "/").replace("$", "").replace("\\", "")
    return "/" + path


ROUTES = sorted(set(_routes()))


@pytest.fixture(params=["anonymous", "staff"])
def as_role(request, client):
    if request.param == "staff":
        client.force_login(StaffFactory(is_superuser=False))
    return client


def test_the_walk_covers_the_routes_of_every_part():
    assert len(ROUTES) > 200
    for known in ["/api/v1/recommendations/%00/", "/recommendations/%00/", "/portal/evidence/%00/"]:
        assert known in {_url(route, "%00") for route in ROUTES}
    assert any(route.startswith("admin/") and "autocomplete" in route for route in ROUTES)


def test_nul_in_every_code_of_every_route_is_not_found(as_role):
    answers = {}
    for route in ROUTES:
        if not PARAMETER.search(route):
            continue
        for value in ["%00", "a%00b", "%1f", "%7f"]:
            url = _url(route, value)
            answers[url] = as_role.get(url).status_code
    assert len(answers) > 100
    assert {url: code for url, code in answers.items() if code != 404} == {}


def test_nul_in_the_filters_of_every_route_is_a_bad_request(as_role):
    answers = {}
    for route in ROUTES:
        if PARAMETER.search(route):
            continue
        url = _url(route, "") + QUERY
        answers[url] = as_role.get(url).status_code
    assert len(answers) > 30
    assert {url: code for url, code in answers.items() if code != 400} == {}


def test_tabs_and_line_breaks_in_a_search_still_work(client):
    assert client.get("/recommendations/?q=%E5%8F%8D%E8%AF%88%09%0D%0A").status_code == 200


def test_nul_is_refused_with_production_settings():
    """As a server runs: DEBUG off, the production middleware; no database is reached."""
    script = """
import django
django.setup()
from django.test import Client, override_settings
# The error pages link the stylesheets; a server has collected them (with their manifest),
# this process has not, so it names them unhashed.
override_settings(STORAGES={
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}).enable()
client = Client(HTTP_HOST="oversight.example.org", raise_request_exception=False)
for url in ["/api/v1/recommendations/%00/", "/api/v1/topics/%00.json", "/departments/%00/",
            "/recommendations/?status=%00", "/admin/autocomplete/?term=%00"]:
    print(url, client.get(url, secure=True).status_code)
"""
    result = run(["-c", script])
    assert result.returncode == 0, result.stderr
    answers = dict(line.rsplit(" ", 1) for line in result.stdout.strip().splitlines()[-5:])
    assert answers == {
        "/api/v1/recommendations/%00/": "404",
        "/api/v1/topics/%00.json": "404",
        "/departments/%00/": "404",
        "/recommendations/?status=%00": "400",
        "/admin/autocomplete/?term=%00": "400",
    }
