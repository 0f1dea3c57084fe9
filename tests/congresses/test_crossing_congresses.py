"""Each congress's people reach only their own congress's records. Every URL of the office,
portal, review, dashboard, evaluations and documents apps (walked from the URL resolver) is
requested by anonymous, committee staff, a committee member and a department liaison of one
congress (泉州), on the records of their own congress, of a sibling (厦门), of the congress
above (福建) and of the congress below (晋江):

- on another congress's records every answer (GET and POST) is the one given for records that
  do not exist at all: the other congress's records are not there for them, to read or to edit;
- on their own records the same URL answers otherwise, so the comparison means something;
- pages without a record (lists, queues, the dashboard) answer alike in every congress, only the
  roll-up being for congresses with congresses below;
- no answer to anyone ever holds another congress's unpublished strings: drafts, unpublished
  recommendations and topics, reports not yet accepted, internal files and notes.

Staff are committee staff, not superusers. One data set, built through the services, serves the
module. Each POST runs in a savepoint that is rolled back, so it changes nothing for the next
request; the GETs leave what they cache for the next reader, of whichever congress."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from congresses.models import Congress, in_congress
from documents.choices import AttachmentKind
from documents.services import annual_report_request, attachment_add
from evaluations.services import evaluation_open
from recommendations import services
from recommendations.choices import EvaluationMethod, IndicatorDirection
from tests.factories import MemberFactory, StaffFactory, TopicFactory
from tests.security.conftest import PDF, _department_records

pytestmark = pytest.mark.django_db

APPS = ("office", "portal", "review", "dashboard", "evaluations", "documents")
ROLES = ("anonymous", "staff", "member", "liaison")
# The viewers' congress, then the others as they stand to it.
OWN, SIBLING, PARENT, CHILD = "quanzhou-x", "xiamen-x", "fujian-x", "jinjiang-x"
NO_SUCH_PK, NO_SUCH_CODE = 99999999, "no-such-record"


def secrets_of(code):
    """The strings only a congress's own people may ever read."""
    return {
        "unpublished": f"未公开审议意见-{code}",
        "draft": f"草稿审议意见-{code}",
        "hidden_topic": f"未公开议题-{code}",
        "draft_report": f"草稿办理情况-SECRET-DRAFT-police-{code}",
        "submitted_report": f"待验收办理情况-SECRET-SUBMITTED-police-{code}",
        "internal_file": f"police-{code}-internal-secret-memo.pdf",
        "internal_indicator": f"未验收指标-{code}",
        "internal_attachment": f"内部视察材料-{code}",
        "internal_note": f"内部审议记录-{code}",
    }


def congress_records(congress):
    """One of each record the apps' URLs name, in `congress`, through the services."""
    code = congress.code
    secret = secrets_of(code)
    staff = StaffFactory(username=f"staff-{code}", congress=congress)
    member = MemberFactory(username=f"member-{code}", congress=congress)
    topic = TopicFactory(code=f"{code}-fraud", title=f"打击电信诈骗-{code}", congress=congress)
    hidden = TopicFactory(
        code=f"{code}-hidden", title=secret["hidden_topic"], is_published=False, congress=congress
    )
    indicator = services.indicator_create(
        actor=staff, topic=topic, name="警情数", unit="起", direction=IndicatorDirection.LOWER_IS_BETTER
    )
    internal_indicator = services.indicator_create(
        actor=staff,
        topic=topic,
        name=secret["internal_indicator"],
        direction=IndicatorDirection.HIGHER_IS_BETTER,
    )
    due = timezone.localdate() + datetime.timedelta(days=60)

    def recommendation(number, title, published=True, issue=True):
        rec = services.recommendation_create(
            actor=staff, topic=topic, code=f"{code.upper()}-{number:02d}", number=number, title=title,
            body="提升预警拦截能力。", is_published=published,
        )  # fmt: skip
        if issue:
            rec = services.recommendation_issue(
                actor=staff, recommendation=rec, response_due=due, note=secret["internal_note"]
            )
        return rec

    published = recommendation(1, f"强化技术反制-{code}")
    unpublished = recommendation(2, secret["unpublished"], published=False)
    draft = recommendation(3, secret["draft"], issue=False)
    reported = recommendation(4, f"强化部门协同-{code}")
    services.recommendation_start(actor=staff, recommendation=reported)
    services.recommendation_mark_reported(actor=staff, recommendation=reported)
    evaluation = evaluation_open(
        actor=staff, topic=topic, recommendation=reported, method=EvaluationMethod.ONLINE_BALLOT
    )
    department = _department_records(
        staff, published, f"police-{code}", f"公安局-{code}", 1, indicator, internal_indicator
    )
    inspection = services.inspection_create(
        actor=staff, topic=topic, title=f"视察-{code}", started_on=datetime.date(2022, 3, 14)
    )
    finding = services.finding_create(
        actor=staff, topic=topic, inspection=inspection, code="F-1", number=1, category="技术", title="滞后"
    )
    internal_attachment = attachment_add(
        actor=staff, record=inspection, kind=AttachmentKind.INSPECTION_REPORT,
        title=secret["internal_attachment"],
        uploaded=SimpleUploadedFile(f"{code}-inspection.pdf", PDF, "application/pdf"),
    )  # fmt: skip
    public_attachment = attachment_add(
        actor=staff, record=topic, kind=AttachmentKind.GOVERNMENT_REPORT, title=f"研究处理情况报告-{code}",
        uploaded=SimpleUploadedFile(f"{code}-report.pdf", PDF, "application/pdf"), is_public=True,
    )  # fmt: skip
    job = annual_report_request(actor=staff, year=2022, language="zh-hans")
    return SimpleNamespace(
        congress=congress,
        secrets=secret,
        users={"anonymous": None, "staff": staff, "member": member, "liaison": department.liaison},
        # What each kind of URL parameter names, by the path segment before it.
        objects={
            "topics": [topic.code, hidden.code],
            "recommendations": [published.code, unpublished.code, draft.code, reported.code],
            "tasks": [department.task.pk],
            "reports": [department.draft.pk, department.submitted.pk, department.accepted.pk],
            "contests": [department.contest.pk],
            "extensions": [department.extension.pk],
            "evidence": [
                department.evidence.pk,
                department.internal_evidence.pk,
                department.public_evidence.pk,
            ],
            "documents": [internal_attachment.pk, public_attachment.pk],
            "jobs": [job.pk],
            "people": [staff.pk],
            "evaluations": [evaluation.pk],
            "finding": [finding.pk],
            "indicator": [indicator.pk],
        },
    )


