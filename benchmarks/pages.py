"""The pages measured by the benchmark, the EXPLAIN capture and the query-budget tests, and the
sample records and users their URLs need, found in a database filled by generate_scale_data.

The pages are one congress's: the first region's (a prefecture city, `gen-r001`), as its
visitors, liaisons, staff and members see them, plus the province's roll-up of every congress
below it. The public pages serve the platform's default congress, so whoever requests them
makes the sample's congress the default (`DEFAULT_CONGRESS`)."""

from urllib.parse import quote

from django.db.models import Case, Count, When

from accounts.models import User
from congresses.models import Congress, default_congress
from congresses.scoping import scope
from recommendations.choices import ReportStatus
from recommendations.models import Measurement, Recommendation, Remark, Task
from recommendations.selectors import overdue_recommendation_q
from scale.generator import PROVINCE_CODE, region_code

SEARCH = "技术反制"  # a Chinese search of the public list: four characters from the seed article
WORD = "反诈"  # a two-character Chinese word of the seed case, for the one search


def sample(search=None):
    """The sample of the first region's congress (else the default one's), its province's staff
    account (None without generated data) and a superuser; see `congress_sample`."""
    congress = Congress.objects.filter(code=region_code(0)).first() or default_congress()
    with scope(congress):
        found = congress_sample(congress, search)
    found["congress"] = congress.code
    found["province"] = User.objects.filter(username=f"{PROVINCE_CODE}-staff").first()
    found["admin"] = User.objects.filter(is_superuser=True).order_by("pk").first()
    return found


def congress_sample(congress, search=None):
    """Codes and users for the page URLs, chosen so that every page lists something (an empty
    list skips queries, which would blur the query budgets): the closed published recommendation
    with most tasks; the status and year of the latest open one (else any); the department
    leading a task of an overdue one (else the first region's police, with overdue=false); a
    search term that finds something; for the one search, a member's name (the speaker of a
    remark) and a figure (the value of an accepted report's measurement); a liaison with open
    tasks, a member and staff, all of `congress` (whose scope is open)."""
    published = Recommendation.objects.filter(is_published=True, topic__is_published=True)
    rec = (
        # With a source remark, so the page shows (and prefetches) every kind of record.
        published.filter(status="closed", remarks__isnull=False)
        .annotate(n=Count("tasks", distinct=True))
        .order_by("-n", "code")
        .values_list("code", flat=True)
        .first()
    )
    latest = published.order_by(Case(When(status="closed", then=1), default=0), "-issued_at", "pk")
    latest = latest.values("status", "topic__year").first()
    overdue = Task.objects.filter(recommendation__in=published.filter(overdue_recommendation_q()))
    overdue_lead = overdue.order_by("pk").values_list("lead_department__code", flat=True).first()
    if search is None:
        found = published.filter(title__icontains=SEARCH).exists()
        search = SEARCH if found else published.get(code=rec).title[:4]
    # A liaison with tasks still open, so the portal's default view lists some.
    open_leads = Task.objects.filter(verified_at__isnull=True).values("lead_department")
    people = User.objects.filter(congress=congress).order_by("pk")
    liaisons = people.filter(is_department_liaison=True)
    police = liaisons.filter(department__code__endswith="-police")
    liaison = (
        police.filter(department__in=open_leads).first()
        or liaisons.filter(department__in=open_leads).first()
        or police.first()
    )
    speaker = Remark.objects.filter(topic__is_published=True).order_by("pk").values_list("speaker_name")
    figure = (
        Measurement.objects.filter(report__status=ReportStatus.ACCEPTED, value__isnull=False)
        .order_by("pk")
        .values_list("value", flat=True)
        .first()
    )
    return {
        "rec": rec,
        "name": (speaker.first() or [None])[0],
        "number": f"{figure.normalize():f}" if figure is not None else "1",
        "department": overdue_lead or liaison.department.code,
        "overdue": "true" if overdue_lead else "false",
        "status": latest["status"],
        "year": latest["topic__year"],
        "search": search,
        "liaison": liaison,
        "member": people.filter(is_committee_member=True).first(),
        "staff": people.filter(is_committee_staff=True).first(),
    }


def pages(s):
    """(name, path, user key or None): every main page, the province's roll-up when there is a
    province, and the stock admin changelist."""
    dept, year, q = s["department"], s["year"], quote(s["search"])
    word, name, number = quote(WORD), quote(s["name"] or WORD), quote(s["number"])
    return [
        ("home", "/", None),
        ("list", "/recommendations/", None),
        ("list filtered", f"/recommendations/?status={s['status']}&year={year}&ordering=-issued", None),
        ("list dept+overdue", f"/recommendations/?department={dept}&overdue={s['overdue']}", None),
        ("list search", f"/recommendations/?q={q}", None),
        ("detail", f"/recommendations/{s['rec']}/", None),
        ("department", f"/departments/{dept}/", None),
        ("dashboard", "/dashboard/", "member"),
        # All of the liaison's tasks, the heaviest view (the default shows open ones only; a
        # small data set may have none, which would skip the list's queries).
        ("portal inbox", "/portal/?show=all", "liaison"),
        ("review queue", "/review/", "staff"),
        ("office home", "/office/", "staff"),
        ("office detail", f"/office/recommendations/{s['rec']}/", "staff"),
        # The one search as a liaison: signed in, and seeing published records and its own
        # department's, the widest visibility rule.
        ("search word", f"/search/?q={word}", "liaison"),
        ("search name", f"/search/?q={name}", "liaison"),
        ("search number", f"/search/?q={number}", "liaison"),
        ("api list", "/api/v1/recommendations/", None),
        *([("province roll-up", "/dashboard/below/", "province")] if s["province"] else []),
        ("admin changelist", "/admin/recommendations/recommendation/", "admin"),
    ]


def ensure_admin():
    """A superuser for the admin changelist (the generator makes none); no usable password,
    the benchmark signs in with a session it creates."""
    from accounts.services import user_create

    admin = User.objects.filter(username="bench-admin").first()
    if admin is None:
        admin = user_create(
            actor=None, username="bench-admin", password=None, is_staff=True, is_superuser=True
        )
    return admin
