"""The permission matrix: every route of the URLconf × anonymous, committee member, committee
staff, the liaison of the department that owns the object and a liaison of another department,
on objects of both departments. The routes come from `get_resolver()`, so a URL added anywhere
without a row here fails `test_matrix_has_an_expectation_for_every_route`.

Codes: 302 to sign in (anonymous), or after a successful POST; 200 on a POST is the form
shown again with its errors (the incomplete data sent here changes nothing); 404 for what the
user may not even know exists (another department's records, unpublished data); 403 for what
the user may see exists but not use.
Every request runs in a savepoint that is rolled back, so a POST by one role changes nothing for
the next request."""

import re
from typing import Any, NamedTuple

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "staff", "owner", "stranger")


def codes(anonymous, member, staff, owner, stranger):
    return dict(zip(ROLES, (anonymous, member, staff, owner, stranger), strict=True))


def everyone(code):
    return codes(code, code, code, code, code)


def signed_in(code):
    return codes(302, code, code, code, code)


def staff_only(code=200):
    return codes(302, 403, code, 403, 403)


def members_and_staff(code=200):
    return codes(302, code, code, 403, 403)


# /healthz tells the truth about the broker, which a test run may or may not have started.
HEALTH = frozenset({200, 503})


class Case(NamedTuple):
    """`url(world, d)` builds the URL; `d` is the owning department's records (world.a or world.b)
    when `per_department`, in which case the case runs once for each department, with the
    other department's liaison as the stranger."""

    url: Any
    expected: dict
    method: str = "get"
    data: dict | None = None
    per_department: bool = False


def dept(url, expected, method="get", data=None):
    return Case(url, expected, method, data, per_department=True)


def r(name, *args, **kwargs):
    return reverse(name, args=args, kwargs=kwargs or None)


def rec_codes(world):
    return world.recommendation.code


def _record_edit(topic, indicator):
    return reverse("office:topic_record_edit", args=[topic.code, "indicator", indicator.pk])