@pytest.fixture(scope="module")
def congresses(django_db_setup, django_db_blocker, tmp_path_factory):
    def congress(code, name, level, parent=None):
        return Congress.objects.create(
            code=code, name=f"{name}人民代表大会常务委员会", short_name=f"{name}人大常委会",
            government_name=f"{name}人民政府", level=level, parent=parent, voting_members=25,
        )  # fmt: skip

    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        fujian = congress(PARENT, "福建省", Congress.Level.PROVINCE)
        quanzhou = congress(OWN, "泉州市", Congress.Level.CITY, fujian)
        xiamen = congress(SIBLING, "厦门市", Congress.Level.CITY, fujian)
        jinjiang = congress(CHILD, "晋江市", Congress.Level.COUNTY, quanzhou)
        records = {}
        for each in (fujian, quanzhou, xiamen, jinjiang):
            with in_congress(each):
                records[each.code] = congress_records(each)
        yield records
        transaction.set_rollback(True)


# --- the URLs, from the resolver ----------------------------------------------------------


def _walk(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _walk(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), ":".join(filter(None, [namespace, pattern.name]))


def routes():
    """(route, URL name) of every URL of the apps checked here."""
    return [(route, name) for route, name in _walk(get_resolver()) if name.split(":")[0] in APPS]


PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def _values(previous, param, chosen, objects):
    """The values a parameter takes: records of the congress (`objects`) for what names a
    record, words of the URL's vocabulary for the rest. None: a parameter nobody explained."""
    kind = chosen.get("kind")
    if param == "kind":
        return {"documents": ["topic", "recommendation"], "add": ["finding"]}.get(
            previous, ["finding", "indicator"]
        )
    if param == "code" and kind in ("topic", "recommendation"):
        return objects[kind + "s"]
    if param == "pk" and kind in ("finding", "indicator"):
        return objects[kind]
    if param == "move":
        return ["start"]
    if param == "key":
        return ["cohorts"]
    for plural in (previous, previous + "s"):  # "topics/<code>", "topic/<code>"
        if plural in objects:
            return objects[plural]
    return None


def variants(route, name, objects):
    """The route's URL parameters on `objects`, one dict per combination; [] when it names no
    record."""
    segments = route.strip("/").split("/")
    options = [{}]
    for index, segment in enumerate(segments):
        for param in PARAMETER.findall(segment):
            previous = segments[index - 1] if index else ""
            previous = {"<slug:kind>": "kind"}.get(previous, previous)
            grown = []
            for chosen in options:
                values = _values(previous, param, chosen, objects)
                assert values is not None, f"{name}: no record or word known for <{param}> after {previous!r}"
                grown += [{**chosen, param: value} for value in values]
            options = grown
    return [] if options == [{}] or all(set(o) <= VOCABULARY for o in options) else options


# Parameters that are words of the URL (which kind of record, which move, which table), not records.
VOCABULARY = {"kind", "move", "key"}


def absent(kwargs):
    """The same URL naming records that exist in no congress."""
    return {
        param: value if param in VOCABULARY else NO_SUCH_CODE if isinstance(value, str) else NO_SUCH_PK
        for param, value in kwargs.items()
    }


# --- asking -------------------------------------------------------------------------------


def signed_in(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def ask(client, method, url):
    """The status and the text of the answer. A POST runs in a savepoint rolled back
    afterwards; what a GET writes stays until the end of the test: the pages it cached in the
    shared cache (a database table) are there for the next reader, as on the site."""
    if method == "get":
        response = client.get(url)
    else:
        with transaction.atomic():
            response = getattr(client, method)(url)
            transaction.set_rollback(True)
    # A file is read to its end: the test client then closes it (not the database connection).
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body.decode("utf-8", errors="replace")


def leaked(text, viewer_code, records):
    """Unpublished strings of congresses other than the viewer's found in `text`."""
    return [
        f"{code}:{kind}"
        for code, rec in records.items()
        if code != viewer_code
        for kind, secret in rec.secrets.items()
        if secret in text
    ]


def test_the_walk_finds_every_app_and_a_value_for_every_parameter(congresses):
    found = routes()
    assert {name.split(":")[0] for _, name in found} == set(APPS)
    assert ("dashboard/below/", "dashboard:below") in found
    with_records = [name for route, name in found if variants(route, name, congresses[OWN].objects)]
    assert "office:recommendation" in with_records and "dashboard:index" not in with_records


@pytest.mark.parametrize("role", ROLES)
def test_another_congresss_records_answer_as_if_they_did_not_exist(client, congresses, role):
    own = congresses[OWN]
    signed_in(client, own.users[role])
    wrong, leaks, indistinct = [], [], []
    for route, name in routes():
        own_variants = variants(route, name, own.objects)
        if not own_variants:
            continue
        distinct = False
        for method in ("get", "post"):
            absent_answers = {}
            for kwargs in own_variants:
                url = reverse(name, kwargs=absent(kwargs))
                if url not in absent_answers:
                    absent_answers[url] = ask(client, method, url)[0]
            for other in (SIBLING, PARENT, CHILD):
                for kwargs in variants(route, name, congresses[other].objects):
                    url = reverse(name, kwargs=kwargs)
                    expected = absent_answers[reverse(name, kwargs=absent(kwargs))]
                    status, text = ask(client, method, url)
                    if status != expected:
                        wrong.append(
                            f"{method.upper()} {url} [{other}]: {status}, not {expected} as if absent"
                        )
                    leaks += [f"{method.upper()} {url}: {leak}" for leak in leaked(text, OWN, congresses)]
            for kwargs in own_variants:
                url = reverse(name, kwargs=kwargs)
                status, text = ask(client, method, url)
                distinct |= status != absent_answers[reverse(name, kwargs=absent(kwargs))]
                leaks += [f"{method.upper()} {url}: {leak}" for leak in leaked(text, OWN, congresses)]
        if not distinct:
            indistinct.append(name)
    assert wrong == [], "\n".join(wrong)
    assert leaks == [], "\n".join(leaks)
    if role == "staff":
        # Own records are found where others' are not: the comparison above means something.
        assert indistinct == [], indistinct


def pages(objects):
    """The URLs that name no record (lists, queues, the dashboard and its tables)."""
    found = []
    for route, name in routes():
        if variants(route, name, objects):
            continue
        words = PARAMETER.findall(route)
        options = [{}]
        for param in words:
            options = [{**o, param: v} for o in options for v in _values("", param, o, objects)]
        found += [(name, reverse(name, kwargs=kwargs or None)) for kwargs in options]
    return found


@pytest.mark.parametrize("role", ROLES)
def test_pages_without_a_record_answer_alike_in_every_congress_and_show_only_its_own(
    client, congresses, role
):
    answers, leaks = {}, []
    for code, records in congresses.items():
        signed_in(client, records.users[role])
        for name, url in pages(records.objects):
            for method in ("get", "post"):
                status, text = ask(client, method, url)
                answers.setdefault((method.upper(), name), {})[code] = status
                leaks += [
                    f"{method.upper()} {url} as {role} of {code}: {leak}"
                    for leak in leaked(text, code, congresses)
                ]
    assert leaks == [], "\n".join(leaks)
    below = answers.pop(("GET", "dashboard:below"))
    assert answers.pop(("POST", "dashboard:below")) == below
    if role in ("staff", "member"):
        # The roll-up is for congresses with congresses below them.
        assert below == {PARENT: 200, OWN: 200, SIBLING: 404, CHILD: 404}
    else:
        assert len(set(below.values())) == 1 and below[OWN] in (302, 403)
    differing = {
        key: by_congress for key, by_congress in answers.items() if len(set(by_congress.values())) > 1
    }
    assert differing == {}
