"""Each move started from any entry point (the office, the admin, an import) follows the same
lifecycle rule, in the same words, and changes nothing when refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from exchange.files import read_file
from exchange.importer import oversight_import
from recommendations import services
from recommendations.choices import RecommendationStatus as RS
from recommendations.models import Recommendation, StatusEvent
from tests.exchange.conftest import REC_HEADERS, csv_bytes
from tests.factories import DepartmentFactory, RecommendationFactory, StaffFactory, TopicFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)
LAST_YEAR = timezone.localdate().year - 1
CHANGELIST = reverse("admin:recommendations_recommendation_changelist")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def staff(client):
    user = StaffFactory()
    client.force_login(user)
    return user


def reported(staff, code):
    """A recommendation brought to "reported" last year, for the rules about closing."""
    rec = RecommendationFactory(code=code, topic=TopicFactory(code="T"))
    services.recommendation_issue(
        actor=staff,
        recommendation=rec,
        response_due=datetime.date(LAST_YEAR, 6, 30),
        occurred_at=datetime.date(LAST_YEAR, 3, 1),
    )
    services.task_create(
        actor=staff,
        recommendation=rec,
        number=1,
        title="任务",
        lead_department=DepartmentFactory(),
        assigned_on=datetime.date(LAST_YEAR, 3, 5),
        due_date=datetime.date(LAST_YEAR, 6, 1),
    )
    services.recommendation_mark_reported(
        actor=staff, recommendation=rec, occurred_at=datetime.date(LAST_YEAR, 6, 2)
    )
    rec.refresh_from_db()
    return rec


# Each rule: what the admin action posts and what the imported row holds, and the refusal.
RULES = {
    "issued-in-the-future": {
        "admin": {"action": "issue", "response_due": "2030-01-31", "occurred_on": TOMORROW.isoformat()},
        "office": ("issue", {"response_due": "2030-01-31", "occurred_on": TOMORROW.isoformat()}),
        "row": {
            "progress": "issued",
            "response_due_original": "2030-01-31",
            "issued_at": f"{TOMORROW} 10:00",
        },
        "message": "The date it happened cannot be in the future.",
        "existing": False,
    },
    "closed-without-a-verdict": {
        "admin": {"action": "close", "note": "已办结", "verdict": ""},
        "office": ("close", {"verdict": "", "note": "已办结", "occurred_on": TODAY.isoformat()}),
        "row": {"progress": "closed", "response_due_original": f"{LAST_YEAR}-06-30"},
        "message": "Closing needs a verdict: implemented, partially or not implemented.",
        "existing": True,
    },
}


def from_admin(client, staff, rule):
    code = "T-01"
    rec = reported(staff, code) if rule["existing"] else RecommendationFactory(code=code)
    before = (rec.status, StatusEvent.objects.filter(recommendation=rec).count())
    response = client.post(
        CHANGELIST,
        {"_selected_action": [rec.pk], "apply": "1", **rule["admin"]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    rec.refresh_from_db()
    assert (rec.status, StatusEvent.objects.filter(recommendation=rec).count()) == before
    return [str(m) for m in response.context["messages"]]


def from_office(client, staff, rule):
    code = "T-01"
    rec = reported(staff, code) if rule["existing"] else RecommendationFactory(code=code)
    before = (rec.status, StatusEvent.objects.filter(recommendation=rec).count())
    move, fields = rule["office"]
    response = client.post(
        reverse("office:move", args=[code, move]),
        {f"{move}-{name}": value for name, value in fields.items()},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    rec.refresh_from_db()
    assert (rec.status, StatusEvent.objects.filter(recommendation=rec).count()) == before
    return [response.content.decode()]


def from_import(client, staff, rule):
    TopicFactory(code="T")
    headers = [*REC_HEADERS, "issued_at"]
    row = {"code": "T-01", "topic": "T", "number": 1, "title": "审议意见", "content": "内容", "issued_at": ""}
    row.update(rule["row"])
    data = csv_bytes(headers, [[row.get(h, "") for h in headers]])
    report = oversight_import(actor=staff, tables=read_file("recommendations.csv", data), dry_run=False)
    assert not Recommendation.objects.filter(code="T-01").exists()
    return [p.message for p in report.problems]


ENTRY_POINTS = {"office": from_office, "admin": from_admin, "import": from_import}


@pytest.mark.parametrize("rule", RULES, ids=str)
@pytest.mark.parametrize("entry_point", ENTRY_POINTS, ids=str)
def test_each_entry_point_follows_the_same_rule(client, staff, entry_point, rule):
    messages = ENTRY_POINTS[entry_point](client, staff, RULES[rule])
    assert any(RULES[rule]["message"] in str(message) for message in messages), messages


def test_a_move_allowed_by_the_rules_passes_every_entry_point_with_its_date(client, staff):
    issued = datetime.date(LAST_YEAR, 3, 1)
    from_admin_rec = RecommendationFactory(code="A-01")
    client.post(
        CHANGELIST,
        {
            "_selected_action": [from_admin_rec.pk],
            "apply": "1",
            "action": "issue",
            "response_due": f"{LAST_YEAR}-06-30",
            "occurred_on": issued.isoformat(),
        },
    )
    TopicFactory(code="T")
    headers = [*REC_HEADERS, "issued_at"]
    data = csv_bytes(
        headers, [["T-01", "T", 1, "审议意见", "内容", "issued", f"{LAST_YEAR}-06-30", f"{issued} 12:00"]]
    )
    report = oversight_import(actor=staff, tables=read_file("recommendations.csv", data), dry_run=False)
    assert report.problems == []
    for code in ("A-01", "T-01"):
        rec = Recommendation.objects.get(code=code)
        assert rec.status == RS.ISSUED
        assert timezone.localdate(rec.issued_at) == issued
