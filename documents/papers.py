"""What each official paper says, from its record: the referral letter (交办函) sending a
topic's recommendations to the government, and the escalation notice (督办通知单) for an
overdue task. `documents.paper` lays them out; `documents.services` numbers and stores them."""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db.models import Max, Min, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congresses.models import current_congress
from dashboard import selectors as dashboard_selectors
from dashboard.filters import DashboardFilters
from dashboard.selectors import OPEN_AFTER_ISSUE
from dashboard.tables import BUILDERS
from recommendations.choices import RecommendationStatus, ReportStatus, Verdict
from recommendations.models import Indicator, Measurement, ProgressReport, Recommendation, Task
from recommendations.selectors import overdue_recommendation_q
from reminders.workdays import add_working_days

from .paper import Block, Paper, chinese_date, written_date

CHINESE_NUMERALS = "一二三四五六七八九十"
# Working days a department has to answer an escalation notice.
REPLY_WORKING_DAYS = 5


def ordinal(n):
    """一 … 九十九: the numbering of first-level headings (一、二、…)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, units = divmod(n, 10)
    return f"{CHINESE_NUMERALS[tens - 1] if tens > 1 else ''}十{CHINESE_NUMERALS[units - 1] if units else ''}"


def office_name(congress):
    """The issuing body of the office's papers: the standing committee's general office."""
    return f"{congress.name}办公室"


def sent_recommendations(topic):
    return topic.recommendations.exclude(status=RecommendationStatus.DRAFT).order_by("number")


def referral_letter(topic):
    """交办函: the recommendations of a topic, in full, to the government for consideration and
    action, with the deadline for its report. Dated the day they were issued."""
    recommendations = list(sent_recommendations(topic))
    if not recommendations:
        raise ValidationError(
            _("No recommendation of this topic has been issued yet: there is nothing to send.")
        )
    congress = current_congress()
    dates = topic.recommendations.exclude(status=RecommendationStatus.DRAFT).aggregate(
        issued=Max("issued_at"), first_due=Min("response_due_original")
    )
    issued_on = timezone.localdate(dates["issued"])
    dues = {r.due_date for r in recommendations}
    meeting = topic.meetings.order_by("-held_on").first()
    heard = (
        f"{chinese_date(meeting.held_on)}，{meeting.title}听取和审议了关于{topic.title}情况的报告。"
        if meeting
        else f"常委会对{topic.title}开展了监督。"
    )
    if len(dues) == 1 and None not in dues:
        deadline = f"并于{chinese_date(dues.pop())}前将研究处理情况书面报告{congress.short_name}。"
    else:
        deadline = f"并按各条所列期限将研究处理情况书面报告{congress.short_name}。"
    blocks = [
        Block("p", f"{heard}现将常委会组成人员的审议意见送交你们，请认真研究处理，{deadline}"),
        Block("p", f"附：{topic.title}审议意见（共{len(recommendations)}条）"),
    ]
    for index, recommendation in enumerate(recommendations, start=1):
        blocks.append(Block("h1", f"{ordinal(index)}、{recommendation.title}"))
        blocks += [Block("p", line.strip()) for line in recommendation.body.splitlines() if line.strip()]
        if len(dues) > 1 and recommendation.due_date:
            blocks.append(Block("p", f"（研究处理情况报送期限：{chinese_date(recommendation.due_date)}）"))
    blocks.append(Block("p", "特此函告。"))
    return Paper(
        issuer=office_name(congress),
        title=f"关于送交{topic.title}审议意见的函",
        addressee=congress.government_name,
        date=issued_on,
        blocks=blocks,
        signature=office_name(congress),
        printed_by=office_name(congress),
    )


def escalation_notice(task, today=None):
    """督办通知单 for an overdue task: the task, its lead and supporting departments, the
    deadline and the days overdue, what is asked, and a reply slip."""
    today = today or timezone.localdate()
    if not task.is_overdue:
        raise ValidationError(_("This task is not overdue: an escalation notice is only for overdue tasks."))
    congress = current_congress()
    recommendation = task.recommendation
    days_overdue = (today - task.due_date).days
    co = "、".join(d.name for d in task.co_departments.all()) or "无"
    reply_by = add_working_days(today, REPLY_WORKING_DAYS)
    blocks = [
        Block(
            "table",
            rows=[
                ["督办事项", f"{task.code}　{task.title}"],
                [
                    "所属审议意见",
                    f"{recommendation.code}　{recommendation.title}（{recommendation.topic.title}）",
                ],
                ["牵头单位", task.lead_department.name],
                ["配合单位", co],
                ["交办日期", chinese_date(task.assigned_on)],
                ["办理期限", chinese_date(task.due_date)],
                ["逾期天数", f"截至{chinese_date(today)}已逾期{days_overdue}天"],
            ],
        ),
        Block(
            "p",
            f"上述任务已超过办理期限。请{task.lead_department.name}会同配合单位抓紧办理，"
            f"并于{chinese_date(reply_by)}前填写回执，书面报告办理进展、逾期原因和办结时限。",
        ),
    ]
    # Below the signature, to be cut off and sent back.
    slip = [
        Block("cut", "回　执"),
        Block(
            "table",
            rows=[
                ["文号", "{number}"],
                ["承办单位", task.lead_department.name],
                ["办理进展", ""],
                ["逾期原因", ""],
                ["预计办结日期", ""],
                ["联系人及电话", ""],
                ["单位负责人（签字、盖章）", ""],
            ],
        ),
    ]
    return Paper(
        issuer=office_name(congress),
        title="督办通知单",
        addressee=task.lead_department.name,
        date=today,
        blocks=blocks,
        signature=office_name(congress),
        slip=slip,
        printed_by=office_name(congress),
    )


def with_number(paper, number):
    """The paper with its document number, also where a block refers to it (the reply slip)."""
    paper.number = number
    for block in [*paper.blocks, *paper.slip]:
        block.rows = [[cell.replace("{number}", number) for cell in row] for row in block.rows]
    return paper


def _number_heading(index, text, language):
    return f"{ordinal(index)}、{text}" if language.startswith("zh") else f"{index}. {text}"


def _date_text(day, language):
    return written_date(day, language) if day else "—"


def handling_report(topic, today=None):
    """审议意见办理情况报告 for the committee session, in the active language: each issued
    recommendation with the government's response, its tasks, the reports staff accepted, its
    evaluations and verdict; then the topic's indicators and evaluations."""
    language = translation.get_language() or "zh-hans"
    today = today or timezone.localdate()
    congress = current_congress()
    recommendations = list(
        sent_recommendations(topic).prefetch_related(
            Prefetch(
                "tasks",
                queryset=Task.objects.select_related("lead_department")
                .prefetch_related(
                    "co_departments",
                    Prefetch(
                        "reports",
                        queryset=ProgressReport.objects.filter(status=ReportStatus.ACCEPTED)
                        .select_related("department")
                        .order_by("accepted_at"),
                        to_attr="accepted_reports",
                    ),
                )
                .order_by("number"),
            ),
        )
    )
    if not recommendations:
        raise ValidationError(
            _("No recommendation of this topic has been issued yet: there is nothing to report.")
        )
    closed = [r for r in recommendations if r.status == RecommendationStatus.CLOSED]
    verdicts = Counter(r.verdict for r in closed)
    tasks = [task for r in recommendations for task in r.tasks.all()]
    blocks = [
        Block(
            "p",
            _(
                "The standing committee sent %(count)s recommendations on %(topic)s to the government. "
                "%(closed)s are closed: %(implemented)s implemented, %(partly)s partially implemented, "
                "%(not)s not implemented. Of %(tasks)s tasks, %(verified)s have been verified as done."
            )
            % {
                "count": len(recommendations),
                "topic": topic.title,
                "closed": len(closed),
                "implemented": verdicts[Verdict.IMPLEMENTED],
                "partly": verdicts[Verdict.PARTIALLY_IMPLEMENTED],
                "not": verdicts[Verdict.NOT_IMPLEMENTED],
                "tasks": len(tasks),
                "verified": sum(1 for task in tasks if task.verified_at),
            },
        )
    ]
    for index, recommendation in enumerate(recommendations, start=1):
        blocks.append(Block("h1", _number_heading(index, recommendation.title, language)))
        blocks.append(Block("p", recommendation.body.replace("\n", " ")))
        facts = _("Status: %(status)s. Government response: %(response)s. Handling report due: %(due)s.") % {
            "status": recommendation.get_status_display(),
            "response": recommendation.get_government_response_display(),
            "due": _date_text(recommendation.due_date, language),
        }
        if recommendation.verdict:
            facts += " " + _("Verdict: %(verdict)s.") % {"verdict": recommendation.get_verdict_display()}
        blocks.append(Block("p", facts))
        if recommendation.tasks.all():
            header = [_("Task"), _("Lead department"), _("Supporting departments")]
            header += [_("Due"), _("Verified on")]
            rows = [
                [
                    f"{task.code} {task.title}",
                    task.lead_department.name,
                    "、".join(d.name for d in task.co_departments.all()) or "—",
                    _date_text(task.due_date, language),
                    _date_text(task.verified_at and timezone.localdate(task.verified_at), language),
                ]
                for task in recommendation.tasks.all()
            ]
            blocks.append(Block("table", rows=[header, *rows]))
        for task in recommendation.tasks.all():
            for report in task.accepted_reports:
                blocks.append(
                    Block(
                        "p",
                        _("%(department)s reported (accepted %(date)s): %(narrative)s")
                        % {
                            "department": report.department.name,
                            "date": _date_text(timezone.localdate(report.accepted_at), language),
                            "narrative": report.narrative.replace("\n", " "),
                        },
                    )
                )
    indicators = list(
        Indicator.objects.filter(topic=topic).prefetch_related(
            Prefetch(
                "measurements",
                queryset=Measurement.objects.filter(
                    Q(report__isnull=True) | Q(report__status=ReportStatus.ACCEPTED)
                ).order_by("period_end", "pk"),
            )
        )
    )
    if indicators:
        blocks.append(Block("h1", _number_heading(len(recommendations) + 1, _("Indicators"), language)))
        header = [
            _("Indicator"),
            _("Unit of measure"),
            _("Good direction"),
            _("Latest figure"),
            _("Change (%)"),
        ]
        rows = []
        for indicator in indicators:
            latest = list(indicator.measurements.all())[-1:] or [None]
            figure = latest[0]
            rows.append(
                [
                    indicator.name,
                    indicator.unit or "—",
                    indicator.get_direction_display(),
                    _plain(figure.value) if figure and figure.value is not None else "—",
                    _plain(figure.change_percent) if figure and figure.change_percent is not None else "—",
                ]
            )
        blocks.append(Block("table", rows=[header, *rows]))
    evaluations = list(topic.evaluations.select_related("recommendation").order_by("cycle", "pk"))
    if evaluations:
        heading = _number_heading(
            len(recommendations) + 1 + bool(indicators), _("Satisfaction votes"), language
        )
        blocks.append(Block("h1", heading))
        header = [
            _("Recommendation"),
            _("Handling cycle"),
            _("Satisfied"),
            _("Largely satisfied"),
            _("Not satisfied"),
            _("Abstained"),
            _("Result"),
        ]
        rows = [
            [
                evaluation.recommendation.code if evaluation.recommendation else _("The whole topic"),
                evaluation.cycle,
                evaluation.satisfied,
                evaluation.basically_satisfied,
                evaluation.unsatisfied,
                evaluation.abstained,
                evaluation.get_result_display() or _("Voting still open"),
            ]
            for evaluation in evaluations
        ]
        blocks.append(Block("table", rows=[header, *rows]))
    return Paper(
        issuer=office_name(congress),
        title=_("Report on the handling of the recommendations on %(topic)s") % {"topic": topic.title},
        addressee=congress.short_name,
        date=today,
        blocks=blocks,
        signature=office_name(congress),
        printed_by=office_name(congress),
        language=language,
    )


