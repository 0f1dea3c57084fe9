"""The predicates (objects) and the selectors (querysets) of recommendations.permissions
agree, and say what each role may see."""

import pytest

from recommendations.choices import ReportStatus
from recommendations.permissions import (
    can_change_report,
    can_view_report,
    can_view_task,
    reports_visible_to,
    tasks_visible_to,
)

from .helpers import make_report

pytestmark = pytest.mark.django_db

USERS = ["staff", "member", "police_user", "bank_user", "other_user", "nobody"]


@pytest.fixture
def reports(world):
    return [
        make_report(world, department, status)
        for department in (world.police, world.bank)
        for status in ReportStatus.values
    ]


def test_task_selector_and_predicate_agree_for_every_user_and_task(world):
    for name in USERS:
        user = getattr(world, name)
        visible = set(tasks_visible_to(user).values_list("pk", flat=True))
        for task in (world.task, world.other_task):
            assert (task.pk in visible) == can_view_task(user, task), (name, task)


def test_liaison_sees_only_tasks_where_its_department_is_lead_or_co(world):
    assert set(tasks_visible_to(world.police_user)) == {world.task}
    assert set(tasks_visible_to(world.bank_user)) == {world.task}
    assert set(tasks_visible_to(world.other_user)) == {world.other_task}
    assert set(tasks_visible_to(world.member)) == {world.task, world.other_task}
    assert not tasks_visible_to(world.nobody).exists()


def test_report_selector_and_predicate_agree_for_every_user_and_report(world, reports):
    for name in USERS:
        user = getattr(world, name)
        visible = set(reports_visible_to(user).values_list("pk", flat=True))
        for report in reports:
            assert (report.pk in visible) == can_view_report(user, report), (
                name,
                report.department,
                report.status,
            )


def test_no_liaison_sees_another_departments_draft(world, reports):
    for user in (world.police_user, world.bank_user, world.other_user):
        for report in reports_visible_to(user):
            if report.department_id != user.department_id:
                assert report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED)


def test_lead_sees_co_departments_sent_reports_and_co_sees_only_accepted_ones(world, reports):
    bank_seen_by_police = {
        r.status for r in reports_visible_to(world.police_user) if r.department_id == world.bank.pk
    }
    assert bank_seen_by_police == {ReportStatus.SUBMITTED, ReportStatus.ACCEPTED}
    police_seen_by_bank = {
        r.status for r in reports_visible_to(world.bank_user) if r.department_id == world.police.pk
    }
    assert police_seen_by_bank == {ReportStatus.ACCEPTED}
    assert not reports_visible_to(world.other_user).exists()


def test_members_read_sent_reports_but_not_drafts(world, reports):
    assert {r.status for r in reports_visible_to(world.member)} == {
        ReportStatus.SUBMITTED,
        ReportStatus.ACCEPTED,
    }


def test_only_own_department_or_staff_change_a_report_and_only_while_draft(world, reports):
    for report in reports:
        editable = report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
        assert can_change_report(world.staff, report) == editable
        own = world.police_user if report.department_id == world.police.pk else world.bank_user
        assert can_change_report(own, report) == editable
        assert not can_change_report(world.member, report)
        assert not can_change_report(world.other_user, report)


def test_has_perm_uses_the_same_rules(world, reports):
    draft = reports[0]
    assert world.police_user.has_perm("oversight.change_report", draft)
    assert not world.bank_user.has_perm("oversight.view_report", draft)
    assert world.staff.has_perm("oversight.review")
    assert not world.member.has_perm("oversight.review")
    assert not world.nobody.has_perm("oversight.enter_portal")
