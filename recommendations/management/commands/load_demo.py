"""Load the seed's case (Putian, 2022: fighting telecom and online fraud) as demo data.

Every row is written through the domain services, acting as the demo users, with the
article's dates as `occurred_at`, so history and the status timeline read like 2022. Records
are found by their natural keys first: a second run creates nothing and moves no status.
After the seed's facts comes the invented follow-up (`recommendations.demo_follow_up`) that
gives every demo account something to do.
"""

import datetime
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from accounts.services import user_create
from congresses.models import current_congress, default_congress, in_congress
from congresses.services import congress_update
from documents.models import Source
from documents.services import source_add
from recommendations import services
from recommendations.choices import GovernmentResponse, ReportStatus
from recommendations.choices import RecommendationStatus as RS
from recommendations.demo_follow_up import DemoFollowUp
from recommendations.models import (
    Department,
    Finding,
    Indicator,
    Inspection,
    Meeting,
    OversightTopic,
    ProgressReport,
    Recommendation,
    Remark,
    Task,
)

DEFAULT_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "seed_case.json"
PRODUCTION_SETTINGS = "oversight.settings.production"


class Command(BaseCommand):
    help = "Load the seed case (Putian 2022, telecom and online fraud) as demo data; safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_FILE), help="The demo data set (JSON).")
        parser.add_argument(
            "--seed-only",
            action="store_true",
            help="Load only the article's facts, without the invented follow-up that gives accounts work.",
        )

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE == PRODUCTION_SETTINGS:
            raise CommandError(
                "load_demo refuses to run under production settings: demo accounts have the password "
                "'demo'. Use oversight.settings.dev."
            )
        path = Path(options["file"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the demo data set {path}: {error}") from error

        loader = DemoLoader(data, follow_up=not options["seed_only"])
        # All or nothing: a failure halfway leaves the database as it was.
        try:
            with transaction.atomic(), in_congress(default_congress()):
                loader.load()
        except (KeyError, TypeError, ValueError, ValidationError) as error:
            raise CommandError(f"The demo data set {path} does not load: {error!r}") from error

        created, existing = sum(loader.created.values()), sum(loader.existing.values())
        self.stdout.write(self.style.SUCCESS(f"Demo data: {created} created, {existing} already present."))
        for kind in loader.kinds:
            self.stdout.write(f"  {kind}: {loader.created[kind]} created, {loader.existing[kind]} present")
        for warning in loader.warnings:
            self.stdout.write(self.style.WARNING(f"  {warning}"))
        accounts = ", ".join(f"{a['username']} / {a['password']}" for a in data["accounts"])
        self.stdout.write(f"Accounts (username / password): {accounts}")


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _datetime(value):
    return datetime.datetime.fromisoformat(value) if value else None


def _decimal(value):
    return Decimal(value) if value is not None else None


class DemoLoader:
    """Walks the data set in dependency order; `created`/`existing` count records per kind."""

    kinds = (
        "accounts",
        "standing committee settings",
        "departments",
        "topics",
        "sources",
        "inspections",
        "findings",
        "meetings",
        "remarks",
        "indicators",
        "recommendations",
        "tasks",
        "progress reports",
        "measurements",
        "closures",
        "reopenings",
        "contests",
        "extension requests",
        "evaluations",
    )

    def __init__(self, data, follow_up=True):
        self.data = data
        self.follow_up = follow_up
        self.created = Counter()
        self.existing = Counter()
        self.warnings = []
        self.users = {}
        self.departments = {}

    def _ensure(self, kind, queryset, create, expected=None):
        """The record `queryset` finds, or a new one from `create()`. An existing record whose
        fields differ from the data set is kept as it is and reported."""
        instance = queryset.first()
        if instance is None:
            self.created[kind] += 1
            return create()
        self.existing[kind] += 1
        for field, value in (expected or {}).items():
            if getattr(instance, field) != value:
                self.warnings.append(f"{kind} “{instance}”: {field} differs from the demo data, left as is")
        return instance

    def load(self):
        self._load_accounts()
        self.staff = self.users["staff"]
        self._load_congress()
        topic = self._load_topic()
        self._load_source(topic)
        inspections = self._load_inspections(topic)
        findings = self._load_findings(topic, inspections)
        remarks = self._load_meeting(topic)
        indicators = self._load_indicators(topic)
        for item in self.data["recommendations"]:
            self._load_recommendation(topic, item, findings, remarks, indicators)
        if self.follow_up:
            DemoFollowUp(self, self.data["follow_up"]).apply()

    # --- accounts and departments -------------------------------------------------------------

    def _load_accounts(self):
        accounts = self.data["accounts"]
        # The staff account comes first: it is the actor of everything else, including the
        # departments the liaison accounts belong to.
        first, rest = accounts[0], accounts[1:]
        self.users[first["username"]] = self._ensure_user(first, actor=None)
        for item in self.data["departments"]:
            self.departments[item["code"]] = self._ensure(
                "departments",
                Department.objects.filter(code=item["code"]),
                lambda item=item: services.department_create(actor=self.users[first["username"]], **item),
                expected={"name": item["name"], "kind": item["kind"]},
            )
        for item in rest:
            self.users[item["username"]] = self._ensure_user(item, actor=self.users[first["username"]])

    def _ensure_user(self, item, actor):
        fields = dict(item)
        department = fields.pop("department")
        fields["department"] = self.departments[department] if department else None
        roles = {key: value for key, value in fields.items() if key.startswith("is_")}
        return self._ensure(
            "accounts",
            User.objects.filter(username=fields["username"]),
            lambda: user_create(actor=actor, **fields),
            expected=roles,
        )

    def _load_congress(self):
        """The demo office's code in document numbers (文号), set unless staff chose one."""
        prefix = self.data["congress"]["document_prefix"]
        congress = current_congress()
        if congress.document_prefix:
            self.existing["standing committee settings"] += 1
            if congress.document_prefix != prefix:
                self.warnings.append(
                    f"standing committee “{congress}”: document_prefix differs from the demo data, left as is"
                )
            return
        congress_update(actor=self.staff, congress=congress, document_prefix=prefix)
        self.created["standing committee settings"] += 1

    # --- topic, inspections, findings, meeting, indicators --------------------------------------

    def _load_topic(self):
        item = dict(self.data["topic"])
        item["responsible_office"] = self.departments[item["responsible_office"]]
        return self._ensure(
            "topics",
            OversightTopic.objects.filter(code=item["code"]),
            lambda: services.topic_create(actor=self.staff, **item),
            expected={"title": item["title"], "year": item["year"]},
        )

    def _load_source(self, topic):
        """The article the case is told in, cited by the topic."""
        item = self.data["source"]
        self._ensure(
            "sources",
            Source.objects.filter(topic=topic, title=item["title"]),
            lambda: source_add(
                actor=self.staff,
                record=topic,
                title=item["title"],
                publisher=item["publisher"],
                published_on=_date(item["published_on"]),
                url=item.get("url", ""),
            ),
        )

    def _load_inspections(self, topic):
        inspections = {}
        for item in self.data["inspections"]:
            fields = {key: value for key, value in item.items() if key != "key"}
            fields.update(
                started_on=_date(item["started_on"]),
                ended_on=_date(item["ended_on"]),
                departments_visited=[self.departments[c] for c in item["departments_visited"]],
                departments_consulted=[self.departments[c] for c in item["departments_consulted"]],
            )
            inspections[item["title"]] = self._ensure(
                "inspections",
                Inspection.objects.filter(topic=topic, title=item["title"]),
                lambda fields=fields: services.inspection_create(actor=self.staff, topic=topic, **fields),
                expected={"started_on": fields["started_on"]},
            )
        return inspections

    def _load_findings(self, topic, inspections):
        findings = {}
        for item in self.data["findings"]:
            fields = dict(item)
            fields.update(
                inspection=inspections[item["inspection"]],
                departments=[self.departments[c] for c in item["departments"]],
            )
            findings[item["code"]] = self._ensure(
                "findings",
                Finding.objects.filter(code=item["code"]),
                lambda fields=fields: services.finding_create(actor=self.staff, topic=topic, **fields),
                expected={"title": item["title"], "category": item["category"]},
            )
        return findings

    def _load_meeting(self, topic):
        item = self.data["meeting"]
        held_on = _date(item["held_on"])
        meeting = self._ensure(
            "meetings",
            Meeting.objects.filter(title=item["title"], held_on=held_on),
            lambda: services.meeting_create(
                actor=self.staff, title=item["title"], held_on=held_on, kind=item["kind"], topics=[topic]
            ),
        )
        remarks = {}
        for remark in item["remarks"]:
            remarks[remark["speaker_name"]] = self._ensure(
                "remarks",
                Remark.objects.filter(meeting=meeting, topic=topic, speaker_name=remark["speaker_name"]),
                lambda remark=remark: services.remark_create(
                    actor=self.staff, meeting=meeting, topic=topic, **remark
                ),
                expected={"content": remark["content"]},
            )
        return remarks

    def _load_indicators(self, topic):
        indicators = {}
        for item in self.data["indicators"]:
            indicators[item["name"]] = self._ensure(
                "indicators",
                Indicator.objects.filter(topic=topic, name=item["name"]),
                lambda item=item: services.indicator_create(actor=self.staff, topic=topic, **item),
                expected={"unit": item["unit"], "direction": item["direction"]},
            )
        return indicators

    # --- recommendations, tasks, reports --------------------------------------------------------

    def _load_recommendation(self, topic, item, findings, remarks, indicators):
        recommendation = self._ensure(
            "recommendations",
            Recommendation.objects.filter(code=item["code"]),
            lambda: services.recommendation_create(
                actor=self.staff,
                topic=topic,
                code=item["code"],
                number=item["number"],
                title=item["title"],
                body=item["body"],
                findings=[findings[code] for code in item["findings"]],
                remarks=[remarks[name] for name in item["remarks"]],
                is_published=item["is_published"],
            ),
            expected={"title": item["title"]},
        )
        # Each step runs only from the state before it, so a rerun (or a record someone has
        # since moved on) is left alone.
        if recommendation.status == RS.DRAFT:
            recommendation = services.recommendation_issue(
                actor=self.staff,
                recommendation=recommendation,
                response_due=_date(item["response_due"]),
                public_note=item["issue_note"],
                occurred_at=_datetime(item["issued_at"]),
            )
        if recommendation.government_response == GovernmentResponse.PENDING:
            recommendation = services.recommendation_set_response(
                actor=self.staff,
                recommendation=recommendation,
                government_response=item["government_response"],
            )
        for task_item in item["tasks"]:
            task = self._load_task(recommendation, task_item)
            for report_item in task_item["reports"]:
                self._load_report(task, report_item, indicators)

    def _load_task(self, recommendation, item):
        recommendation.refresh_from_db()
        return self._ensure(
            "tasks",
            Task.objects.filter(recommendation=recommendation, number=item["number"]),
            lambda: services.task_create(
                actor=self.staff,
                recommendation=recommendation,
                number=item["number"],
                title=item["title"],
                description=item["description"],
                lead_department=self.departments[item["lead"]],
                co_departments=[self.departments[c] for c in item["co"]],
                assigned_on=_date(item["assigned_on"]),
                due_date=_date(item["due_date"]),
                occurred_at=_datetime(item["assigned_at"]),
            ),
            expected={"title": item["title"]},
        )

    def _load_report(self, task, item, indicators):
        department = self.departments[item["department"]]
        # Liaisons act for their own department's reports; staff record the others.
        author = self.users[item["author"]]
        measurements = [
            {
                **fields,
                "indicator": indicators[fields["indicator"]],
                "value": _decimal(fields["value"]),
                "change_percent": _decimal(fields["change_percent"]),
                "period_start": _date(fields["period_start"]),
                "period_end": _date(fields["period_end"]),
            }
            for fields in item["measurements"]
        ]
        reports_before = self.created["progress reports"]
        report = self._ensure(
            "progress reports",
            ProgressReport.objects.filter(task=task, department=department, is_final=item["is_final"]),
            lambda: services.report_create(
                actor=author,
                task=task,
                department=department,
                narrative=item["narrative"],
                is_final=item["is_final"],
                measurements=measurements,
            ),
            expected={"narrative": item["narrative"]},
        )
        # Measurements are created with their report only, so they count with it.
        counter = self.created if self.created["progress reports"] > reports_before else self.existing
        counter["measurements"] += len(measurements)
        if report.status == ReportStatus.DRAFT:
            report = services.report_submit(
                actor=author, report=report, occurred_at=_datetime(item["submitted_at"])
            )
        if report.status == ReportStatus.SUBMITTED:
            services.report_accept(
                actor=self.staff, report=report, occurred_at=_datetime(item["accepted_at"])
            )