MATRIX = {
    # --- site-wide ------------------------------------------------------------------------
    "language/": [
        Case(lambda w, d: r("language_switch"), everyone(302), "get", {"language": "en", "next": "/"}),
        Case(lambda w, d: r("language_switch"), everyone(405), "post", {"language": "en"}),
    ],
    "healthz": [Case(lambda w, d: r("healthz"), everyone(HEALTH))],
    "calendar/": [
        Case(lambda w, d: r("calendar"), staff_only()),
        Case(
            lambda w, d: r("calendar"),
            staff_only(302),
            "post",
            {"reason": "调休", "arrangement": "2022-10-08 workday"},
        ),
    ],
    # --- sign-in and passwords -------------------------------------------------------------
    "accounts/login/": [Case(lambda w, d: r("login"), everyone(200))],
    "accounts/logout/": [Case(lambda w, d: r("logout"), everyone(302), "post")],
    "accounts/password_change/": [Case(lambda w, d: r("password_change"), signed_in(200))],
    "accounts/password_change/done/": [Case(lambda w, d: r("password_change_done"), signed_in(200))],
    "accounts/password_reset/": [Case(lambda w, d: r("password_reset"), everyone(200))],
    "accounts/password_reset/done/": [Case(lambda w, d: r("password_reset_done"), everyone(200))],
    # A forged reset link shows "invalid link" to everyone.
    "accounts/reset/<uidb64>/<token>/": [
        Case(lambda w, d: r("password_reset_confirm", uidb64="MQ", token="bad-token"), everyone(200))
    ],
    "accounts/reset/done/": [Case(lambda w, d: r("password_reset_complete"), everyone(200))],
    # --- department portal ----------------------------------------------------------------
    "portal/": [Case(lambda w, d: r("portal:home"), signed_in(200))],
    "portal/tasks/<int:pk>/": [
        dept(lambda w, d: r("portal:task", d.task.pk), codes(302, 200, 200, 200, 404))
    ],
    "portal/tasks/<int:pk>/reports/new/": [
        dept(lambda w, d: r("portal:report_new", d.task.pk), codes(302, 403, 200, 200, 404)),
        dept(
            lambda w, d: r("portal:report_new", d.task.pk),
            codes(302, 403, 200, 200, 404),
            "post",
            {"narrative": "x"},
        ),
    ],
    "portal/tasks/<int:pk>/contest/": [
        dept(lambda w, d: r("portal:contest", d.task.pk), codes(302, 403, 403, 200, 404)),
        dept(
            lambda w, d: r("portal:contest", d.task.pk),
            codes(302, 403, 403, 200, 404),
            "post",
            {"reason": "x"},
        ),
    ],
    "portal/reports/<int:pk>/": [
        dept(lambda w, d: r("portal:report", d.draft.pk), codes(302, 404, 200, 200, 404)),
        dept(lambda w, d: r("portal:report", d.submitted.pk), codes(302, 200, 200, 200, 404)),
        dept(lambda w, d: r("portal:report", d.accepted.pk), codes(302, 200, 200, 200, 404)),
    ],
    "portal/reports/<int:pk>/edit/": [
        dept(lambda w, d: r("portal:report_edit", d.draft.pk), codes(302, 404, 200, 200, 404)),
        dept(lambda w, d: r("portal:report_edit", d.submitted.pk), codes(302, 403, 403, 403, 404)),
        dept(
            lambda w, d: r("portal:report_edit", d.draft.pk),
            codes(302, 404, 200, 200, 404),
            "post",
            {"narrative": "x"},
        ),
    ],
    "portal/reports/<int:pk>/submit/": [
        dept(lambda w, d: r("portal:report_submit", d.draft.pk), codes(302, 404, 400, 400, 404), "post"),
        dept(lambda w, d: r("portal:report_submit", d.submitted.pk), codes(302, 403, 403, 403, 404), "post"),
    ],
    "portal/tasks/<int:pk>/extension/": [
        dept(lambda w, d: r("portal:extension", d.task.pk), codes(302, 403, 403, 200, 404)),
        # One request is already pending on the task: the owner's second one is refused.
        dept(
            lambda w, d: r("portal:extension", d.task.pk),
            codes(302, 403, 403, 400, 404),
            "post",
            {"requested_due": "2099-01-01", "reason": "x"},
        ),
    ],
    "portal/evidence/<int:pk>/": [
        dept(lambda w, d: r("portal:evidence", d.evidence.pk), codes(302, 404, 200, 200, 404)),
        dept(lambda w, d: r("portal:evidence", d.internal_evidence.pk), codes(302, 200, 200, 200, 404)),
    ],
    # --- staff review queue ---------------------------------------------------------------
    "review/": [Case(lambda w, d: r("review:home"), staff_only())],
    "review/reports/<int:pk>/": [
        dept(lambda w, d: r("review:report", d.submitted.pk), staff_only()),
        dept(lambda w, d: r("review:report", d.submitted.pk), staff_only(302), "post", {"accept": "1"}),
    ],
    "review/contests/<int:pk>/": [
        dept(lambda w, d: r("review:contest", d.contest.pk), staff_only()),
        dept(lambda w, d: r("review:contest", d.contest.pk), staff_only(200), "post", {"confirm": "1"}),
    ],
    # --- committee office: staff only; an empty POST is a form shown again with its errors --
    # --- documents: files and sources of records, in the office; public files for everyone --
    "office/documents/<int:pk>/": [
        Case(lambda w, d: r("documents:download", w.internal_attachment.pk), members_and_staff()),
        Case(lambda w, d: r("documents:download", 999999), members_and_staff(404)),
    ],
    "office/documents/<int:pk>/delete/": [
        Case(lambda w, d: r("documents:delete", w.internal_attachment.pk), staff_only()),
        Case(lambda w, d: r("documents:delete", w.internal_attachment.pk), staff_only(302), "post"),
        Case(lambda w, d: r("documents:delete", 999999), staff_only(404)),
    ],
    "office/documents/<int:pk>/public/": [
        Case(
            lambda w, d: r("documents:public", w.internal_attachment.pk),
            staff_only(302),
            "post",
            {"is_public": "1"},
        ),
        Case(lambda w, d: r("documents:public", w.internal_attachment.pk), staff_only(405)),
    ],
    "office/documents/annual/jobs/<int:pk>/send/": [
        Case(lambda w, d: r("documents:annual_job_send", 999999), staff_only(404), "post"),
        Case(lambda w, d: r("documents:annual_job_send", 999999), staff_only(405)),
    ],
    "office/documents/annual/": [
        Case(lambda w, d: r("documents:annual"), staff_only()),
        Case(lambda w, d: r("documents:annual"), staff_only(400), "post"),
    ],
    "office/documents/annual/jobs/<int:pk>/": [
        Case(lambda w, d: r("documents:annual_job", 999999), staff_only(404)),
    ],
    "office/documents/<slug:kind>/<slug:code>/files/new/": [
        Case(lambda w, d: r("documents:attachment_new", "topic", w.topic.code), staff_only()),
        Case(lambda w, d: r("documents:attachment_new", "topic", w.topic.code), staff_only(400), "post"),
        Case(lambda w, d: r("documents:attachment_new", "recommendation", w.unpublished.code), staff_only()),
        Case(lambda w, d: r("documents:attachment_new", "task", w.topic.code), staff_only(404)),
    ],
    "office/documents/<slug:kind>/<slug:code>/sources/new/": [
        Case(lambda w, d: r("documents:source_new", "topic", w.hidden_topic.code), staff_only()),
        Case(
            lambda w, d: r("documents:source_new", "recommendation", w.recommendation.code),
            staff_only(400),
            "post",
        ),
        Case(lambda w, d: r("documents:source_new", "topic", "no-such-topic"), staff_only(404)),
    ],
    # Generating a paper answers with the page it was asked from, with its result or refusal.
    "office/documents/topic/<slug:code>/referral-letter/": [
        Case(lambda w, d: r("documents:referral_letter", w.topic.code), staff_only(302), "post"),
        Case(lambda w, d: r("documents:referral_letter", w.topic.code), staff_only(405)),
        Case(lambda w, d: r("documents:referral_letter", "no-such-topic"), staff_only(404), "post"),
    ],
    "office/documents/topic/<slug:code>/handling-report/": [
        Case(lambda w, d: r("documents:handling_report", w.topic.code), staff_only(302), "post"),
        Case(lambda w, d: r("documents:handling_report", w.topic.code), staff_only(405)),
    ],
    "office/documents/task/<int:pk>/escalation-notice/": [
        dept(lambda w, d: r("documents:escalation_notice", d.task.pk), staff_only(302), "post"),
        dept(lambda w, d: r("documents:escalation_notice", d.task.pk), staff_only(405)),
    ],
    "files/<int:pk>/": [
        Case(lambda w, d: r("public_attachment", w.public_attachment.pk), everyone(200)),
        Case(lambda w, d: r("public_attachment", w.internal_attachment.pk), everyone(404)),
    ],
    "files/evidence/<int:pk>/": [
        dept(lambda w, d: r("public_evidence", d.public_evidence.pk), everyone(200)),
        dept(lambda w, d: r("public_evidence", d.internal_evidence.pk), everyone(404)),
        dept(lambda w, d: r("public_evidence", d.evidence.pk), everyone(404)),
    ],
    "office/": [Case(lambda w, d: r("office:home"), staff_only())],
    "office/topics/": [Case(lambda w, d: r("office:topics"), staff_only())],
    "office/topics/new/": [
        Case(lambda w, d: r("office:topic_new"), staff_only()),
        Case(lambda w, d: r("office:topic_new"), staff_only(400), "post"),
    ],
    "office/topics/<slug:code>/": [
        Case(lambda w, d: r("office:topic", w.topic.code), staff_only()),
        Case(lambda w, d: r("office:topic", w.hidden_topic.code), staff_only()),
        Case(lambda w, d: r("office:topic", "no-such-topic"), staff_only(404)),
    ],
    "office/topics/<slug:code>/edit/": [
        Case(lambda w, d: r("office:topic_edit", w.topic.code), staff_only()),
        Case(lambda w, d: r("office:topic_edit", w.topic.code), staff_only(400), "post"),
    ],
    "office/topics/<slug:code>/add/<slug:kind>/": [
        Case(lambda w, d, kind=kind: r("office:topic_add", w.topic.code, kind), staff_only())
        for kind in ("inspection", "finding", "meeting", "remark", "indicator")
    ]
    + [
        Case(lambda w, d: r("office:topic_add", w.topic.code, "finding"), staff_only(400), "post"),
        Case(lambda w, d: r("office:topic_add", w.topic.code, "no-such-kind"), staff_only(404)),
    ],
    "office/topics/<slug:code>/<slug:kind>/<int:pk>/edit/": [
        Case(lambda w, d: _record_edit(w.topic, w.indicator), staff_only()),
        Case(lambda w, d: _record_edit(w.topic, w.indicator), staff_only(400), "post"),
        Case(lambda w, d: r("office:topic_record_edit", w.topic.code, "no-such-kind", 1), staff_only(404)),
        # A record of another topic is not found under this one.
        Case(lambda w, d: _record_edit(w.hidden_topic, w.indicator), staff_only(404)),
    ],
    "office/topics/<slug:code>/recommendations/new/": [
        Case(lambda w, d: r("office:recommendation_new", w.topic.code), staff_only()),
        Case(lambda w, d: r("office:recommendation_new", w.topic.code), staff_only(400), "post"),
    ],
    "office/recommendations/": [Case(lambda w, d: r("office:recommendations"), staff_only())],
    "office/recommendations/<slug:code>/": [
        Case(lambda w, d: r("office:recommendation", w.recommendation.code), staff_only()),
        Case(lambda w, d: r("office:recommendation", w.unpublished.code), staff_only()),
        Case(lambda w, d: r("office:recommendation", w.reported.code), staff_only()),
    ],
    "office/recommendations/<slug:code>/edit/": [
        Case(lambda w, d: r("office:recommendation_edit", w.recommendation.code), staff_only()),
        Case(lambda w, d: r("office:recommendation_edit", w.recommendation.code), staff_only(400), "post"),
    ],
    "office/recommendations/<slug:code>/moves/<slug:move>/": [
        Case(lambda w, d: r("office:move", w.recommendation.code, "report"), staff_only(400), "post"),
        # A move its status does not allow: back to the page with a message.
        Case(lambda w, d: r("office:move", w.recommendation.code, "close"), staff_only(302), "post"),
        Case(lambda w, d: r("office:move", w.recommendation.code, "no-such-move"), staff_only(404), "post"),
        Case(lambda w, d: r("office:move", w.recommendation.code, "report"), staff_only(405)),
    ],
    "office/recommendations/<slug:code>/vote/": [
        Case(lambda w, d: r("office:vote", w.reported.code), staff_only(400), "post"),
    ],
    "office/recommendations/<slug:code>/tasks/new/": [
        Case(lambda w, d: r("office:task_new", w.recommendation.code), staff_only()),
        Case(lambda w, d: r("office:task_new", w.recommendation.code), staff_only(400), "post"),
    ],
    "office/tasks/<int:pk>/": [dept(lambda w, d: r("office:task", d.task.pk), staff_only())],
    "office/tasks/<int:pk>/deadline/": [
        dept(lambda w, d: r("office:task_deadline", d.task.pk), staff_only()),
        dept(lambda w, d: r("office:task_deadline", d.task.pk), staff_only(400), "post"),
    ],
    "office/extensions/<int:pk>/": [
        dept(lambda w, d: r("office:extension", d.extension.pk), staff_only()),
        dept(lambda w, d: r("office:extension", d.extension.pk), staff_only(400), "post"),
    ],
    "office/people/": [Case(lambda w, d: r("office:people"), staff_only())],
    "office/people/new/": [
        Case(lambda w, d: r("office:person_new"), staff_only()),
        Case(lambda w, d: r("office:person_new"), staff_only(400), "post"),
    ],
    "office/settings/": [
        Case(lambda w, d: r("office:settings"), staff_only()),
        Case(lambda w, d: r("office:settings"), staff_only(400), "post"),
    ],
    "office/people/<int:pk>/": [
        Case(lambda w, d: r("office:person", w.member.pk), staff_only()),
        Case(lambda w, d: r("office:person", w.member.pk), staff_only(400), "post"),
    ],
    # --- notifications: each user's own ---------------------------------------------------
    "notifications/": [Case(lambda w, d: r("notifications:list"), signed_in(200))],
    "notifications/<int:pk>/open/": [
        dept(lambda w, d: r("notifications:open", d.notification.pk), codes(302, 404, 404, 302, 404), "post")
    ],
    "notifications/read-all/": [Case(lambda w, d: r("notifications:read_all"), signed_in(302), "post")],
    # --- following: what each user may see, and their own settings ---------------------------
    "accounts/settings/": [
        Case(lambda w, d: r("account_settings"), signed_in(200)),
        Case(lambda w, d: r("account_settings"), signed_in(302), "post"),
    ],
    "following/": [Case(lambda w, d: r("follows:list"), signed_in(200))],
    "following/<slug:kind>/<slug:code>/": [
        Case(lambda w, d: r("follows:toggle", "recommendation", w.recommendation.code), everyone(405)),
        Case(
            lambda w, d: r("follows:toggle", "recommendation", w.recommendation.code),
            everyone(302),
            "post",
            {"action": "follow"},
        ),
        Case(
            lambda w, d: r("follows:toggle", "recommendation", w.unpublished.code),
            codes(302, 302, 302, 404, 404),
            "post",
            {"action": "follow"},
        ),
        Case(
            lambda w, d: r("follows:toggle", "topic", w.hidden_topic.code),
            codes(302, 302, 302, 404, 404),
            "post",
            {"action": "follow"},
        ),
        Case(lambda w, d: r("follows:toggle", "finding", "x"), codes(302, 404, 404, 404, 404), "post"),
        dept(
            lambda w, d: r("follows:toggle", "department", d.department.code),
            everyone(302),
            "post",
            {"action": "follow"},
        ),
    ],
    # --- evaluations and closure ----------------------------------------------------------
    "evaluations/": [Case(lambda w, d: r("evaluations:list"), members_and_staff())],
    "evaluations/new/": [Case(lambda w, d: r("evaluations:open"), staff_only())],
    "evaluations/<int:pk>/": [
        Case(lambda w, d: r("evaluations:detail", w.evaluation.pk), members_and_staff())
    ],
    "evaluations/<int:pk>/close/": [
        Case(lambda w, d: r("evaluations:close", w.evaluation.pk), staff_only(302), "post")
    ],
    "evaluations/<int:pk>/totals/": [
        # Staff posting an empty form get it back with its errors (400), others get nothing.
        Case(lambda w, d: r("evaluations:totals", w.evaluation.pk), staff_only(400), "post")
    ],
    "evaluations/recommendations/<slug:code>/": [
        Case(lambda w, d: r("evaluations:recommendation", w.reported.code), staff_only())
    ],
    "evaluations/recommendations/<slug:code>/close/": [
        Case(lambda w, d: r("evaluations:recommendation_close", w.reported.code), staff_only(400), "post")
    ],
    "evaluations/recommendations/<slug:code>/reopen/": [
        Case(lambda w, d: r("evaluations:recommendation_reopen", w.reported.code), staff_only(400), "post")
    ],
    # --- public site: published data only, the same for everyone ---------------------------
    "": [Case(lambda w, d: r("home"), everyone(200))],
    "topics/<slug:code>/": [
        Case(lambda w, d: r("public_topic_detail", code=w.topic.code), everyone(200)),
        Case(lambda w, d: r("public_topic_detail", code=w.hidden_topic.code), everyone(404)),
    ],
    "recommendations/": [Case(lambda w, d: r("public_recommendation_list"), everyone(200))],
    "feeds/recommendations/": [
        Case(lambda w, d: r("public_recommendation_list_feed"), everyone(200)),
        Case(
            lambda w, d: r("public_recommendation_list_feed"),
            everyone(400),
            "get",
            {"department": "无此单位"},
        ),
    ],
    "feeds/recommendations/<slug:code>/": [
        Case(lambda w, d: r("public_recommendation_feed", w.recommendation.code), everyone(200)),
        Case(lambda w, d: r("public_recommendation_feed", w.unpublished.code), everyone(404)),
        Case(lambda w, d: r("public_recommendation_feed", w.in_hidden_topic.code), everyone(404)),
    ],
    "suggest/<slug:kind>/": [
        Case(lambda w, d: r("suggest", "department"), everyone(200), "get", {"q": "公安"}),
        Case(lambda w, d: r("suggest", "topic"), everyone(200), "get", {"q": "未公开"}),
        Case(lambda w, d: r("suggest", "finding"), everyone(404), "get", {"q": "x"}),
    ],
    "search/": [
        Case(lambda w, d: r("search"), everyone(200)),
        Case(lambda w, d: r("search"), everyone(200), "get", {"q": "审议意见", "kind": "task"}),
        Case(lambda w, d: r("search"), everyone(200), "get", {"q": "审议意见", "department": "无此单位"}),
    ],
    "api/v1/search/": [
        Case(lambda w, d: r("api-search"), everyone(200), "get", {"search": "审议意见"}),
        Case(lambda w, d: r("api-search"), everyone(400), "get", {"search": "x", "year": "1"}),
    ],
    "recommendations/<slug:code>/": [
        Case(lambda w, d: r("public_recommendation_detail", code=w.recommendation.code), everyone(200)),
        Case(lambda w, d: r("public_recommendation_detail", code=w.unpublished.code), everyone(404)),
        Case(lambda w, d: r("public_recommendation_detail", code=w.in_hidden_topic.code), everyone(404)),
    ],
    "departments/": [Case(lambda w, d: r("public_department_list"), everyone(200))],
    "departments/<slug:code>/": [
        dept(lambda w, d: r("public_department_detail", code=d.department.code), everyone(200))
    ],
    # --- members' dashboard ---------------------------------------------------------------
    "dashboard/": [Case(lambda w, d: r("dashboard:index"), members_and_staff())],
    # The roll-up of the congresses below: this world's congress has none (tests/congresses).
    "dashboard/below/": [Case(lambda w, d: r("dashboard:below"), members_and_staff(404))],
    "dashboard/<slug:key>.csv": [
        Case(lambda w, d: r("dashboard:table_csv", key="funnel"), members_and_staff()),
        Case(lambda w, d: r("dashboard:table_csv", key="no-such-table"), members_and_staff(404)),
    ],
    # --- open data API: anonymous for everyone (no authentication classes) ----------------
    "api/v1/": [Case(lambda w, d: r("api-root"), everyone(200))],
    "api/v1/<drf_format_suffix:format>": [Case(lambda w, d: r("api-root", format="json"), everyone(200))],
    "api/schema/": [Case(lambda w, d: r("api-schema"), everyone(200))],
    "api/docs/": [Case(lambda w, d: r("api-docs"), everyone(200))],
    "open-data/": [Case(lambda w, d: r("open-data"), everyone(200))],
    "open-data/schema/": [Case(lambda w, d: r("open-data-schema"), everyone(200))],
    "open-data/<slug:slug>.<str:fmt>": [
        Case(lambda w, d: r("open-data-download", slug="reports", fmt="csv"), everyone(200)),
        Case(lambda w, d: r("open-data-download", slug="evidence", fmt="json"), everyone(200)),
        Case(lambda w, d: r("open-data-download", slug="reports", fmt="exe"), everyone(404)),
    ],
}


