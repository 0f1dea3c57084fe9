"""EXPLAIN (ANALYZE) every query of every benchmarked page, as the page really sends it.

    DATABASE_URL=postgresql://...oversight_scale... python -m benchmarks.explain [--page NAME ...]

Each page is requested once through Django's test client (dev settings, the database of
DATABASE_URL, usually one filled by generate_scale_data); its queries are captured and each
SELECT is run again under EXPLAIN (ANALYZE, BUFFERS). Prints per page the query count, the time
in SQL and the plans of the slowest queries (--plans N, default 2)."""

import argparse
import os
import re
import time

import django


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", action="append", help="Only these pages (by name); repeatable.")
    parser.add_argument("--plans", type=int, default=2, help="Plans shown per page (slowest first).")
    parser.add_argument("--search", default=None, help="The Chinese search term of the list page.")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight.settings.dev")
    django.setup()

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.pages import ensure_admin, pages, sample
    from congresses.models import forget_current_congress

    ensure_admin()
    s = sample(args.search)
    # The public pages serve the default congress: the one whose pages are explained.
    settings.DEFAULT_CONGRESS = s["congress"]
    forget_current_congress()
    for name, path, user_key in pages(s):
        if args.page and name not in args.page:
            continue
        client = Client(SERVER_NAME="127.0.0.1")
        if user_key:
            client.force_login(s[user_key])
        started = time.monotonic()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        seconds = time.monotonic() - started
        sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
        print(
            f"\n## {name}  {path}\nstatus {response.status_code}, {len(captured)} queries, "
            f"{sql_ms:.1f} ms in SQL, {seconds * 1000:.0f} ms in all, {len(response.content)} bytes"
        )
        timed = []
        for query in captured.captured_queries:
            sql = query["sql"]
            # A write under pghistory's context comes as "SELECT set_config(…); INSERT …":
            # EXPLAIN ANALYZE would run it again.
            if not sql.lstrip().upper().startswith("SELECT") or "django_session" in sql or ";" in sql:
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            execution = float(re.search(r"Execution Time: ([\d.]+)", plan).group(1))
            timed.append((execution, sql, plan))
        timed.sort(reverse=True)
        for execution, sql, plan in timed[: args.plans]:
            print(f"\n-- {execution:.1f} ms: {sql[:400]}\n{plan}")


if __name__ == "__main__":
    main()
