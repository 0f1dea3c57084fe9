"""Production settings plus the benchmark's floor pages (benchmarks.urls). Used only by
benchmarks/run.py, which sets DJANGO_SETTINGS_MODULE=benchmarks.settings for gunicorn."""

from oversight.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"

# wrk sends every request from one address: the per-address limits would answer most of them
# 429 within a minute, and the benchmark measures pages, not refusals.
RATE_LIMITS_ENABLED = False