def _api(basename, published, unpublished, key="pk"):
    """List, list with a format suffix, detail and detail with a format suffix of one API
    resource; `published(w, d)` / `unpublished(w, d)` give the lookup value of a record that
    must / must not be served."""
    detail = f"(?P<{key}>[^/.]+)"
    rows = {
        f"api/v1/^{basename}/$": [Case(lambda w, d: r(f"api-{basename[:-1]}-list"), everyone(200))],
        rf"api/v1/^{basename}\.(?P<format>[a-z0-9]+)/?$": [
            Case(lambda w, d: r(f"api-{basename[:-1]}-list", format="json"), everyone(200))
        ],
        f"api/v1/^{basename}/{detail}/$": [
            dept(lambda w, d: r(f"api-{basename[:-1]}-detail", **{key: published(w, d)}), everyone(200))
        ],
        rf"api/v1/^{basename}/{detail}\.(?P<format>[a-z0-9]+)/?$": [
            dept(
                lambda w, d: r(f"api-{basename[:-1]}-detail", format="json", **{key: published(w, d)}),
                everyone(200),
            )
        ],
    }
    if unpublished:
        for value in unpublished:
            rows[f"api/v1/^{basename}/{detail}/$"].append(
                dept(
                    lambda w, d, value=value: r(f"api-{basename[:-1]}-detail", **{key: value(w, d)}),
                    everyone(404),
                )
            )
    return rows


