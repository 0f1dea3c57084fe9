"""Content-Security-Policy: every page is served with a policy that allows no inline script;
no template of ours relies on inline script, event-handler attributes or style attributes; and
the main pages, opened in Chromium under the policy, report no violation."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SKIP_DIRS = {".venv", "node_modules", "staticfiles", "test-artifacts", ".git"}

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def project_templates():
    for path in BASE_DIR.rglob("*.html"):
        parts = set(path.relative_to(BASE_DIR).parts)
        if parts & SKIP_DIRS or "static" in parts:
            continue
        yield path


def test_no_template_has_inline_script_handlers_or_styles():
    problems = []
    templates = list(project_templates())
    assert len(templates) > 20  # the scan finds the project's templates
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for name, pattern in [
            ("inline <script>", INLINE_SCRIPT),
            ("on*= handler", EVENT_HANDLER),
            ("style= attribute", STYLE_ATTRIBUTE),
            ("<style> element", STYLE_ELEMENT),
            ("javascript: URL", JAVASCRIPT_URL),
        ]:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{path.relative_to(BASE_DIR)}:{line}: {name}")
    assert problems == []


@pytest.mark.parametrize("url_name", ["home", "login", "portal:home", "admin:index", "api-docs", "open-data"])
def test_pages_carry_a_policy_without_unsafe_inline_scripts(client, staff_user, url_name):
    client.force_login(staff_user)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    policy = dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"].replace(policy.get("style-src", ""), "")


@pytest.mark.browser
def test_main_pages_run_in_chromium_without_a_policy_violation(live_server, page, world):
    """Chromium reports each blocked script, style or connection on the console; none may be
    reported on the pages people use, signed in as staff (who see every page)."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.goto(f"{live_server.url}{reverse('login')}")
    page.fill("input[name=username]", world.staff.username)
    world.staff.set_password("Lantern-orchid-velvet-93")
    world.staff.save()
    page.fill("input[name=password]", "Lantern-orchid-velvet-93")
    page.click("button[type=submit].btn-primary")
    page.wait_for_load_state("networkidle")
    urls = [
        reverse("home"),
        reverse("public_topic_detail", kwargs={"code": world.topic.code}),
        reverse("public_recommendation_detail", kwargs={"code": world.recommendation.code}),
        reverse("dashboard:index"),
        reverse("portal:home"),
        reverse("portal:task", args=[world.a.task.pk]),
        reverse("portal:report_new", args=[world.a.task.pk]),
        reverse("review:home"),
        reverse("evaluations:detail", args=[world.evaluation.pk]),
        reverse("open-data"),
        reverse("api-docs"),
        reverse("admin:index"),
        reverse("admin:recommendations_recommendation_change", args=[world.recommendation.pk]),
    ]
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
    assert violations == [], "\n".join(violations)
