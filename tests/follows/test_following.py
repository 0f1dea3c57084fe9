"""Following a recommendation, a topic or a department: from the pages, told of each step once,
never of one's own step, never of what one may not see; unfollowing stops it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from follows import services as follows
from follows.models import Follow
from notifications.models import Notification
from portal import services as portal_services
from recommendations import services
from recommendations.choices import Verdict
from tests.factories import LiaisonFactory, MemberFactory, TopicFactory

from .conftest import at

pytestmark = pytest.mark.django_db


def notices(user):
    return list(Notification.objects.filter(recipient=user, kind=Notification.Kind.FOLLOWING))


def follow(user, target):
    return follows.follow_add(actor=user, target=target)


def submitted_report(case, *, department=None, author=None, when=None):
    department = department or case.police
    report = services.report_create(
        actor=author or case.police_liaison, task=case.task, department=department, narrative="已建成平台。"
    )
    return services.report_submit(
        actor=author or case.police_liaison, report=report, occurred_at=when or at(2022, 7, 1)
    )


# --- following from the pages ------------------------------------------------------------


def test_member_follows_and_unfollows_a_recommendation_from_its_public_page(client, case):
    page = reverse("public_recommendation_detail", args=[case.published.code])
    client.force_login(case.member)
    assert "关注" in client.get(page).text
    response = client.post(
        reverse("follows:toggle", args=["recommendation", case.published.code]),
        {"action": "follow", "next": page},
    )
    assert response.status_code == 302 and response["Location"] == page
    follow_row = Follow.objects.get(user=case.member)
    assert follow_row.recommendation == case.published
    # History with the acting user.
    assert follow_row.history.get().pgh_context.metadata["user"] == case.member.pk
    text = client.get(page).text
    assert "取消关注" in text and "您已关注" in text
    client.post(
        reverse("follows:toggle", args=["recommendation", case.published.code]),
        {"action": "unfollow", "next": page},
    )
    assert not Follow.objects.exists()
    assert ">关注</button>" in client.get(page).text


def test_a_visitor_sees_no_button_and_cannot_follow(client, case):
    page = client.get(reverse("public_recommendation_detail", args=[case.published.code])).text
    assert "follow-button" not in page
    response = client.post(reverse("follows:toggle", args=["recommendation", case.published.code]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Follow.objects.exists()


def test_liaison_follows_their_department_and_a_topic_with_codes_in_any_case(client, case):
    client.force_login(case.education_liaison)
    for kind, code in (("department", "EDUCATION"), ("topic", "2022-FRAUD")):
        assert (
            client.post(reverse("follows:toggle", args=[kind, code]), {"action": "follow"}).status_code == 302
        )
    assert {str(f.target) for f in Follow.objects.filter(user=case.education_liaison)} == {
        "市教育局",
        str(case.topic),
    }
    page = client.get(reverse("follows:list")).text
    assert "关注的事项" in page and "市教育局" in page and "打击治理电信网络新型违法犯罪工作" in page


def test_what_a_user_may_not_see_cannot_be_followed(client, case):
    client.force_login(case.education_liaison)
    response = client.post(
        reverse("follows:toggle", args=["recommendation", case.unpublished.code]), {"action": "follow"}
    )
    assert response.status_code == 404
    assert (
        client.post(
            reverse("follows:toggle", args=["recommendation", "NO-SUCH"]), {"action": "follow"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("follows:toggle", args=["finding", "x"]), {"action": "follow"}).status_code == 404
    )
    assert not Follow.objects.exists()
    # The police handle it: their liaison may follow it from the portal's side.
    client.force_login(case.police_liaison)
    response = client.post(
        reverse("follows:toggle", args=["recommendation", case.unpublished.code]), {"action": "follow"}
    )
    assert response.status_code == 302
    assert Follow.objects.get().recommendation == case.unpublished


def test_staff_follow_a_recommendation_from_the_office(client, case):
    client.force_login(case.other_staff)
    page = reverse("office:recommendation", args=[case.unpublished.code])
    assert "follow-button" in client.get(page).text
    client.post(
        reverse("follows:toggle", args=["recommendation", case.unpublished.code]),
        {"action": "follow", "next": page},
    )
    assert Follow.objects.get(user=case.other_staff).recommendation == case.unpublished
    assert (
        reverse("office:recommendation", args=[case.unpublished.code])
        in client.get(reverse("follows:list")).text
    )


def test_following_twice_keeps_one_follow(case):
    first = follow(case.member, case.topic)
    assert follow(case.member, case.topic) == first
    assert Follow.objects.count() == 1


# --- told of each step -------------------------------------------------------------------


def test_a_step_reaches_a_follower_once_through_recommendation_topic_and_department(case):
    for target in (case.published, case.topic, case.police, case.bank):
        follow(case.member, target)
    services.recommendation_mark_reported(
        actor=case.staff, recommendation=case.published, occurred_at=at(2022, 9, 1)
    )
    (notice,) = notices(case.member)
    assert notice.title_text == "2022-FRAUD-01 强化技术反制：已报告办理情况"
    # Dated when the step happened (2022), linked to the page the member reads.
    assert timezone.localdate(notice.created_at) == datetime.date(2022, 9, 1)
    assert notice.url == reverse("public_recommendation_detail", args=[case.published.code])


def test_the_person_who_took_the_step_is_not_told(case):
    follow(case.staff, case.published)
    follow(case.other_staff, case.published)
    services.recommendation_mark_reported(actor=case.staff, recommendation=case.published)
    assert notices(case.staff) == []
    (notice,) = notices(case.other_staff)
    assert notice.url == reverse("office:recommendation", args=[case.published.code])


def test_unfollowing_stops_it(case):
    follow(case.member, case.published)
    services.recommendation_mark_reported(
        actor=case.staff, recommendation=case.published, occurred_at=at(2022, 9, 1)
    )
    follows.follow_remove(actor=case.member, target=case.published)
    services.recommendation_return(
        actor=case.staff, recommendation=case.published, note="数据不全", occurred_at=at(2022, 9, 5)
    )
    assert len(notices(case.member)) == 1


def test_a_closure_today_names_the_verdict(case):
    follow(case.member, case.topic)
    services.recommendation_mark_reported(actor=case.staff, recommendation=case.published)
    from recommendations.transitions import recommendation_transition

    recommendation_transition(
        recommendation=case.published,
        to_status="closed",
        actor=case.staff,
        note="已落实",
        verdict=Verdict.IMPLEMENTED,
    )
    closed = notices(case.member)[0]
    assert closed.title_text == "2022-FRAUD-01 强化技术反制：作出结论并办结：已落实"
    assert timezone.localdate(closed.created_at) == timezone.localdate()


def test_a_liaison_following_the_topic_hears_only_public_steps(case):
    follow(case.education_liaison, case.topic)
    report = submitted_report(case)
    services.recommendation_mark_reported(
        actor=case.staff, recommendation=case.unpublished, occurred_at=at(2022, 9, 1)
    )
    assert notices(case.education_liaison) == []  # a report submitted, an unpublished recommendation
    services.report_accept(
        actor=case.staff, report=report, public_note="平台已上线", occurred_at=at(2022, 7, 5)
    )
    (notice,) = notices(case.education_liaison)
    assert "2022-FRAUD-01-T1" in notice.title_text and notice.body == "平台已上线"


def test_a_liaison_following_their_department_hears_what_the_portal_shows_them(case):
    follow(case.police_liaison, case.police)
    follow(case.bank_liaison, case.bank)
    # The unpublished recommendation: the police have a task on it, the bank none.
    services.recommendation_mark_reported(
        actor=case.staff, recommendation=case.unpublished, occurred_at=at(2022, 9, 1)
    )
    (police_notice,) = notices(case.police_liaison)
    assert police_notice.url == reverse("portal:task", args=[case.hidden_task.pk])
    assert notices(case.bank_liaison) == []
    # A co-department sees the lead's report once it is accepted, not while submitted.
    report = submitted_report(case)
    assert notices(case.bank_liaison) == []
    services.report_return(actor=case.staff, report=report, note="补充数据", occurred_at=at(2022, 7, 3))
    assert notices(case.bank_liaison) == []
    assert len(notices(case.police_liaison)) == 2  # the return of its own report
    services.report_submit(actor=case.police_liaison, report=report, occurred_at=at(2022, 7, 4))
    services.report_accept(actor=case.staff, report=report, occurred_at=at(2022, 7, 5))
    assert len(notices(case.bank_liaison)) == 1


def test_a_lead_department_hears_of_a_co_departments_submitted_report(case):
    follow(case.police_liaison, case.police)
    report = services.report_create(
        actor=case.bank_liaison, task=case.task, department=case.bank, narrative="已配合。"
    )
    services.report_submit(actor=case.bank_liaison, report=report, occurred_at=at(2022, 7, 1))
    (notice,) = notices(case.police_liaison)
    assert "人行莆田支行" in notice.title_text


def test_a_member_hears_of_submitted_reports_but_not_of_returned_drafts(case):
    follow(case.member, case.police)
    report = submitted_report(case)
    services.report_return(actor=case.staff, report=report, note="补充数据", occurred_at=at(2022, 7, 3))
    (notice,) = notices(case.member)
    assert notice.title_text == "2022-FRAUD-01 强化技术反制：报告已提交 · 2022-FRAUD-01-T1 · 市公安局"
    assert notice.url == reverse("portal:task", args=[case.task.pk])


def test_an_inactive_follower_is_not_told(case):
    follow(case.member, case.published)
    case.member.is_active = False
    case.member.save()
    services.recommendation_mark_reported(actor=case.staff, recommendation=case.published)
    assert notices(case.member) == []


def test_the_notice_is_in_the_readers_language_not_the_actors(client, case):
    follow(case.member, case.published)
    client.force_login(case.staff)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("office:move", args=[case.published.code, "report"]),
        {"report-occurred_on": "2022-09-01", "report-note": "", "report-public_note": ""},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    (notice,) = notices(case.member)
    with translation.override("zh-hans"):
        assert notice.title_text == "2022-FRAUD-01 强化技术反制：已报告办理情况"
    # Kept as the step, not as text in one language: each reader reads it in their own.
    assert (notice.title, notice.text_code) == ("", "follow_step")
    with translation.override("en"):
        assert notice.title_text == "2022-FRAUD-01 强化技术反制: Handling reported"
    client.force_login(case.member)
    page = client.get(reverse("notifications:list"), headers={"accept-language": "en"}).content.decode()
    assert "2022-FRAUD-01 强化技术反制: Handling reported" in page and "已报告办理情况" not in page


def test_a_report_step_and_a_closure_read_in_each_language(case):
    follow(case.member, case.published)
    submitted_report(case)
    services.recommendation_mark_reported(actor=case.staff, recommendation=case.published)
    from recommendations.transitions import recommendation_transition

    recommendation_transition(
        recommendation=case.published, to_status="closed", actor=case.staff, note="已落实",
        verdict=Verdict.IMPLEMENTED,
    )  # fmt: skip
    report, _reported, closed = sorted(notices(case.member), key=lambda n: n.pk)
    assert (report.text_code, closed.text_code) == ("follow_report_step", "follow_closed")
    with translation.override("en"):
        assert (
            report.title_text == "2022-FRAUD-01 强化技术反制: Report submitted · 2022-FRAUD-01-T1 · 市公安局"
        )
        assert closed.title_text == "2022-FRAUD-01 强化技术反制: Closed with a verdict: Implemented"
    assert closed.title_text == "2022-FRAUD-01 强化技术反制：作出结论并办结：已落实"


def test_one_step_one_notice_for_a_follower_who_is_told_of_it_anyway(client, case):
    """Staff hear of a submitted report from the review notice, the department of its
    accepted report from the acceptance notice: following adds no second one."""
    for user in (case.staff, case.other_staff, case.member):
        follow(user, case.published)
    follow(case.police_liaison, case.police)
    client.force_login(case.police_liaison)
    response = client.post(
        reverse("portal:report_new", args=[case.task.pk]),
        {"narrative": "已建成平台。", "occurred_on": "2022-07-01", "submit": "",
         "m-TOTAL_FORMS": 0, "m-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 302
    report = case.task.reports.get()
    for user in (case.staff, case.other_staff):
        (notice,) = Notification.objects.filter(recipient=user)
        assert notice.kind == Notification.Kind.REPORT_SUBMITTED
    assert [n.text_code for n in notices(case.member)] == ["follow_report_step"]

    # Accepted on an earlier day, no one is sent the acceptance: its followers hear of it.
    portal_services.report_review_accept(actor=case.staff, report=report, occurred_at=at(2022, 7, 5))
    assert [n.kind for n in Notification.objects.filter(recipient=case.police_liaison)] == [
        Notification.Kind.FOLLOWING
    ]
    # Accepted today, the department's own notice is the one it gets.
    second = services.report_create(
        actor=case.police_liaison, task=case.task, department=case.police, narrative="运行良好。"
    )
    portal_services.report_send(actor=case.police_liaison, report=second)
    portal_services.report_review_accept(actor=case.staff, report=second)
    kinds = Notification.objects.filter(recipient=case.police_liaison).values_list("kind", flat=True)
    assert sorted(kinds) == [Notification.Kind.FOLLOWING, Notification.Kind.REPORT_ACCEPTED]
    assert len(notices(case.member)) == 4  # each step once


def test_telling_followers_reads_the_same_queries_whatever_their_number(case):
    def queries_for_a_step(rec, when):
        with CaptureQueriesContext(connection) as captured:
            services.recommendation_mark_reported(actor=case.staff, recommendation=rec, occurred_at=when)
        return len(captured)

    follow(case.member, case.published)
    one = queries_for_a_step(case.published, at(2022, 9, 1))
    for n in range(6):
        follow(MemberFactory(username=f"m{n}"), case.topic)
        follow(LiaisonFactory(username=f"l{n}", department=case.police), case.police)
    many = queries_for_a_step(case.unpublished, at(2022, 9, 1))
    assert one == many
    assert Notification.objects.filter(kind=Notification.Kind.FOLLOWING).count() == 1 + 12


# --- pages ---------------------------------------------------------------------------------


def test_the_following_page_and_the_button_read_constant_queries(client, case, django_assert_max_num_queries):
    client.force_login(case.member)
    follow(case.member, case.published)

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for target in (case.topic, case.police):
        follow(case.member, target)
    few = count(reverse("follows:list"))
    for target in (case.bank, case.education, case.unpublished, TopicFactory(code="2023-x", year=2023)):
        follow(case.member, target)
    assert count(reverse("follows:list")) == few
    page = reverse("public_recommendation_detail", args=[case.published.code])
    client.logout()
    visitor = count(page)
    client.force_login(case.member)
    # The signed-in reader: one query for the button, and the session, user and notices count.
    assert count(page) <= visitor + 4


def test_account_settings_turn_email_on_and_refuse_without_an_address(client, case):
    client.force_login(case.member)
    assert client.get(reverse("account_settings")).status_code == 200
    response = client.post(reverse("account_settings"), {"follow_email": "on"})
    assert response.status_code == 302
    case.member.refresh_from_db()
    assert case.member.follow_email is True
    assert case.member.events.order_by("pgh_id").last().follow_email is True  # history of the change
    nobody = MemberFactory(username="no-mail", email="")
    client.force_login(nobody)
    response = client.post(reverse("account_settings"), {"follow_email": "on"})
    assert response.status_code == 400 and "没有电子邮箱" in response.text
    nobody.refresh_from_db()
    assert nobody.follow_email is False


def test_a_note_the_system_wrote_reaches_each_follower_in_their_language(case):
    case.member.language = "en"
    case.member.save(update_fields=["language"])
    follow(case.member, case.topic)
    follow(case.bank_liaison, case.topic)
    with translation.override("zh-hans"):
        rec = services.recommendation_create(
            actor=case.staff, topic=case.topic, code="2022-FRAUD-03", number=3, title="加强宣传", body="……",
            is_published=True,
        )  # fmt: skip
        services.recommendation_issue(
            actor=case.staff, recommendation=rec, response_due=datetime.date(2022, 9, 30),
            occurred_at=at(2022, 5, 18),
        )  # fmt: skip
        services.task_create(
            actor=case.staff, recommendation=rec, number=1, title="开展反诈宣传", lead_department=case.police,
            assigned_on=datetime.date(2022, 5, 20), due_date=datetime.date(2022, 8, 31),
            occurred_at=at(2022, 5, 20),
        )  # fmt: skip
    assert "Tasks assigned" in [notice.body for notice in notices(case.member)]
    assert not any("已分解交办任务" in notice.body for notice in notices(case.member))
    assert "已分解交办任务" in [notice.body for notice in notices(case.bank_liaison)]