MATRIX |= _api(
    "recommendations",
    lambda w, d: w.recommendation.code,
    [lambda w, d: w.unpublished.code, lambda w, d: w.in_hidden_topic.code],
    key="code",
)
MATRIX |= _api("topics", lambda w, d: w.topic.code, [lambda w, d: w.hidden_topic.code], key="code")
MATRIX |= _api("departments", lambda w, d: d.department.code, [], key="code")
MATRIX |= _api("tasks", lambda w, d: d.task.pk, [])
MATRIX |= _api("reports", lambda w, d: d.accepted.pk, [lambda w, d: d.draft.pk, lambda w, d: d.submitted.pk])
MATRIX |= _api("indicators", lambda w, d: w.indicator.pk, [lambda w, d: w.internal_indicator.pk])


# --- the admin: staff only ------------------------------------------------------------------
# Every model in the admin, with what committee staff (not superusers: the committee staff
# group) may do there, so that a newly registered model needs a decision here. Reference data
# is edited; the oversight record is read (it is written through the staff's own pages and
# imports); machinery is for superusers only.
READ = {"view"}
ADMIN_MODELS = {
    "accounts.user": {"view", "add", "change"},
    "auth.group": set(),
    "axes.accessattempt": set(),
    "axes.accessfailurelog": set(),
    "axes.accesslog": set(),
    "congresses.congress": {"view", "change"},
    "django_celery_beat.clockedschedule": set(),
    "django_celery_beat.crontabschedule": set(),
    "django_celery_beat.intervalschedule": set(),
    "django_celery_beat.periodictask": set(),
    "django_celery_beat.solarschedule": set(),
    "evaluations.evaluation": READ,
    "pghistory.middlewareevents": READ,  # a record's history, through its "Events" link
    "recommendations.department": {"view", "add", "change"},
    "recommendations.finding": READ,
    "recommendations.indicator": {"view", "add", "change"},
    "recommendations.inspection": READ,
    "recommendations.measurement": READ,
    "recommendations.meeting": READ,
    "recommendations.oversighttopic": READ,
    "recommendations.progressreport": READ,
    "recommendations.recommendation": READ,
    "recommendations.remark": READ,
    "recommendations.statusevent": READ,
    "recommendations.task": READ,
    "reminders.sentreminder": READ,
    "reminders.workingdayexception": {"view", "add", "change", "delete"},
}
# The page of a model, by the route after "<app>/<model>/": what staff need to open it (None:
# nothing) and the code they get then; without it, 403.
ADMIN_STAFF_CODES = {
    "": ("view", 200),
    "add/": ("add", 200),
    "<path:object_id>/": (None, 302),  # the old-style object URL redirects to …/change/
    "<path:object_id>/change/": ("view", 200),
    "<path:object_id>/delete/": ("delete", 200),
    "<path:object_id>/history/": ("view", 200),
    "export/": (None, 200),
    "import/": (None, 200),
    "process_import/": (None, 302),  # POST only: a GET goes back to the upload page
    "<id>/password/": ("change", 200),
}


