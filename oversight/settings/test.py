import os
import tempfile

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, DATABASE_URL, DATABASES, database_config

if not DATABASE_URL:
    from oversight.embedded_db import embedded_database_url

    # A cluster of its own, apart from the development data, that may skip disk flushes: its
    # databases are thrown away after every run.
    DATABASES["default"] = database_config(embedded_database_url(BASE_DIR / ".pgdata-test", durable=False))
# A database per test run, so several runs on one server do not collide.
DATABASES["default"]["TEST"] = {"NAME": f"test_oversight_{os.getpid()}"}
DATABASES["default"]["CONN_MAX_AGE"] = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = False
# Each run has a private broker: an embedded Redis on this socket, started by the tests that
# need a worker (tests/reminders/conftest.py), so parallel runs never take each other's jobs.
# Until then, queuing fails over as it does with the broker down. The worker runs in-process,
# so results can stay in memory.
REDIS_URL = CELERY_BROKER_URL = f"redis+socket://{tempfile.gettempdir()}/oversight-test-{os.getpid()}.sock"
CELERY_RESULT_BACKEND = "cache+memory://"
# Rate limits count in this process; off unless a test turns them on (tests/security).
CACHES["rate_limits"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rate"}
RATE_LIMITS_ENABLED = False
