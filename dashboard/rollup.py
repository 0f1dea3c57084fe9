"""The roll-up an upper congress reads of the congresses below it: per congress and in total,
the recommendations issued, open and closed, the closure rate by issuing year, overdue tasks by
congress and by lead department, and the satisfaction votes' results.

Only what those congresses have published counts (the publication rule of public/selectors.py:
never a draft, an unpublished recommendation, a report staff have not accepted), and every
query runs in the scope of the congresses below and no other. Each figure is one grouped query
over all of them, so the page costs the same number of queries however many congresses there
are; the totals are sums of the per-congress rows, never computed apart from them.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from congresses.models import Congress
from congresses.scoping import scope
from public.selectors import published_evaluations, published_recommendations, published_tasks
from recommendations.choices import EvaluationResult, Verdict
from recommendations.choices import RecommendationStatus as RS
from recommendations.selectors import overdue_recommendation_q

from . import selectors


def rate(part, whole):
    """part / whole in percent, one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"))


@dataclass
class Figures:
    """One congress's figures, or their sum over every congress below."""

    issued: int = 0
    open: int = 0
    closed: int = 0
    implemented: int = 0
    overdue: int = 0
    tasks_open: int = 0
    tasks_overdue: int = 0
    evaluations: int = 0
    evaluation_results: dict = field(default_factory=lambda: dict.fromkeys(EvaluationResult.values, 0))
    evaluations_pending: int = 0
    approving: int = 0
    disapproving: int = 0

    @property
    def closure_rate(self):
        return rate(self.closed, self.issued)

    @property
    def satisfaction_rate(self):
        return rate(self.approving, self.approving + self.disapproving)

    def add(self, other):
        for name in (
            "issued", "open", "closed", "implemented", "overdue", "tasks_open", "tasks_overdue",
            "evaluations", "evaluations_pending", "approving", "disapproving",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for result, count in other.evaluation_results.items():
            self.evaluation_results[result] += count


@dataclass
class YearRow:
    """A year's figures: each congress below that has some that year, and their sum."""

    year: int
    per_congress: list  # (congress, Figures), in the roll-up's order
    total: Figures


@dataclass
class Matrix:
    """Year rows laid out as a table: a row per congress that has figures in any of the years,
    a column per year (None where a congress has none that year), and the years' totals. A
    province's ninety congresses over ten years read as one screen this way, not nine hundred
    rows."""

    years: list
    rows: list  # (congress, [Figures or None, one per year])
    totals: list  # Figures, one per year

    @property
    def by_year(self):
        return list(zip(self.years, self.totals, strict=True))


def matrix(year_rows, below):
    years = [row.year for row in year_rows]
    cells = {congress.pk: [None] * len(years) for congress in below}
    for column, row in enumerate(year_rows):
        for congress, figures in row.per_congress:
            cells[congress.pk][column] = figures
    rows = [(congress, cells[congress.pk]) for congress in below if any(cells[congress.pk])]
    return Matrix(years=years, rows=rows, totals=[row.total for row in year_rows])


# The departments table lists this many, most overdue first: at province scale there are
# thousands of departments with tasks, and the ones to chase are the top of the list.
DEPARTMENTS_SHOWN = 30


@dataclass
class Rollup:
    congresses: list  # (congress, Figures), in order of level and name
    total: Figures
    cohorts: list  # YearRow of issued and closed by issuing year, oldest first
    departments: list  # (congress, row of selectors.overdue_tasks_by_department), most overdue first
    evaluation_years: list  # YearRow of the votes by the year they were held, oldest first

    @property
    def below(self):
        return [congress for congress, _figures in self.congresses]

    @property
    def cohort_matrix(self):
        return matrix(self.cohorts, self.below)

    @property
    def evaluation_matrix(self):
        return matrix(self.evaluation_years, self.below)

    @property
    def overdue_departments(self):
        """The departments with overdue tasks, most first."""
        return [(congress, row) for congress, row in self.departments if row["overdue"]]

    @property
    def departments_shown(self):
        return self.overdue_departments[:DEPARTMENTS_SHOWN]


def has_congresses_below(congress):
    """Whether the roll-up has anything to show for `congress` (its pages link to it then)."""
    return congress is not None and Congress.objects.filter(parent_id=congress.pk).exists()


def congresses_below(congress):
    """The congresses below `congress`, upper levels first, then by name."""
    below = congress.descendants()
    rank = {level: index for index, level in enumerate(Congress.LEVEL_RANK)}
    return sorted(below, key=lambda c: (rank.get(c.level, 99), c.name, c.pk))


def rollup(below, today=None):
    """The roll-up of the congresses `below` (a list of Congress), read in their scope only."""
    today = today or timezone.localdate()
    by_pk = {congress.pk: congress for congress in below}
    figures = {congress.pk: Figures() for congress in below}
    with scope(below):
        counts = (
            published_recommendations()
            .values("congress")
            .annotate(
                issued=Count("pk"),
                open=Count("pk", filter=Q(status__in=selectors.OPEN_AFTER_ISSUE)),
                closed=Count("pk", filter=Q(status=RS.CLOSED)),
                implemented=Count("pk", filter=Q(status=RS.CLOSED, verdict=Verdict.IMPLEMENTED)),
                overdue=Count("pk", filter=overdue_recommendation_q(today)),
            )
            .order_by()
        )
        for row in counts:
            congress_figures = figures[row.pop("congress")]
            for name, value in row.items():
                setattr(congress_figures, name, value)

        cohorts = list(
            selectors.closure_by_cohort("year", published_recommendations().order_by(), by=("congress",))
        )
        departments = list(
            selectors.overdue_tasks_by_department(
                today, published_tasks().order_by(), by=("lead_department__congress",)
            )
        )
        evaluations = list(
            selectors.evaluation_results(published_evaluations().order_by(), by=("topic__congress",))
        )

    for row in departments:
        congress_figures = figures[row["lead_department__congress"]]
        congress_figures.tasks_open += row["open"]
        congress_figures.tasks_overdue += row["overdue"]

    years = {}
    for row in evaluations:
        year_figures = years.setdefault(row["year"], {})
        one = year_figures[row["topic__congress"]] = Figures(
            evaluations=row["evaluations"],
            evaluations_pending=row["pending"],
            approving=row["approving"],
            disapproving=row["disapproving"],
        )
        for result in EvaluationResult.values:
            one.evaluation_results[result] = row[f"result_{result}"]
        figures[row["topic__congress"]].add(one)

    total = Figures()
    for congress_figures in figures.values():
        total.add(congress_figures)

    cohort_years = {}
    for row in cohorts:
        year = int(selectors.cohort_label(row["cohort"], "year"))
        one = Figures(issued=row["issued"], closed=row["closed"])
        cohort_years.setdefault(year, {})[row["congress"]] = one

    return Rollup(
        congresses=[(congress, figures[congress.pk]) for congress in below],
        total=total,
        cohorts=[_by_congress(year, rows, below) for year, rows in sorted(cohort_years.items())],
        departments=sorted(
            ((by_pk[row["lead_department__congress"]], row) for row in departments),
            key=lambda pair: (
                -pair[1]["overdue"],
                -pair[1]["open"],
                pair[0].name,
                pair[1]["lead_department__code"],
            ),
        ),
        evaluation_years=[_by_congress(year, rows, below) for year, rows in sorted(years.items())],
    )


def _by_congress(year, rows, below):
    total = Figures()
    per_congress = []
    for congress in below:
        if congress.pk in rows:
            per_congress.append((congress, rows[congress.pk]))
            total.add(rows[congress.pk])
    return YearRow(year=year, per_congress=per_congress, total=total)