def admin_staff_code(label, tail):
    needed, code = ADMIN_STAFF_CODES[tail]
    return code if needed is None or needed in ADMIN_MODELS[label] else 403


# Anyone who is not admin staff is sent to the admin's own sign-in page.
NOT_ADMIN = 302
ADMIN_SITE_ROUTES = {
    "": staff_only(200) | {"member": NOT_ADMIN, "owner": NOT_ADMIN, "stranger": NOT_ADMIN},
    "login/": codes(200, 200, 302, 200, 200),
    "logout/": everyone(302),
    "password_change/": codes(302, 302, 200, 302, 302),
    "password_change/done/": codes(302, 302, 200, 302, 302),
    "autocomplete/": codes(302, 302, 403, 302, 302),
    "jsi18n/": codes(302, 302, 200, 302, 302),
    # "View on site": recommendations have no admin-side public URL.
    "r/<path:content_type_id>/<path:object_id>/": codes(302, 302, 404, 302, 302),
    "(?P<url>.*)$": codes(302, 302, 404, 302, 302),
    # The app index: its regex lists the apps, in registration order.
    "^(?P<app_label>": codes(302, 302, 200, 302, 302),
}


def _admin_cases():
    """Rows for the admin's routes: built from the admin's own registry, checked against
    ADMIN_MODELS, with the expected codes above."""
    prefix = str(get_resolver().resolve("/" + reverse("admin:index").lstrip("/")).route)
    rows = {}
    for route, _name in _walk(get_resolver()):
        if not route.startswith(prefix):
            continue
        rest = route[len(prefix) :]
        site_route = "^(?P<app_label>" if rest.startswith("^(?P<app_label>") else rest
        if site_route in ADMIN_SITE_ROUTES:
            rows[route] = [Case(_admin_site_url(rest), ADMIN_SITE_ROUTES[site_route], _admin_method(rest))]
            continue
        for model in admin.site._registry:
            label = f"{model._meta.app_label}.{model._meta.model_name}"
            model_prefix = f"{model._meta.app_label}/{model._meta.model_name}/"
            if label in ADMIN_MODELS and rest.startswith(model_prefix):
                tail = rest[len(model_prefix) :]
                if tail in ADMIN_STAFF_CODES:
                    staff_code = admin_staff_code(label, tail)
                    expected = codes(NOT_ADMIN, NOT_ADMIN, staff_code, NOT_ADMIN, NOT_ADMIN)
                    rows[route] = [Case(_admin_model_url(model, rest), expected)]
                break
    return rows


