"""The pages measured by the benchmark, the EXPLAIN capture and the query-budget tests, and the
sample records and users their URLs need, found in a database filled by generate_scale_data."""

from urllib.parse import quote

from django.db.models import Count

from accounts.models import User
from recommendations.models import Recommendation

SEARCH = "技术反制"  # a Chinese search of the public list: four characters from the seed article


def sample(search=None):
    """Codes and users for the page URLs: the closed published recommendation with most tasks,
    the first region's police department (leads many tasks), a year with in-progress work, a
    search term that finds something, and a liaison, a member, staff and a superuser."""
    published = Recommendation.objects.filter(is_published=True, topic__is_published=True)
    rec = (
        # With a source remark, so the page shows (and prefetches) every kind of record.
        published.filter(status="closed", remarks__isnull=False)
        .annotate(n=Count("tasks", distinct=True))
        .order_by("-n", "code")
        .values_list("code", flat=True)
        .first()
    )
    year = (
        published.filter(status="in_progress").order_by("-topic__year").values_list("topic__year", flat=True)
    )
    if search is None:
        search = (
            SEARCH
            if published.filter(title__icontains=SEARCH).exists()
            else published.get(code=rec).title[:4]
        )
    liaisons = User.objects.filter(is_department_liaison=True, department__code__endswith="-police")
    liaison = liaisons.select_related("department").order_by("pk").first()
    return {
        "rec": rec,
        "department": liaison.department.code,
        "year": year.first(),
        "search": search,
        "liaison": liaison,
        "member": User.objects.filter(is_committee_member=True).order_by("pk").first(),
        "staff": User.objects.filter(is_committee_staff=True).order_by("pk").first(),
        "admin": User.objects.filter(is_superuser=True).order_by("pk").first(),
    }


def pages(s):
    """(name, path, user key or None): every main page, plus the stock admin changelist."""
    dept, year, q = s["department"], s["year"], quote(s["search"])
    return [
        ("home", "/", None),
        ("list", "/recommendations/", None),
        ("list filtered", f"/recommendations/?status=in_progress&year={year}&ordering=-issued", None),
        ("list dept+overdue", f"/recommendations/?department={dept}&overdue=true", None),
        ("list search", f"/recommendations/?q={q}", None),
        ("detail", f"/recommendations/{s['rec']}/", None),
        ("department", f"/departments/{dept}/", None),
        ("dashboard", "/dashboard/", "member"),
        ("portal inbox", "/portal/", "liaison"),
        ("review queue", "/review/", "staff"),
        ("api list", "/api/v1/recommendations/", None),
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
