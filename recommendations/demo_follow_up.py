"""The demo's invented follow-up to the seed case: what happened after the article, made up so
that every demo account finds work on its first sign-in.

Two recommendations are closed (one of them reopened by a follow-up visit), a liaison's report
waits for review and another has been returned for correction, a department contests a new
task and another asks for more time, a task assigned after the reopening is overdue (for an
escalation notice), and a satisfaction vote is open. Dates of recent steps count working days
back from the day the demo is loaded, so the open work is always current: the reopened tasks
fall due next week, the overdue one a few working days ago. Each step runs only from the state before it, so a
second run changes nothing.
"""

import datetime

from django.utils import timezone

from evaluations import services as evaluation_services
from evaluations.models import Evaluation
from evaluations.services import evaluation_open, follow_up_reopen
from portal.models import AssignmentContest, ExtensionRequest
from portal.services import contest_raise, extension_request_create
from recommendations import services
from recommendations.choices import RecommendationStatus as RS
from recommendations.choices import ReportStatus
from recommendations.models import Inspection, ProgressReport, Recommendation, Task
from reminders.workdays import add_working_days

# Recent steps happen at this local time of their working day.
STEP_TIME = datetime.time(10, 0)


class DemoFollowUp:
    """Applies the data set's `follow_up` section; `loader` is the DemoLoader that has just
    loaded the seed (its users, departments and counters)."""

    def __init__(self, loader, data, today=None):
        self.loader = loader
        self.data = data
        self.today = today or timezone.localdate()
        self.staff = loader.users["staff"]

    def working_days_ago(self, days):
        return add_working_days(self.today, -days)

    def moment(self, day):
        return datetime.datetime.combine(day, STEP_TIME, tzinfo=timezone.get_current_timezone())

    def recommendation(self, code):
        return Recommendation.objects.get(code=code)

    def task(self, code, number):
        return Task.objects.get(recommendation__code=code, number=number)

    def apply(self):
        for item in self.data["closures"]:
            self._close(item)
        self._reopen(self.data["reopening"])
        self._new_task(self.data["new_task"])
        self._new_task(self.data["overdue_task"])
        self._contest(self.data["contest"])
        self._extension(self.data["extension"])
        for item in self.data["reports"]:
            self._report(item)
        self._evaluation(self.data["evaluation"])

    def _close(self, item):
        recommendation = self.recommendation(item["recommendation"])
        if recommendation.status != RS.REPORTED or recommendation.cycle != 1:
            self.loader.existing["closures"] += 1  # closed before, or moved on since
            return
        accepted = ProgressReport.objects.filter(
            task__recommendation=recommendation, status=ReportStatus.ACCEPTED
        )
        evaluation_services.recommendation_close(
            actor=self.staff,
            recommendation=recommendation,
            verdict=item["verdict"],
            note=item["reason"],
            reports=list(accepted),
            occurred_at=datetime.datetime.fromisoformat(item["closed_at"]),
        )
        self.loader.created["closures"] += 1

    def _reopen(self, item):
        recommendation = self.recommendation(item["recommendation"])
        visit = item["inspection"]
        inspection = self.loader._ensure(
            "inspections",
            Inspection.objects.filter(topic=recommendation.topic, title=visit["title"]),
            lambda: services.inspection_create(
                actor=self.staff,
                topic=recommendation.topic,
                title=visit["title"],
                kind=visit["kind"],
                started_on=self.working_days_ago(visit["started_working_days_ago"]),
                ended_on=self.working_days_ago(visit["ended_working_days_ago"]),
                summary=visit["summary"],
                departments_visited=[self.loader.departments[c] for c in visit["departments_visited"]],
            ),
        )
        if recommendation.status != RS.CLOSED or recommendation.cycle != 1:
            self.loader.existing["reopenings"] += 1  # reopened before, or moved on since
            return
        follow_up_reopen(
            actor=self.staff,
            recommendation=recommendation,
            inspection=inspection,
            note="",
            # The demo's reopening statement is written for the public timeline.
            public_note=item["note"],
            response_due=add_working_days(self.today, item["response_due_in_working_days"]),
            occurred_at=self.moment(self.working_days_ago(item["reopened_working_days_ago"])),
        )
        self.loader.created["reopenings"] += 1

    def _new_task(self, item):
        recommendation = self.recommendation(item["recommendation"])
        assigned_on = self.working_days_ago(item["assigned_working_days_ago"])
        departments = self.loader.departments
        self.loader._ensure(
            "tasks",
            Task.objects.filter(recommendation=recommendation, number=item["number"]),
            lambda: services.task_create(
                actor=self.staff,
                recommendation=recommendation,
                number=item["number"],
                title=item["title"],
                description=item["description"],
                lead_department=departments[item["lead"]],
                co_departments=[departments[c] for c in item["co"]],
                assigned_on=assigned_on,
                # A negative count: the deadline has passed.
                due_date=add_working_days(self.today, item["due_in_working_days"]),
                occurred_at=self.moment(assigned_on),
            ),
        )

    def _contest(self, item):
        task = self.task(item["recommendation"], item["task"])
        department = self.loader.departments[item["department"]]
        self.loader._ensure(
            "contests",
            AssignmentContest.objects.filter(task=task, department=department),
            lambda: contest_raise(
                actor=self.loader.users[item["author"]],
                task=task,
                department=department,
                reason=item["reason"],
            ),
        )

    def _extension(self, item):
        task = self.task(item["recommendation"], item["task"])
        department = self.loader.departments[item["department"]]
        self.loader._ensure(
            "extension requests",
            ExtensionRequest.objects.filter(task=task, department=department),
            lambda: extension_request_create(
                actor=self.loader.users[item["author"]],
                task=task,
                department=department,
                requested_due=add_working_days(self.today, item["requested_due_in_working_days"]),
                reason=item["reason"],
                occurred_at=self.moment(self.working_days_ago(item["requested_working_days_ago"])),
            ),
        )

    def _report(self, item):
        task = self.task(item["recommendation"], item["task"])
        department = self.loader.departments[item["department"]]
        author = self.loader.users[item["author"]]
        report = self.loader._ensure(
            "progress reports",
            ProgressReport.objects.filter(task=task, department=department, narrative=item["narrative"]),
            lambda: services.report_create(
                actor=author,
                task=task,
                department=department,
                narrative=item["narrative"],
                is_final=item["is_final"],
            ),
        )
        if report.status == ReportStatus.DRAFT:
            report = services.report_submit(
                actor=author,
                report=report,
                occurred_at=self.moment(self.working_days_ago(item["submitted_working_days_ago"])),
            )
            if "return_note" in item:
                services.report_return(
                    actor=self.staff,
                    report=report,
                    note=item["return_note"],
                    occurred_at=self.moment(self.working_days_ago(item["returned_working_days_ago"])),
                )

    def _evaluation(self, item):
        recommendation = self.recommendation(item["recommendation"])
        if recommendation.status != RS.REPORTED:
            return
        self.loader._ensure(
            "evaluations",
            Evaluation.objects.filter(terms__recommendations=recommendation),
            lambda: evaluation_open(
                actor=self.staff,
                topic=recommendation.topic,
                method=item["method"],
                recommendation=recommendation,
                occurred_at=self.moment(self.working_days_ago(item["opened_working_days_ago"])),
            ),
        )
