"""Province-scale synthetic data: every county and city congress of a province over ten years.

Each region is a congress of its own (`gen-r001`, ...): the prefecture cities under the
province's congress (`gen-province`), their districts and counties under them, each with its
departments, liaisons, a staff account and a member account; the province has a staff and a
member account that read the roll-up of every congress below.

Shapes follow the oversight cycle: topics per region and year, each with an
inspection, findings, a session with members' remarks and indicators; 3-8 recommendations per
topic; 2-5 tasks per issued recommendation with co-departments; several progress reports per task
with measurements; status events that tell the same story as the status columns (issued_at and
closed_at are the times of the issuing and closing events; each report's submitted/accepted
times are its events). Ages decide statuses: old recommendations are mostly closed with a
verdict, some stuck open and overdue, recent ones still issued or in progress.

Rows are written with COPY (psycopg 3), not one save per row. The whole load is one transaction
with `session_replication_role = replica`, which skips every row-level trigger:

* pghistory's triggers: generated rows are not user history. Millions of history rows claiming
  that somebody inserted them would falsify "who did what" and double the load; the data is
  reproducible from `--seed` instead.
* foreign-key triggers: instead of one lookup per row, every foreign key of the loaded rows is
  checked once, in bulk, before commit (`_check_foreign_keys`); a dangling reference aborts
  the load. Unique and check constraints are not triggers and still apply row by row.

The generator writes no history at all, so there is no pghistory context to mark; a database
that received generated data is recognisable by its `gen-` department codes and user names.
"""

import datetime
import random
import time
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from accounts.models import User
from congresses.models import Congress
from evaluations.models import Evaluation
from oversight import data_version
from recommendations import models as m
from recommendations.choices import RecommendationStatus as RS
from recommendations.choices import ReportStatus as PS
from recommendations.transitions import NEW_CYCLE_MOVES, Move, plan_recommendation_moves, plan_report_moves

from . import vocabulary as v

MARKER = "gen-"  # prefix of generated department codes and user names
DAY = datetime.timedelta(days=1)
YEARS = 10
REGION_RECOMMENDATIONS = 1000  # one region (congress) per this many recommendations, at least 3
PROVINCE_CODE = f"{MARKER}province"


class GeneratedDataExists(Exception):
    """The database already holds generated data; a second load would collide on codes."""


class Table:
    """Rows for one table, as tuples in the order of `columns`, with ids handed out here."""

    def __init__(self, model, columns):
        self.model = model
        self.name = model._meta.db_table
        self.columns = columns
        expected = {f.column for f in model._meta.concrete_fields}
        if set(columns) != expected:
            raise RuntimeError(f"{self.name}: columns changed: {sorted(expected ^ set(columns))}")
        # Binary COPY: the server need not parse dates and numbers from text.
        fields = {f.column: f for f in model._meta.concrete_fields}
        self.types = [_copy_type(fields[c]) for c in columns]
        self.rows = []
        # Values every row ends with (the congress, for the tables that have one).
        self.tail = ()
        self.next_id = None
        self.first_id = None
        self.count = 0

    def add(self, *values):
        row_id = self.next_id
        self.next_id += 1
        self.rows.append((row_id, *values, *self.tail))
        return row_id


NO_PARAMS = Jsonb({})

COPY_TYPES = {
    "bigint": "int8",
    "integer": "int4",
    "smallint": "int2",
    "boolean": "bool",
    "timestamp with time zone": "timestamptz",
}


def _copy_type(field):
    db_type = field.target_field.rel_db_type(connection) if field.is_relation else field.db_type(connection)
    db_type = db_type.split("(")[0]
    return COPY_TYPES.get(db_type, db_type)