def _admin_method(rest):
    return "post" if rest == "logout/" else "get"


def _admin_site_url(rest):
    def build(w, d):
        if rest.startswith("^(?P<app_label>"):
            return reverse("admin:app_list", kwargs={"app_label": "recommendations"})
        if rest.startswith("r/"):
            ct = ContentType.objects.get_for_model(type(w.recommendation))
            return reverse("admin:view_on_site", args=[ct.pk, w.recommendation.pk])
        if rest == "(?P<url>.*)$":
            return reverse("admin:index") + "no-such-page/"
        name = {"": "index", "password_change/done/": "password_change_done"}.get(
            rest, rest.rstrip("/").replace("/", "_")
        )
        return reverse(f"admin:{name}")

    return build


def _admin_model_url(model, rest):
    def build(w, d):
        path = reverse("admin:index") + rest
        if "<path:object_id>" in rest or "<id>" in rest:
            if model._meta.app_label == "pghistory":
                # An event's id across all event tables: "<event model>:<pgh_id>".
                event = w.recommendation.history.order_by("pgh_id").first()
                pk = f"{event._meta.label}:{event.pgh_id}"
            else:
                obj = model._default_manager.order_by("pk").first()
                assert obj is not None, f"the world has no {model._meta.label} to open in the admin"
                pk = obj.pk
            path = path.replace("<path:object_id>", str(pk)).replace("<id>", str(pk))
        return path

    return build