def _plain(number):
    """A decimal as written in a report: no trailing zeros."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# How many overdue and priority recommendations the annual report lists by name; it counts all.
LISTED = 50


class _NoQuery:
    """The dashboard's table builders read the cohort period from the request: by year."""

    GET = {}


def annual_report_steps():
    return len(TABLE_KEYS) + 2


TABLE_KEYS = ("cohorts", "overdue", "evaluations", "indicators")


def annual_report(year, progress=lambda step: None, today=None):
    """年度跟踪报告: the dashboard for the topics of `year` (its filter), with the same table
    builders, so its figures are the dashboard's; each table with its chart; then the overdue
    and the priority recommendations. `progress(n)` is called after each of its steps."""
    # matplotlib loads only in the process that draws (the worker), not in every web process.
    from .charts import table_chart

    language = translation.get_language() or "zh-hans"
    today = today or timezone.localdate()
    congress = current_congress()
    filters = DashboardFilters(year=year)
    recommendations = filters.recommendations(Recommendation.objects.all())
    figures = dashboard_selectors.headline(recommendations, today=today)
    blocks = [
        Block(
            "p",
            _(
                "Recommendations issued on the topics of %(year)s: %(issued)s; open: %(open)s; "
                "closed: %(closed)s; closure rate: %(rate)s%% (closed ÷ issued); overdue: "
                "%(overdue)s; open priority recommendations: %(priority)s."
            )
            % {
                "year": year,
                "issued": figures["issued"],
                "open": figures["open"],
                "closed": figures["closed"],
                "rate": figures["closure_rate"] if figures["closure_rate"] is not None else "—",
                "overdue": figures["overdue"],
                "priority": figures["priority"],
            },
        )
    ]
    progress(1)
    for position, key in enumerate(TABLE_KEYS, start=1):
        table = BUILDERS[key](_NoQuery, filters)
        blocks.append(Block("h1", _number_heading(position, str(table.title), language)))
        blocks.append(Block("p", str(table.description)))
        chart = table_chart(table)
        if chart:
            blocks.append(Block("image", str(table.title), image=chart))
        rows = table.rows[: table.page_limit] if table.page_limit else table.rows
        if rows:
            header = [str(column) for column in table.columns]
            blocks.append(
                Block("table", rows=[header, *[["—" if c is None else str(c) for c in row] for row in rows]])
            )
            if table.cut:
                blocks.append(
                    Block(
                        "p",
                        _("The first %(shown)s of %(total)s rows.")
                        % {"shown": len(rows), "total": len(table.rows)},
                    )
                )
        else:
            blocks.append(Block("p", _("None.")))
        progress(1 + position)
    lists = [
        (_("Overdue recommendations"), recommendations.filter(overdue_recommendation_q(today))),
        (
            _("Open priority recommendations"),
            recommendations.filter(status__in=OPEN_AFTER_ISSUE, is_priority=True),
        ),
    ]
    for offset, (title, queryset) in enumerate(lists, start=len(TABLE_KEYS) + 1):
        blocks.append(Block("h1", _number_heading(offset, title, language)))
        total = queryset.count()
        listed = list(
            queryset.select_related("topic").order_by(
                Coalesce("response_due", "response_due_original"), "code"
            )[:LISTED]
        )
        if not listed:
            blocks.append(Block("p", _("None.")))
            continue
        header = [_("Code"), _("Recommendation"), _("Topic"), _("Handling report due")]
        rows = [[r.code, r.title, r.topic.title, _date_text(r.due_date, language)] for r in listed]
        blocks.append(Block("table", rows=[header, *rows]))
        if total > len(listed):
            blocks.append(
                Block(
                    "p", _("The first %(shown)s of %(total)s rows.") % {"shown": len(listed), "total": total}
                )
            )
    progress(annual_report_steps())
    return Paper(
        issuer=office_name(congress),
        title=_("Annual follow-up report on recommendations, %(year)s") % {"year": year},
        addressee=congress.short_name,
        date=today,
        blocks=blocks,
        signature=office_name(congress),
        printed_by=office_name(congress),
        language=language,
    )