def _tables():
    """Every table the generator fills, parents before children."""
    through = lambda field: field.remote_field.through  # noqa: E731
    spec = [
        (m.Department, "code name short_name kind contact_email head_name head_email is_active"),
        (
            User,
            "password last_login is_superuser username first_name last_name email is_staff is_active "
            "date_joined department_id is_committee_staff is_committee_member is_department_liaison "
            "follow_email language",
        ),
        (m.OversightTopic, "code year title form responsible_office_id description is_published"),
        (m.Inspection, "topic_id title kind started_on ended_on summary"),
        (through(m.Inspection.departments_visited.field), "inspection_id department_id"),
        (m.Finding, "code topic_id inspection_id number category title description"),
        (through(m.Finding.departments.field), "finding_id department_id"),
        (m.Meeting, "title kind held_on"),
        (through(m.Meeting.topics.field), "meeting_id oversighttopic_id"),
        (m.Remark, "meeting_id topic_id speaker_name speaker_id order content"),
        (m.Indicator, "topic_id name unit direction description"),
        (
            m.Recommendation,
            "code topic_id number title body is_priority is_published status "
            "government_response government_response_on verdict cycle response_due_original response_due "
            "issued_at closed_at",
        ),
        (through(m.Recommendation.findings.field), "recommendation_id finding_id"),
        (through(m.Recommendation.remarks.field), "recommendation_id remark_id"),
        (
            m.Task,
            "recommendation_id number title description lead_department_id assigned_on due_original "
            "due_date claimed_done_at verified_at verified_by_id",
        ),
        (through(m.Task.co_departments.field), "task_id department_id"),
        (
            m.ProgressReport,
            "task_id department_id narrative is_final status submitted_at accepted_at sent_on author_id",
        ),
        (
            m.Measurement,
            "indicator_id report_id value is_lower_bound baseline change_percent period_start "
            "period_end period_label note",
        ),
        (
            Evaluation,
            "topic_id recommendation_id meeting_id cycle method voters_entitled satisfied "
            "basically_satisfied unsatisfied abstained result held_on opened_at closed_at",
        ),
        (
            m.StatusEvent,
            "recommendation_id report_id subject from_status to_status actor_id occurred_at note "
            "public_note inspection_id text_code text_params",
        ),
    ]
    timestamped = {model for model, _ in spec if issubclass(model, m.TimestampedModel)}
    tables = {}
    for model, columns in spec:
        columns = ["id", *(["created_at", "updated_at"] if model in timestamped else []), *columns.split()]
        if any(field.name == "congress" for field in model._meta.concrete_fields):
            columns.append("congress_id")
        tables[model._meta.db_table] = Table(model, columns)
    return tables


def region_count(recommendations):
    """How many regions (congresses) a load of this size spreads over, by default."""
    return min(len(v.REGIONS), max(3, recommendations // REGION_RECOMMENDATIONS))


def region_code(index):
    return f"{MARKER}r{index + 1:03d}"


def generate(recommendations, *, seed=0, now=None, progress=None, congresses=None):
    """Load `recommendations` recommendations with everything around them, spread over
    `congresses` region congresses under a province (by default one per 1,000 recommendations,
    at least 3); return row counts per table and the seconds taken. `progress(message)` is
    called now and then."""
    if m.Department.objects.with_every_congress().filter(code__startswith=MARKER).exists():
        raise GeneratedDataExists(
            "This database already holds generated data (departments coded gen-...). "
            "Load into a fresh database instead."
        )
    started = time.monotonic()
    regions = congresses or region_count(recommendations)
    if not 1 <= regions <= len(v.REGIONS):
        raise ValueError(f"congresses must be between 1 and {len(v.REGIONS)}")
    gen = _Generator(
        recommendations, seed=seed, now=now or timezone.now(), progress=progress, regions=regions
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        gen.make_congresses()
        names = ", ".join(connection.ops.quote_name(t.name) for t in gen.tables.values())
        # No concurrent writer may take the ids handed out below.
        cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")
        for table in gen.tables.values():
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table.name])
            table.next_id = table.first_id = cursor.fetchone()[0]
        gen.run(cursor)
        for table in gen.tables.values():
            if table.next_id > table.first_id:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table.name, table.next_id - 1]
                )
        _check_foreign_keys(cursor, gen.tables)
        cursor.execute("SET LOCAL session_replication_role = origin")
        for table in gen.tables.values():
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table.name)}")
        data_version.invalidate()  # COPY sends no signals
    counts = {t.name: t.count for t in gen.tables.values()}
    return counts, time.monotonic() - started


def _check_foreign_keys(cursor, tables):
    """Every foreign key of the new rows points at an existing row (checked once per key, in SQL,
    because the per-row triggers were off)."""
    for table in tables.values():
        for field in table.model._meta.concrete_fields:
            if not field.is_relation:
                continue
            target = field.related_model._meta
            cursor.execute(
                f'SELECT count(*) FROM "{table.name}" c WHERE c.id >= %s AND c."{field.column}" IS NOT NULL '
                f'AND NOT EXISTS (SELECT 1 FROM "{target.db_table}" p WHERE p."{target.pk.column}" '
                f'= c."{field.column}")',
                [table.first_id],
            )
            dangling = cursor.fetchone()[0]
            if dangling:
                raise RuntimeError(f"{dangling} rows of {table.name}.{field.column} point nowhere")


