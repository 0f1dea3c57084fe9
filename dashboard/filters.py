"""The dashboard's filters: the topics' year, the committee office responsible for the topic,
and a department (lead or co-department of a task). Each figure applies them to the rows it
counts, so the headline, every table and its CSV read the same selection."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from oversight.fields import NameOrCodeField
from recommendations.choices import DepartmentKind
from recommendations.models import Department, OversightTopic, Task

# Years a topic can plausibly have; anything else in the address is a typing error.
YEAR_RANGE = range(1949, 2200)


@dataclass(frozen=True)
class DashboardFilters:
    year: int | None = None
    office: Department | None = None
    department: Department | None = None

    @property
    def active(self):
        return any((self.year, self.office, self.department))

    def key(self):
        """What the cache keys carry: the same selection, the same key."""
        return ":".join(
            [
                str(self.year or ""),
                self.office.code if self.office else "",
                self.department.code if self.department else "",
            ]
        )

    def query(self):
        """The selection as URL parameters, for links that must keep it (CSV downloads)."""
        params = []
        if self.year:
            params.append(f"year={self.year}")
        if self.office:
            params.append(f"office={self.office.code}")
        if self.department:
            params.append(f"department={self.department.code}")
        return "&".join(params)

    def _topic_q(self, prefix):
        q = Q()
        if self.year:
            q &= Q(**{f"{prefix}year": self.year})
        if self.office:
            q &= Q(**{f"{prefix}responsible_office": self.office})
        return q

    def _has_department_task(self, recommendation_ref):
        tasks = Task.objects.filter(recommendation=OuterRef(recommendation_ref)).filter(
            Q(lead_department=self.department) | Q(co_departments=self.department)
        )
        return Exists(tasks)

    def recommendations(self, queryset):
        queryset = queryset.filter(self._topic_q("topic__"))
        if self.department:
            queryset = queryset.filter(self._has_department_task("pk"))
        return queryset

    def tasks(self, queryset):
        queryset = queryset.filter(self._topic_q("recommendation__topic__"))
        if self.department:
            queryset = queryset.filter(
                Q(lead_department=self.department)
                | Exists(
                    Task.co_departments.through.objects.filter(
                        task=OuterRef("pk"), department=self.department
                    )
                )
            )
        return queryset

    def evaluations(self, queryset):
        queryset = queryset.filter(self._topic_q("topic__"))
        if self.department:
            # An evaluation of one recommendation counts when the department worked on it; one of
            # a whole topic when the department worked on any of the topic's recommendations.
            works_on_topic = Task.objects.filter(recommendation__topic=OuterRef("topic")).filter(
                Q(lead_department=self.department) | Q(co_departments=self.department)
            )
            queryset = queryset.filter(
                Q(recommendation__isnull=False, recommendation__in=self.recommendations_of_department())
                | Q(recommendation__isnull=True) & Exists(works_on_topic)
            )
        return queryset

    def recommendations_of_department(self):
        return Task.objects.filter(
            Q(lead_department=self.department) | Q(co_departments=self.department)
        ).values("recommendation")

    def measurements(self, queryset):
        queryset = queryset.filter(self._topic_q("indicator__topic__"))
        if self.department:
            queryset = queryset.filter(report__department=self.department)
        return queryset


NO_FILTERS = DashboardFilters()


def parse_filters(params):
    """(filters, errors) from the query string. A value that names nothing is reported and
    left out, never guessed: the other filters still apply."""
    errors = []
    year = None
    raw_year = (params.get("year") or "").strip()
    if raw_year:
        if raw_year.isdigit() and int(raw_year) in YEAR_RANGE:
            year = int(raw_year)
        else:
            errors.append(_("“%(value)s” is not a year.") % {"value": raw_year[:20]})
    codes = {name: (params.get(name) or "").strip()[:200] for name in ("office", "department")}
    office = _department(codes["office"], Department.objects.filter(kind=DepartmentKind.COMMITTEE_OFFICE))
    if codes["office"] and office is None:
        errors.append(
            _("There is no committee office with the code “%(value)s”.") % {"value": codes["office"][:40]}
        )
    department = _department(codes["department"], Department.objects.all())
    if codes["department"] and department is None:
        errors.append(
            _("No department is called or has the code “%(value)s”.") % {"value": codes["department"][:40]}
        )
    return DashboardFilters(year=year, office=office, department=department), errors


def _department(text, queryset):
    """The department with this code (in any case), name or short name, or None."""
    if not text:
        return None
    try:
        return NameOrCodeField(queryset, kind="department", name_fields=("name", "short_name")).clean(text)
    except ValidationError:
        return None


def filter_choices():
    """The values each filter offers: years that have topics, committee offices responsible for
    a topic."""
    years = sorted(set(OversightTopic.objects.values_list("year", flat=True)), reverse=True)
    offices = list(
        Department.objects.filter(kind=DepartmentKind.COMMITTEE_OFFICE, topics__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("code", "name")
    )
    # Departments are typed by name with suggestions (there may be thousands), not listed here.
    return {"years": years, "offices": offices}
