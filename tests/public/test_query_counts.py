"""Each public page reads a fixed number of queries, whatever the number of records."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations import services
from tests.factories import DepartmentFactory
from tests.public.conftest import at

pytestmark = pytest.mark.django_db

# Page: the most queries it may read (measured: the same numbers, as of this writing).
BUDGETS = {
    "/": 15,  # with an empty cache: see tests/performance/test_query_budgets.py
    # Record pages: two more for their public files and cited sources.
    "/topics/2022-fraud/": 12,
    # The lists' totals are cached (public.cache.CachedCountPaginator): with an empty cache,
    # the data version written (6) and the count read, computed and written (7).
    "/recommendations/": 14,
    "/recommendations/?q=强化&department=education&ordering=-code": 15,
    # Record pages whose content is cached for every reader (public.cache.cached_content): with
    # an empty cache, the title, the data version written, the content read, built and written.
    "/recommendations/2022-FRAUD-01/": 32,
    "/departments/": 1,
    "/departments/education/": 18,
}
PAGES = list(BUDGETS)


def add_many(world, count):
    """`count` more published recommendations on the topic, each with two tasks, and every
    other one with an accepted report carrying a measurement."""
    staff, topic = world.staff, world.topic
    indicator = topic.indicators.get(name="警情数")
    for n in range(count):
        rec = services.recommendation_create(
            actor=staff,
            topic=topic,
            code=f"2022-MANY-{n:03d}",
            number=100 + n,
            title=f"强化第{n}项工作",
            body="加强协同。",
            findings=list(topic.findings.all()),
            is_published=True,
        )
        services.recommendation_issue(
            actor=staff,
            recommendation=rec,
            response_due=datetime.date(2022, 9, 30),
            occurred_at=at(2022, 5, 10),
        )
        co = DepartmentFactory()
        for number, lead in ((1, world.education), (2, world.police)):
            task = services.task_create(
                actor=staff,
                recommendation=rec,
                number=number,
                title=f"任务{number}",
                lead_department=lead,
                co_departments=[co, world.education],
                assigned_on=datetime.date(2022, 5, 20),
                due_date=datetime.date(2022, 8, 31),
                occurred_at=at(2022, 5, 20),
            )
        if n % 2:
            report = services.report_create(
                actor=staff,
                task=task,
                department=world.police,
                narrative="已办理。",
                is_final=True,
                measurements=[{"indicator": indicator, "change_percent": Decimal("-3")}],
            )
            services.report_submit(actor=staff, report=report, occurred_at=at(2022, 8, 1))
            services.report_accept(actor=staff, report=report, occurred_at=at(2022, 8, 2))


def count_queries(client, url):
    caches["shared"].clear()  # the same cold path every time (home caches its figures)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_each_public_page_reads_the_same_number_of_queries_with_few_and_many_records(client, world, settings):
    # The pages' own queries: a visitor's second request is a cache hit of 2 queries
    # (test_page_cache.py).
    settings.PUBLIC_PAGE_CACHE = False
    few = {url: count_queries(client, url) for url in PAGES}
    assert {url: n for url, n in few.items() if n > BUDGETS[url]} == {}
    add_many(world, 30)
    many = {url: count_queries(client, url) for url in PAGES}
    assert many == few
