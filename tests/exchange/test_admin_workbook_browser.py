"""The whole template workbook, filled in, imported in one admin upload by a committee staff
member who is not a superuser, in the system Chromium."""

import io

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client

from exchange.resources import RESOURCES
from tests.conftest import serious_axe_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

TEMPLATE = settings.BASE_DIR / "fixtures" / "templates" / "oversight_template.xlsx"
SEED = settings.BASE_DIR / "fixtures" / "seed_case.xlsx"


def filled_template(tmp_path):
    """The blank template with the seed case's rows written under its own headers."""
    template = openpyxl.load_workbook(TEMPLATE)
    seed = openpyxl.load_workbook(SEED, read_only=True)
    counts = {}
    for resource in RESOURCES:
        target = template[resource.sheet]
        headers = [cell.value for cell in target[1]]
        rows = seed[resource.sheet].iter_rows(values_only=True)
        seed_headers = list(next(rows))
        counts[resource.sheet] = 0
        for values in rows:
            by_header = dict(zip(seed_headers, values, strict=False))
            target.append([by_header.get(h) or "" for h in headers])
            counts[resource.sheet] += 1
    path = tmp_path / "监督台账.xlsx"
    out = io.BytesIO()
    template.save(out)
    path.write_bytes(out.getvalue())
    return path, counts


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_the_template_workbook_imports_in_one_admin_upload(live_server, page, tmp_path, screenshot):
    clerk = UserFactory(username="clerk", is_committee_staff=True, is_staff=True, is_superuser=False)
    clerk.user_permissions.set(Permission.objects.filter(content_type__app_label="recommendations"))
    path, counts = filled_template(tmp_path)
    assert all(counts.values()), "the seed case fills every sheet"
    sign_in(page, live_server, clerk)

    page.goto(f"{live_server.url}/{settings.ADMIN_PATH}recommendations/recommendation/")
    page.click("a.import_link")
    page.set_input_files("#id_import_file", str(path))
    page.click("#import-form input[type=submit]")

    page.wait_for_selector("form input[name=confirm]")
    for resource in RESOURCES:
        heading = page.inner_text(f"#sheet-{resource.sheet}")
        assert f"{resource.sheet}" in heading and f"{counts[resource.sheet]} " in heading
    assert page.locator("#import-problems").count() == 0
    assert serious_axe_violations(page, live_server.url) == []
    screenshot("preview")
    from recommendations.models import Recommendation, Task

    assert Recommendation.objects.count() == 0, "the preview keeps nothing"

    page.click("form input[name=confirm]")

    page.wait_for_selector(".messagelist .success")
    message = page.inner_text(".messagelist .success")
    for resource in RESOURCES:
        assert f"{resource.sheet} {counts[resource.sheet]}" in message
        assert resource._meta.model.objects.count() == counts[resource.sheet]
    assert Recommendation.objects.count() == counts["recommendations"]
    verified = Task.objects.exclude(verified_at=None)
    assert verified.exists() and {t.verified_by for t in verified} == {clerk}
    screenshot("imported")
