"""Annual report at scale: seconds and peak memory to build and render the annual follow-up
report (DOCX and PDF) over generated data, on a throw-away test database per size.

    .venv/bin/python benchmarks/annual_report.py [--recommendations 1000 100000]

For each size: a fresh test database, `scale.generator.generate(N)` (the data of
`generate_scale_data`), then the report of the year with the most recommendations, as the
worker builds it. Prints the generation time, then for the report: seconds to gather the
figures and draw the charts, to render DOCX, to render PDF, their total, the Python heap's peak
(tracemalloc) and the process's peak resident size. Not a test: nothing is asserted."""

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import translation  # noqa: E402


def measure(count):
    from documents import papers
    from documents.paper import render_docx, render_pdf
    from recommendations.models import Recommendation
    from scale.generator import generate

    started = time.perf_counter()
    generate(count, seed=0)
    print(f"generated {count} recommendations in {time.perf_counter() - started:.1f} s", flush=True)
    busiest = (
        Recommendation.objects.values("topic__year")
        .annotate(n=Count("pk"))
        .order_by("-n", "-topic__year")
        .first()
    )
    year = busiest["topic__year"]
    tracemalloc.start()
    with translation.override("zh-hans"):
        t0 = time.perf_counter()
        paper = papers.annual_report(year)
        t1 = time.perf_counter()
        docx = render_docx(paper)
        t2 = time.perf_counter()
        pdf = render_pdf(paper)
        t3 = time.perf_counter()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"recommendations: {count}; year {year}: {busiest['n']} recommendations\n"
        f"  figures and charts {t1 - t0:7.2f} s\n"
        f"  DOCX               {t2 - t1:7.2f} s   {len(docx) / 1024:,.0f} KiB\n"
        f"  PDF                {t3 - t2:7.2f} s   {len(pdf) / 1024:,.0f} KiB\n"
        f"  total              {t3 - t0:7.2f} s\n"
        f"  peak Python heap   {peak / 2**20:7.1f} MiB (tracemalloc)\n"
        f"  peak resident      {rss_mb:7.1f} MiB (whole process so far)",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--recommendations", type=int, nargs="+", default=[1_000, 100_000])
    args = parser.parse_args()
    setup_test_environment()
    for count in args.recommendations:
        old_name = connection.settings_dict["NAME"]
        print(f"Creating a throw-away test database for {count} recommendations...", flush=True)
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            measure(count)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
