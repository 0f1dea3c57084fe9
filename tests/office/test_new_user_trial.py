"""What a new user ran into on a second trial, each fixed on the pages where it showed: a
draft's sent-on date kept, the people list's headings, the wording of issuing, computed
changes of measurements, the account's language, an inspection's files, notices of followers
in the reader's language and once per event, and an overdue task in the demo."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congresses.models import current_congress
from recommendations import services
from recommendations.choices import IndicatorDirection, ReportStatus
from recommendations.models import ProgressReport, Recommendation
from tests.office.test_pages import TODAY, _issued

pytestmark = pytest.mark.django_db


def _past_task(office, *, days_ago=30, due_in=-5):
    """A task assigned `days_ago` days ago to the police, due `due_in` days from today."""
    rec = _issued(office, issued_on=TODAY() - datetime.timedelta(days=days_ago + 10))
    return services.task_create(
        actor=office.staff,
        recommendation=rec,
        number=1,
        title="建设反诈预警平台",
        lead_department=office.police,
        co_departments=[office.bank],
        assigned_on=TODAY() - datetime.timedelta(days=days_ago),
        due_date=TODAY() + datetime.timedelta(days=due_in),
    )


def test_a_drafts_sent_on_date_is_kept_until_it_is_submitted(client, office):
    task = _past_task(office, due_in=20)
    sent_on = TODAY() - datetime.timedelta(days=9)
    client.force_login(office.liaison)
    response = client.post(
        reverse("portal:report_new", args=[task.pk]),
        {"narrative": "已部署专项行动。", "occurred_on": sent_on.isoformat(), "save": "",
         "m-TOTAL_FORMS": 0, "m-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=task)
    assert (report.status, report.sent_on) == (ReportStatus.DRAFT, sent_on)

    # The draft reopened shows the date, on the edit page and on the report's submit form.
    edit = client.get(reverse("portal:report_edit", args=[report.pk]))
    assert edit.context["form"]["occurred_on"].value() == sent_on
    assert f'value="{sent_on.isoformat()}"' in edit.content.decode()
    detail = client.get(reverse("portal:report", args=[report.pk])).content.decode()
    assert f'value="{sent_on.isoformat()}"' in detail

    # Saved again without a date, it is sent today; given again, it is kept.
    version = ProgressReport.objects.get(pk=report.pk).updated_at.isoformat()
    fields = {"narrative": "已部署专项行动。", "version": version, "m-TOTAL_FORMS": 0, "m-INITIAL_FORMS": 0}
    client.post(reverse("portal:report_edit", args=[report.pk]), fields | {"occurred_on": "", "save": ""})
    assert ProgressReport.objects.get(pk=report.pk).sent_on is None
    version = ProgressReport.objects.get(pk=report.pk).updated_at.isoformat()
    client.post(
        reverse("portal:report_edit", args=[report.pk]),
        fields | {"version": version, "occurred_on": sent_on.isoformat(), "save": ""},
    )
    report = ProgressReport.objects.get(pk=report.pk)
    assert report.sent_on == sent_on

    # A date in the future is refused on its field, and the draft keeps its date.
    response = client.post(
        reverse("portal:report_edit", args=[report.pk]),
        fields | {"version": report.updated_at.isoformat(), "save": "",
                  "occurred_on": (TODAY() + datetime.timedelta(days=2)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 200 and "occurred_on" in response.context["form"].errors
    assert ProgressReport.objects.get(pk=report.pk).sent_on == sent_on

    # Submitted from the report's page with the date it shows: sent on that day.
    response = client.post(
        reverse("portal:report_submit", args=[report.pk]),
        {"version": report.updated_at.isoformat(), "occurred_on": sent_on.isoformat()},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(pk=report.pk)
    assert report.status == ReportStatus.SUBMITTED and report.sent_on is None
    assert timezone.localdate(report.submitted_at) == sent_on


def _headings(page):
    return re.findall(r"<th[^>]*>([^<]*)</th>", page.split("<thead>")[1].split("</thead>")[0])


def test_the_people_list_heads_its_columns_as_a_list_of_people(staff_client, office):
    page = staff_client.get(reverse("office:people")).content.decode()
    assert _headings(page) == ["姓名", "电子邮箱", "角色", "单位", "已启用"]
    assert "任务名" not in page
    page = staff_client.get(reverse("office:people"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _headings(page) == ["Name", "Email", "Role", "Department", "Active"]


def test_issuing_reads_as_sent_to_the_government_for_study_and_handling(staff_client, office):
    rec = _issued(office, issued_on=TODAY() - datetime.timedelta(days=20))
    government = current_congress().government_name
    page = staff_client.get(reverse("office:recommendation", args=[rec.code])).content.decode()
    assert f"交{government}研究处理" in page and "送交" not in page and "印发" not in page
    page = staff_client.get(
        reverse("office:recommendation", args=[rec.code]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f"Referred to {government} for consideration and action" in page


def _text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_a_change_not_reported_is_computed_from_value_and_baseline_and_said_so(client, office):
    task = _past_task(office, due_in=20)
    lower = IndicatorDirection.LOWER_IS_BETTER
    fraud, rate, hotline = (
        services.indicator_create(actor=office.staff, topic=office.topic, name=name, unit=unit, direction=way)
        for name, unit, way in [("警情数", "起", lower), ("破案率", "%", "higher"), ("来电数", "次", lower)]
    )
    measurements = [
        {"indicator": fraud, "value": Decimal(3000), "baseline": Decimal(4000), "period_label": "上半年"},
        # Reported as 15% although value and baseline give 20%: the report's figure stands.
        {"indicator": rate, "value": Decimal(120), "baseline": Decimal(100), "change_percent": Decimal(15)},
        {"indicator": hotline, "value": Decimal(5), "baseline": Decimal(0)},
    ]
    report = services.report_create(
        actor=office.liaison, task=task, department=office.police, narrative="上半年成效。",
        measurements=measurements,
    )  # fmt: skip
    services.report_submit(
        actor=office.liaison, report=report, occurred_at=TODAY() - datetime.timedelta(days=3)
    )
    reported = services.report_create(
        actor=office.liaison, task=task, department=office.police, narrative="全部报告变化。",
        measurements=[m | {"change_percent": Decimal(-1)} for m in measurements],
    )  # fmt: skip
    services.report_submit(
        actor=office.liaison, report=reported, occurred_at=TODAY() - datetime.timedelta(days=3)
    )

    client.force_login(office.staff)
    with CaptureQueriesContext(connection) as queries:
        review = client.get(reverse("review:report", args=[report.pk])).content.decode()
    assert "-25%（计算值）" in re.sub(r"<[^>]+>|\s+", "", review)
    assert "由数值和基数计算得出" in review and review.count("（计算值）") == 1
    assert "15%" in review and "20%" not in review
    # Computing reads nothing more than a report whose changes are all reported.
    with CaptureQueriesContext(connection) as reported_queries:
        client.get(reverse("review:report", args=[reported.pk]))
    assert len(queries) == len(reported_queries)

    services.report_accept(actor=office.staff, report=report)
    Recommendation.objects.filter(pk=task.recommendation_id).update(is_published=True)
    client.logout()
    url = reverse("public_recommendation_detail", args=[task.recommendation.code])
    public = _text(client.get(url))
    assert re.search(r"警情数 \(起\).*?上半年 4,000 3,000 ▼ -25% （计算值） 向好", public)
    assert re.search(r"破案率 \(%\).*? 100 120 ▲ 15% 向好", public)
    assert re.search(r"来电数 \(次\).*? 0 5 — —", public)
    english = _text(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert "▼ -25% (computed) improved" in english


def test_a_user_chooses_the_language_of_the_site_and_of_what_is_sent_to_them(client, office):
    member = office.member
    client.force_login(member)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("account_settings"))
    assert len(queries) == 3
    field = page.context["form"]["language"]
    assert [(value, str(label)) for value, label in field.field.choices] == [
        ("zh-hans", "简体中文"), ("en", "English")
    ]  # fmt: skip
    assert field.value() == "zh-hans" and "<h1>账号设置</h1>" in page.content.decode()
    assert '<option value="en" lang="en">English</option>' in page.content.decode()

    response = client.post(reverse("account_settings"), {"language": "en"}, follow=True)
    member.refresh_from_db()
    assert (member.language, member.reading_language, member.follow_email) == ("en", "en", False)
    text = response.content.decode()
    assert '<html lang="en">' in text and "Your settings are saved." in text
    assert response.context["form"]["language"].value() == "en"
    # Every later page too, in this browser.
    assert '<html lang="en">' in client.get(reverse("dashboard:index")).content.decode()

    response = client.post(reverse("account_settings"), {"language": "fr", "follow_email": "on"})
    assert response.status_code == 400 and "language" in response.context["form"].errors
    member.refresh_from_db()
    assert (member.language, member.follow_email) == ("en", False)
