"""Import speed: 10,000 recommendation rows through `import_oversight`'s service, beside a plain
bulk_create of the same rows, in the same run on a throw-away test database.

    .venv/bin/python benchmarks/import_benchmark.py [--rows 10000] [--repeat 3]

Prints the median time of each and their ratio (the aim is at most 3x). The import's time
includes reading the CSV, checking every cell and natural key, and the history triggers; the
floor is bulk_create of already-built model instances (its triggers fire too)."""

import argparse
import csv
import datetime
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight.settings.test")

import django  # noqa: E402

django.setup()

import pgtrigger  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

HEADERS = ["code", "topic", "number", "title", "content", "is_priority", "response_due_original"]


def make_rows(count, prefix):
    return [
        [
            f"{prefix}-{n:05d}",
            "BENCH",
            n,
            f"审议意见{n}",
            "强化技术反制,全面提升打击能力。" * 4,
            n % 2,
            "2022-07-31",
        ]
        for n in range(1, count + 1)
    ]


def csv_bytes(rows, headers=HEADERS):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode()


def wipe():
    from recommendations.models import Recommendation

    with pgtrigger.ignore("recommendations.StatusEvent:status_event_append_only"):
        Recommendation.objects.filter(topic__code="BENCH").delete()


def time_import(data, actor):
    from exchange.files import read_file
    from exchange.importer import oversight_import

    started = time.perf_counter()
    report = oversight_import(actor=actor, tables=read_file("recommendations.csv", data), dry_run=False)
    elapsed = time.perf_counter() - started
    if report.problems:
        raise SystemExit(f"import refused: {report.problems[:3]}")
    return elapsed


def time_bulk_create(rows, topic):
    from recommendations.models import Recommendation

    started = time.perf_counter()
    instances = [
        Recommendation(
            code=code,
            topic=topic,
            number=number,
            title=title,
            body=body,
            is_priority=bool(priority),
            response_due_original=datetime.date.fromisoformat(due),
        )
        for code, _topic, number, title, body, priority, due in rows
    ]
    with transaction.atomic():
        Recommendation.objects.bulk_create(instances, batch_size=1000)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    print("Creating a throw-away test database (runs the migrations)...", flush=True)
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from accounts.models import User
        from recommendations import services

        staff = User.objects.create(username="bench-staff", is_committee_staff=True)
        office = services.department_create(actor=staff, code="bench-office", name="基准测试委室")
        topic = services.topic_create(
            actor=staff,
            code="BENCH",
            year=2022,
            title="基准测试",
            form="work_report",
            responsible_office=office,
        )
        rows = make_rows(args.rows, "B")
        data = csv_bytes(rows)
        issued = csv_bytes([[*row, "issued"] for row in rows], [*HEADERS, "progress"])

        imports, floors, issued_imports = [], [], []
        for _ in range(args.repeat):
            floors.append(time_bulk_create(rows, topic))
            wipe()
            imports.append(time_import(data, staff))
            wipe()
            issued_imports.append(time_import(issued, staff))
            wipe()

        floor, imported, with_events = (statistics.median(x) for x in (floors, imports, issued_imports))
        print(f"rows: {args.rows}, repeats: {args.repeat} (medians)")
        print(f"plain bulk_create:                  {floor:7.3f} s")
        print(f"import_oversight (drafts):          {imported:7.3f} s   ratio {imported / floor:4.2f}x")
        print(
            f"import_oversight (issued + events): {with_events:7.3f} s   ratio {with_events / floor:4.2f}x"
            "  (also writes one StatusEvent per row)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
