import os

from .base import *  # noqa: F403
from .base import DATABASES

# A database per test run, so several runs on one server do not collide.
DATABASES["default"]["TEST"] = {"NAME": f"test_oversight_{os.getpid()}"}
DATABASES["default"]["CONN_MAX_AGE"] = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = False