class _Generator:
    def __init__(self, recommendations, *, seed, now, progress, regions):
        self.n = recommendations
        self.rng = random.Random(seed)
        self.random = self.rng.random
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.now = now
        self.today = timezone.localdate(now)
        self.progress = progress or (lambda message: None)
        self.words = v.corpus()
        self.tables = _tables()
        self.t = {t.model: t for t in self.tables.values()}
        self.regions = v.REGIONS[:regions]
        self.owned = [t for t in self.tables.values() if t.columns[-1] == "congress_id"]
        self.liaisons = {}  # department id -> its liaison's user id
        self.topic_numbers = defaultdict(int)  # (region, year) -> topics so far
        self.meetings = {}  # (region, year, session) -> meeting id

    # --- small helpers -------------------------------------------------------------------

    def ri(self, low, high):
        """random.randint, without its argument checks (the hot loop calls it millions of times)."""
        return low + int(self.random() * (high - low + 1))

    def local_date(self, moment):
        return moment.astimezone(self.tz).date()

    def at(self, day):
        """A time in office hours on `day`."""
        return datetime.datetime(day.year, day.month, day.day, self.ri(9, 17), self.ri(0, 59), tzinfo=self.tz)

    def pick(self, key):
        return self.rng.choice(self.words[key])

    def text(self, key, low, high):
        return "".join(self.rng.sample(self.words[key], self.ri(low, high)))

    def row(self, model, *values):
        return self.t[model].add(*values)

    def status_event(self, rec, report, subject, frm, to, actor, at, note, public_note):
        # Generated notes are written as people write them: no event carries a system note.
        values = (rec, report, subject, frm, to, actor, at, note, public_note, None, "", NO_PARAMS)
        return self.row(m.StatusEvent, *values)

    def link(self, field, left, right):
        self.t[field.remote_field.through].add(left, right)

    # --- the run ---------------------------------------------------------------------------

    def run(self, cursor):
        self.cursor = cursor
        self.make_regions()
        first_year = self.today.year - YEARS + 1
        made, topic_index = 0, 0
        flushed_at = 0
        while made < self.n:
            # Years first, so that even a small data set spans the ten years.
            year = first_year + topic_index % YEARS
            region = (topic_index // YEARS) % len(self.regions)
            made += self.make_topic(region, year, min(self.ri(3, 8), self.n - made))
            topic_index += 1
            if made - flushed_at >= 2000:
                self.flush()
                flushed_at = made
                self.progress(f"{made} recommendations")
        self.flush()

    def flush(self):
        for table in self.tables.values():
            if not table.rows:
                continue
            columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
            with self.cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN (FORMAT BINARY)') as copy:
                copy.set_types(table.types)
                for row in table.rows:
                    copy.write_row(row)
            table.count += len(table.rows)
            table.rows = []

    def make_congresses(self):
        """The province's congress and one per region: a prefecture city's under the province's,
        a district's or county's under its city's (the city comes first in the regions). Written
        with the ORM: a hundred rows, and no history under the replica role."""

        def congress(code, name, level, parent):
            return Congress.objects.create(
                code=code,
                level=level,
                parent=parent,
                name=f"{name}人大常委会",
                short_name=f"{name}人大",
                government_name=f"{name}人民政府",
                voting_members=self.ri(25, 60) if level == Congress.Level.COUNTY else self.ri(45, 80),
            )

        self.province = congress(PROVINCE_CODE, v.PROVINCE, Congress.Level.PROVINCE, None)
        by_name, self.congress_ids = {}, []
        for index, region in enumerate(self.regions):
            city = v.PREFECTURE_OF[region]
            if city == region:
                made = congress(region_code(index), region, Congress.Level.CITY, self.province)
            else:
                made = congress(region_code(index), region, Congress.Level.COUNTY, by_name[city])
            by_name[region] = made
            self.congress_ids.append(made.pk)

    def enter(self, congress_id):
        """Rows added from here on belong to this congress (in the tables that say which)."""
        for table in self.owned:
            table.tail = (congress_id,)

    def make_regions(self):
        """Departments of every region's government and congress, a liaison for each department,
        and a staff account and a member account per congress, the province's included."""
        joined = self.at(datetime.date(self.today.year - YEARS + 1, 1, 2))
        self.enter(self.province.pk)
        self.user(f"{PROVINCE_CODE}-staff", f"{v.PROVINCE}人大常委会工作人员", None, joined, staff=True)
        self.user(f"{PROVINCE_CODE}-member", f"{v.PROVINCE}人大常委会组成人员", None, joined, member=True)
        self.departments, self.staff = [], []
        for index, region in enumerate(self.regions):
            self.enter(self.congress_ids[index])
            prefix = region_code(index)
            depts = {}
            for suffix, name, kind in v.DEPARTMENTS:
                code = f"{prefix}-{suffix}"
                dept = self.row(
                    m.Department,
                    joined,
                    joined,
                    code,
                    region + name,
                    name,
                    kind,
                    f"{code}@scale.example",
                    "",
                    "",
                    True,
                )
                depts[suffix] = dept
                self.user(f"{code}", f"{region}{name}联络员", dept, joined, liaison=True)
            self.departments.append(depts)
            self.staff.append(
                self.user(f"{prefix}-staff", f"{region}人大常委会工作人员", None, joined, staff=True)
            )
            self.user(f"{prefix}-member", f"{region}人大常委会组成人员", None, joined, member=True)

    def user(self, username, first_name, department, joined, staff=False, member=False, liaison=False):
        unusable_password = f"!{self.rng.getrandbits(128):032x}"  # as set_unusable_password() does
        user_id = self.row(
            User,
            unusable_password,
            None,
            False,
            username,
            first_name,
            "",
            f"{username}@scale.example",
            False,
            True,
            joined,
            department,
            staff,
            member,
            liaison,
            False,
            "",  # the site's language
        )
        if liaison:
            self.liaisons[department] = user_id
        return user_id

    def make_topic(self, region, year, count):
        """One topic with its inspection, findings, session, remarks, indicators and `count`
        recommendations; returns `count`."""
        rng, depts = self.rng, self.departments[region]
        self.enter(self.congress_ids[region])
        subject, office, pool = rng.choice(v.SUBJECTS)
        form = rng.choice(v.TOPIC_FORMS)
        self.topic_numbers[region, year] += 1
        code = f"{year}-R{region + 1:03d}-T{self.topic_numbers[region, year]:04d}"
        # Deliberated at one of six sessions a year; a session not yet held leaves drafts.
        session = self.ri(1, 6)
        held_on = datetime.date(year, session * 2, self.ri(18, 28))
        created = min(self.at(datetime.date(year, 1, self.ri(5, 28))), self.now - DAY)
        topic = self.row(
            m.OversightTopic,
            created,
            created,
            code,
            year,
            v.TOPIC_FORM_TITLES[form].format(subject),
            form,
            depts[office],
            self.pick("sentences"),
            rng.random() < 0.92,
        )
        started = held_on - self.ri(30, 100) * DAY
        inspection = self.row(
            m.Inspection,
            created,
            created,
            topic,
            f"{subject}工作情况视察调查",
            "inspection",
            started,
            started + self.ri(2, 6) * DAY,
            self.text("sentences", 2, 3),
        )
        lead_pool = [depts[s] for s in pool]
        for dept in rng.sample(lead_pool, min(len(lead_pool), self.ri(2, 4))):
            self.link(m.Inspection.departments_visited.field, inspection, dept)
        findings = []
        for number in range(1, self.ri(2, 5) + 1):
            finding = self.row(
                m.Finding,
                created,
                created,
                f"{code}-P{number}",
                topic,
                inspection,
                number,
                self.pick("finding_categories"),
                self.pick("finding_titles"),
                self.pick("sentences"),
            )
            findings.append(finding)
            for dept in rng.sample(lead_pool, self.ri(1, 2)):
                self.link(m.Finding.departments.field, finding, dept)
        meeting = self.meeting(region, year, session, held_on)
        self.link(m.Meeting.topics.field, meeting, topic)
        remarks = []
        for order in range(1, self.ri(2, 3) + 1):
            speaker = rng.choice(v.SURNAMES) + "".join(rng.sample(v.GIVEN, 2))
            remarks.append(
                self.row(
                    m.Remark, created, created, meeting, topic, speaker, None, order, self.pick("remarks")
                )
            )
        indicators = [
            self.row(m.Indicator, created, created, topic, name, unit, direction, "")
            for name, unit, direction in rng.sample(self.words["indicators"], self.ri(3, 5))
        ]
        ctx = {
            "region": region,
            "topic": topic,
            "code": code,
            "held_on": held_on,
            "lead_pool": lead_pool,
            "all_depts": list(depts.values()),
            "findings": findings,
            "remarks": remarks,
            "indicators": indicators,
            "staff": self.staff[region],
            "closed": [],
        }
        for number in range(1, count + 1):
            self.make_recommendation(ctx, number)
        if ctx["closed"]:
            self.evaluation(ctx, min(ctx["closed"]))
        return count

    def meeting(self, region, year, session, held_on):
        meetings, key = self.meetings, (region, year, session)
        if key not in meetings:
            created = self.at(held_on - 10 * DAY)
            meetings[key] = self.row(
                m.Meeting,
                created,
                created,
                f"{self.regions[region]}人大常委会{year}年第{session}次会议",
                "standing_committee",
                held_on,
            )
        return meetings[key]

    def evaluation(self, ctx, first_closed):
        entitled = self.ri(35, 55)
        satisfied = self.ri(entitled // 2 + 1, entitled - 4)
        basically = self.ri(0, entitled - satisfied - 3)
        unsatisfied = self.ri(0, 2)
        held = first_closed - self.ri(1, 5) * DAY
        self.row(
            Evaluation,
            held,
            held,
            ctx["topic"],
            None,
            None,
            1,
            "in_session",
            entitled,
            satisfied,
            basically,
            unsatisfied,
            entitled - satisfied - basically - unsatisfied,
            "satisfied",
            self.local_date(held),
            None,
            None,
        )

    # --- a recommendation and its timeline -------------------------------------------------

    def plan(self, issue_day):
        """The planned status path of a recommendation issued on `issue_day`."""
        rng, age = self.rng, (self.today - issue_day).days
        roll = rng.random()
        if age < 20:
            return "in_progress" if roll < 0.4 else "issued"
        if age < 150:
            return "closed" if roll < 0.2 else "reported" if roll < 0.45 else "in_progress"
        if roll < 0.03:
            return "issued"  # never started: overdue
        if roll < 0.11:
            return "in_progress"  # stuck: overdue
        if roll < 0.15:
            return "reported"
        if roll < 0.17:
            return "reopened"
        return "returned" if roll < 0.32 else "closed"

    def make_recommendation(self, ctx, number):
        rng = self.rng
        created_day = min(ctx["held_on"] + self.ri(3, 20) * DAY, self.today)
        created = min(self.at(created_day), self.now)
        issue_day = created_day + self.ri(2, 15) * DAY
        staff = ctx["staff"]
        events = []  # (from, to, at, note)
        reported_first = None
        if issue_day < self.today and rng.random() > 0.02:
            path = self.plan(issue_day)
            t = self.at(issue_day)
            steps = [(RS.DRAFT, RS.ISSUED, t, "印发政府及相关部门研究处理")]
            if path != "issued":
                t += self.ri(1, 10) * DAY
                steps.append((RS.ISSUED, RS.IN_PROGRESS, t, ""))
            if path in ("reported", "closed", "returned", "reopened"):
                t += self.ri(45, 120) * DAY
                steps.append((RS.IN_PROGRESS, RS.REPORTED, t, ""))
            if path == "returned":
                t += self.ri(10, 30) * DAY
                steps.append((RS.REPORTED, RS.IN_PROGRESS, t, "满意度测评不满意,重新办理"))
                t += self.ri(30, 60) * DAY
                steps.append((RS.IN_PROGRESS, RS.REPORTED, t, ""))
            if path in ("closed", "returned", "reopened"):
                t += self.ri(10, 45) * DAY
                steps.append((RS.REPORTED, RS.CLOSED, t, rng.choice(v.CLOSE_NOTES)))
            if path == "reopened":
                t += self.ri(180, 400) * DAY
                steps.append((RS.CLOSED, RS.IN_PROGRESS, t, rng.choice(v.REOPEN_NOTES)))
            # A step not yet due has not happened: the status stops at the last one that has.
            events = [step for step in steps if step[2] <= self.now]
            reported_first = next((s[2] for s in events if s[1] == RS.REPORTED), None)
        status = events[-1][1] if events else RS.DRAFT
        issued_at = events[0][2] if events else None
        closed_at = events[-1][2] if status == RS.CLOSED else None
        verdict = ""
        if status == RS.CLOSED:
            roll = rng.random()
            verdict = (
                "implemented"
                if roll < 0.65
                else "partially_implemented"
                if roll < 0.93
                else "not_implemented"
            )
        # The same lifecycle rules as every other entry point (moves, notes, verdict, dates).
        plan_recommendation_moves(
            RS.DRAFT,
            [
                Move(
                    to,
                    at,
                    note=note,
                    # An earlier closure (since reopened) kept no verdict on the row.
                    verdict=(verdict or "partially_implemented") if to == RS.CLOSED else "",
                    new_cycle=(frm, to) in NEW_CYCLE_MOVES,
                )
                for frm, to, at, note in events
            ],
            now=self.now,
        )
        cycle = 1 + sum(1 for e in events if e[1] == RS.IN_PROGRESS and e[0] != RS.ISSUED)
        due_original = issue_day + self.ri(60, 90) * DAY if issued_at else None
        revised = due_original + 30 * DAY if due_original and rng.random() < 0.1 else None
        if status in (RS.DRAFT, RS.ISSUED):
            response, responded_on = "pending", None
        else:
            roll = rng.random()
            response = "accepted" if roll < 0.85 else "partially_accepted" if roll < 0.97 else "not_accepted"
            # The government states its position in its handling report.
            responded_on = timezone.localdate(reported_first) if reported_first else None
        updated = events[-1][2] if events else created
        code = f"{ctx['code']}-{number:02d}"
        rec = self.row(
            m.Recommendation,
            created,
            updated,
            code,
            ctx["topic"],
            number,
            self.pick("rec_titles"),
            self.text("rec_bodies", 1, 3),
            rng.random() < 0.05,
            status != RS.DRAFT and rng.random() < 0.95,
            status,
            response,
            responded_on,
            verdict,
            cycle,
            due_original,
            revised,
            issued_at,
            closed_at,
        )
        for finding in rng.sample(ctx["findings"], self.ri(1, min(2, len(ctx["findings"])))):
            self.link(m.Recommendation.findings.field, rec, finding)
        if rng.random() < 0.6:
            self.link(m.Recommendation.remarks.field, rec, rng.choice(ctx["remarks"]))
        for frm, to, at, note in events:
            # The issue and re-handling notes are meant for the public; reasons stay internal.
            public = (frm, to) in {(RS.DRAFT, RS.ISSUED), (RS.REPORTED, RS.IN_PROGRESS)}
            internal, published = ("", note) if public else (note, "")
            self.status_event(rec, None, "recommendation", frm, to, staff, at, internal, published)
        if closed_at:
            ctx["closed"].append(closed_at)
        if issued_at:
            # Tasks are assigned once handling is under way; reports end when the first handling
            # report went in, or run to today.
            work_end = reported_first or self.now
            complete = status in (RS.REPORTED, RS.CLOSED) or reported_first is not None
            for task_number in range(1, self.ri(2, 5) + 1):
                self.make_task(ctx, rec, task_number, issue_day, work_end, complete, status)

    def make_task(self, ctx, rec, number, issue_day, work_end, complete, rec_status):
        rng = self.rng
        assigned_on = min(issue_day + self.ri(0, 7) * DAY, self.today)
        assigned = min(self.at(assigned_on), self.now)
        due_original = assigned_on + self.ri(45, 90) * DAY
        due_date = due_original + 30 * DAY if rng.random() < 0.1 else due_original
        lead = rng.choice(ctx["lead_pool"])
        others = [d for d in ctx["all_depts"] if d != lead]
        co = rng.sample(others, rng.choice((0, 1, 1, 2, 2, 3)))
        task_table = self.t[m.Task]
        task = task_table.next_id  # the id task_table.add() below will give; reports refer to it
        for dept in co:
            self.link(m.Task.co_departments.field, task, dept)
        claimed = verified = verifier = None
        if rec_status == RS.ISSUED:
            reports = 0
        elif complete:
            reports = self.ri(1, 4)
        else:
            reports = rng.choice((0, 1, 1, 2, 3))
        # Finished in time for the handling report, or (still in progress) four in ten are.
        finishes = complete or rng.random() < 0.4
        span = max((work_end - assigned).total_seconds(), 86400)
        last_update = assigned
        for index in range(reports):
            final = finishes and index == reports - 1
            dept = lead if final or not co or rng.random() < 0.6 else rng.choice(co)
            moment = assigned + datetime.timedelta(seconds=span * (index + 1) / (reports + 1))
            submit = max(self.at(self.local_date(moment)), assigned)
            # Staff review within weeks: only recent reports (and a few finals of reported
            # recommendations) still wait in the review queue.
            reviewed = rec_status == RS.CLOSED or (self.now - submit).days > 30
            accept = reviewed or rng.random() < (0.7 if final else 0.5)
            # The latest report of unfinished work is sometimes still a draft.
            draft = not finishes and index == reports - 1 and rng.random() < 0.2
            outcome = self.make_report(ctx, rec, task, dept, submit, final, accept, draft)
            if final and outcome["submitted"]:
                claimed = outcome["submitted"]
                if outcome["accepted"]:
                    verified, verifier = outcome["accepted"], ctx["staff"]
            last_update = max(last_update, outcome["last"])
        task_table.add(
            assigned,
            last_update,
            rec,
            number,
            self.pick("task_titles"),
            self.pick("task_descriptions"),
            lead,
            assigned_on,
            due_original,
            due_date,
            claimed,
            verified,
            verifier,
        )

    def make_report(self, ctx, rec, task, dept, submit, final, accept, draft):
        """A report with its submit/return/resubmit/accept events, cut off at now."""
        rng = self.rng
        liaison = self.liaisons[dept]
        created = submit - self.ri(1, 3) * DAY
        steps = [(PS.DRAFT, PS.SUBMITTED, submit, liaison, "")]
        t = submit
        if rng.random() < 0.12:
            t += self.ri(2, 5) * DAY
            steps.append((PS.SUBMITTED, PS.RETURNED, t, ctx["staff"], rng.choice(v.RETURN_NOTES)))
            t += self.ri(3, 10) * DAY
            steps.append((PS.RETURNED, PS.SUBMITTED, t, liaison, ""))
        if accept:
            t += self.ri(1, 7) * DAY
            steps.append((PS.SUBMITTED, PS.ACCEPTED, t, ctx["staff"], ""))
        steps = [s for s in steps if s[2] <= self.now and not draft]
        plan_report_moves(
            PS.DRAFT,
            [Move(to, at, note=note) for _frm, to, at, _actor, note in steps],
            now=self.now,
        )
        created = min(created, self.now)
        status = steps[-1][1] if steps else PS.DRAFT
        submitted = max((s[2] for s in steps if s[1] == PS.SUBMITTED), default=None)
        accepted = next((s[2] for s in steps if s[1] == PS.ACCEPTED), None)
        last = steps[-1][2] if steps else created
        report = self.row(
            m.ProgressReport,
            created,
            last,
            task,
            dept,
            self.text("narratives", 1, 2),
            final,
            status,
            submitted,
            accepted,
            None,  # no draft waits with a date to be sent on
            liaison,
        )
        for frm, to, at, actor, note in steps:
            self.status_event(rec, report, "report", frm, to, actor, at, note, "")
        if submitted:
            self.measurements(ctx, report, created, self.local_date(submitted))
        return {"submitted": submitted if status != PS.RETURNED else None, "accepted": accepted, "last": last}

    def measurements(self, ctx, report, created, period_end):
        rng = self.rng
        count = rng.choices((0, 1, 2, 3), weights=(35, 35, 20, 10))[0]
        period_start = datetime.date(period_end.year, 1, 1)
        label = f"{period_end.year}年1月至{period_end.month}月"
        for indicator in rng.sample(ctx["indicators"], min(count, len(ctx["indicators"]))):
            kind = rng.random()
            change = Decimal(self.ri(-4000, 4000)).scaleb(-2) if kind < 0.7 else None
            value = baseline = None
            if kind >= 0.5:
                value = Decimal(self.ri(10, 10000))
                baseline = Decimal(self.ri(10, 10000)) if kind >= 0.8 else None
            self.row(
                m.Measurement,
                created,
                created,
                indicator,
                report,
                value,
                rng.random() < 0.1,
                baseline,
                change,
                period_start,
                period_end,
                label,
                "",
            )
