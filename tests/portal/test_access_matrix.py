"""Every portal and review URL × anonymous, member, staff, liaison of the task's department,
liaison of another department (and a signed-in user without a role): the status each gets.
A URL added to portal/urls.py or portal/review_urls.py without a row here fails the test."""

import pytest
from django.urls import get_resolver, reverse

from portal import review_urls, urls
from portal.services import contest_raise, evidence_add
from recommendations.choices import ReportStatus

from .conftest import PDF_BYTES, upload
from .helpers import make_report

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "staff", "own", "other", "nobody"]


def codes(*, anonymous, member, staff, own, other, nobody):
    return {
        "anonymous": anonymous,
        "member": member,
        "staff": staff,
        "own": own,
        "other": other,
        "nobody": nobody,
    }


# url name: (object, {role: status}); "own" is a liaison of the lead department `police`.
# Unseen objects are 404; seen but not allowed is 403; anonymous goes to sign in (302).
MATRIX = {
    "portal:home": (None, codes(anonymous=302, member=200, staff=200, own=200, other=200, nobody=403)),
    "portal:task": ("task", codes(anonymous=302, member=200, staff=200, own=200, other=404, nobody=403)),
    "portal:report_new": (
        "task",
        codes(anonymous=302, member=403, staff=200, own=200, other=404, nobody=403),
    ),
    "portal:contest": ("task", codes(anonymous=302, member=403, staff=403, own=200, other=404, nobody=403)),
    "portal:extension": ("task", codes(anonymous=302, member=403, staff=403, own=200, other=404, nobody=403)),
    "portal:report": ("draft", codes(anonymous=302, member=404, staff=200, own=200, other=404, nobody=403)),
    "portal:report_edit": (
        "draft",
        codes(anonymous=302, member=404, staff=200, own=200, other=404, nobody=403),
    ),
    "portal:report_submit": (
        "draft",
        codes(anonymous=405, member=405, staff=405, own=405, other=405, nobody=405),
    ),
    "portal:evidence": (
        "evidence",
        codes(anonymous=302, member=404, staff=200, own=200, other=404, nobody=403),
    ),
    "review:home": (None, codes(anonymous=302, member=403, staff=200, own=403, other=403, nobody=403)),
    "review:report": (
        "submitted",
        codes(anonymous=302, member=403, staff=200, own=403, other=403, nobody=403),
    ),
    "review:contest": (
        "contest",
        codes(anonymous=302, member=403, staff=200, own=403, other=403, nobody=403),
    ),
}

# Extra rows: the same URL on objects in another state.
EXTRA = [
    (
        "portal:report",
        "submitted",
        codes(anonymous=302, member=200, staff=200, own=200, other=404, nobody=403),
    ),
    (
        "portal:report_edit",
        "submitted",
        codes(anonymous=302, member=403, staff=403, own=403, other=404, nobody=403),
    ),
]


def test_matrix_covers_every_portal_and_review_url():
    names = {f"portal:{p.name}" for p in urls.urlpatterns} | {
        f"review:{p.name}" for p in review_urls.urlpatterns
    }
    assert names == set(MATRIX)
    assert "portal" in get_resolver().namespace_dict and "review" in get_resolver().namespace_dict


@pytest.fixture
def objects(world):
    draft = make_report(world, world.police)
    submitted = make_report(world, world.police, ReportStatus.SUBMITTED)
    evidence = evidence_add(actor=world.police_user, report=draft, uploaded=upload("a.pdf", PDF_BYTES))
    contest = contest_raise(
        actor=world.police_user, task=world.task, department=world.police, reason="职责不符"
    )
    return {
        "task": world.task,
        "draft": draft,
        "submitted": submitted,
        "evidence": evidence,
        "contest": contest,
    }


def login_as(client, world, role):
    user = {
        "member": world.member,
        "staff": world.staff,
        "own": world.police_user,
        "other": world.other_user,
        "nobody": world.nobody,
    }.get(role)
    if user:
        client.force_login(user)


CASES = [(name, obj, expected) for name, (obj, expected) in MATRIX.items()] + EXTRA


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_with_the_expected_status(client, world, objects, role):
    login_as(client, world, role)
    got, want = {}, {}
    for name, obj, expected in CASES:
        url = reverse(name, args=[objects[obj].pk] if obj else [])
        key = f"{name}[{obj}]"
        got[key] = client.get(url).status_code
        want[key] = expected[role]
    assert got == want


@pytest.mark.parametrize("role", ["member", "other", "nobody"])
def test_post_actions_are_refused_to_roles_without_the_right(client, world, objects, role):
    login_as(client, world, role)
    draft, submitted = objects["draft"], objects["submitted"]
    version = draft.updated_at.isoformat()
    assert client.post(
        reverse("portal:report_submit", args=[draft.pk]), {"version": version}
    ).status_code in (403, 404)
    assert client.post(reverse("review:report", args=[submitted.pk]), {"accept": "1"}).status_code in (
        403,
        404,
    )
    assert client.post(reverse("portal:contest", args=[world.task.pk]), {"reason": "x"}).status_code in (
        403,
        404,
    )
    draft.refresh_from_db()
    submitted.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT
    assert submitted.status == ReportStatus.SUBMITTED