def _walk(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _walk(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name])) if pattern.name else None
            yield prefix + str(pattern.pattern), name


def all_cases():
    return MATRIX | _admin_cases()


def test_matrix_has_an_expectation_for_every_route():
    routes = {route for route, _name in _walk(get_resolver())}
    cases = all_cases()
    missing = sorted(routes - set(cases))
    assert missing == [], f"routes without a row in the permission matrix: {missing}"
    assert sorted(set(cases) - routes) == [], "rows for routes that no longer exist"


def test_admin_models_are_the_ones_registered():
    registered = {f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry}
    assert registered == set(ADMIN_MODELS)


def _users(world, department):
    other = world.b if department is world.a else world.a
    return {
        "anonymous": None,
        "member": world.member,
        "staff": world.staff,
        "owner": department.liaison,
        "stranger": other.liaison,
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_matrix_says(client, world, role):
    got, want = {}, {}
    for route, cases in all_cases().items():
        for index, case in enumerate(cases):
            for department in (world.a, world.b) if case.per_department else (world.a,):
                url = case.url(world, department)
                match_route = resolve(url.split("?")[0]).route
                # (ResolverMatch.route drops the "^" of regex routes.)
                assert match_route == re.sub(r"(^|/)\^", r"\1", route), f"{url} resolves to {match_route!r}"
                user = _users(world, department)[role]
                client.logout()
                if user is not None:
                    client.force_login(user)
                with transaction.atomic():
                    response = getattr(client, case.method)(url, case.data or {})
                    transaction.set_rollback(True)
                key = f"{case.method.upper()} {route} #{index} [{department.department.code}] {url}"
                expected = case.expected[role]
                got[key] = response.status_code
                if isinstance(expected, frozenset):
                    want[key] = response.status_code if response.status_code in expected else expected
                else:
                    want[key] = expected
                expected_codes = expected if isinstance(expected, frozenset) else {expected}
                assert response.status_code < 500 or response.status_code in expected_codes, key
    mismatches = [f"{key}: got {got[key]}, expected {want[key]}" for key in got if got[key] != want[key]]
    if mismatches:
        pytest.fail(
            f"{len(mismatches)} routes answer {role} otherwise than the matrix says:\n"
            + "\n".join(mismatches)
        )
