"""Production settings, loaded in a fresh process as a server would load them: the deploy
checks pass, the hardening is in force, and the process refuses to start when misconfigured."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SETTINGS = "oversight.settings.production"

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse, Resolver404

def refused(password):
    try:
        validate_password(password)
    except ValidationError:
        return True
    return False

try:
    resolve("/admin/")
    old_admin_path_open = True
except Resolver404:
    old_admin_path_open = False
print(json.dumps({
    "hash": make_password("correct horse battery staple"),
    "refuses_short": refused("Zq8!xw"),
    "refuses_common": refused("password1234"),
    "refuses_numeric": refused("349817265093"),
    "accepts_long": not refused("lantern-orchid-velvet-93"),
    "admin_url": reverse("admin:index"),
    "old_admin_path_open": old_admin_path_open,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "session_cookie_age": settings.SESSION_COOKIE_AGE,
    "expire_at_browser_close": settings.SESSION_EXPIRE_AT_BROWSER_CLOSE,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "csp": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"],
    "axes_backend_first": settings.AUTHENTICATION_BACKENDS[0],
}))
"""


def run(args, **env_overrides):
    # tests/conftest.py sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a server never has it.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "oversight.example.org",
        # Nothing here connects; a server address keeps the embedded one from starting.
        "DATABASE_URL": "postgres://oversight@127.0.0.1:1/oversight",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "DEBUG": "off",
        "LOG_LEVEL": "WARNING",
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_checks_report_nothing_with_production_settings():
    result = run(["manage.py", "check", "--deploy"])
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DEBUG": "on"}, "DEBUG must be off in production"),
        ({"SECRET_KEY": "dev-only-insecure-key"}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 50}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "short-but-random-7f3a"}, "Set SECRET_KEY"),
    ],
    ids=["debug-on", "default-key", "django-insecure-key", "short-key"],
)
def test_production_refuses_to_start_when_misconfigured(env, message):
    result = run(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": SETTINGS, "DATABASE_URL": "postgres://x@127.0.0.1:1/x"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "Set SECRET_KEY" in result.stderr


def test_production_hardening_is_in_force_and_the_admin_path_moves():
    result = run(["-c", PROBE], ADMIN_PATH="gate-7f3a/")
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["hash"].startswith("argon2$")
    assert seen["refuses_short"] and seen["refuses_common"] and seen["refuses_numeric"]
    assert seen["accepts_long"]
    assert seen["admin_url"] == "/gate-7f3a/"
    assert not seen["old_admin_path_open"]
    assert seen["session_cookie_secure"] and seen["csrf_cookie_secure"] and seen["session_cookie_httponly"]
    assert 0 < seen["session_cookie_age"] <= 12 * 3600 and seen["expire_at_browser_close"]
    assert seen["hsts"] >= 31536000 and seen["ssl_redirect"]
    assert seen["csp"] == ["'self'"]
    assert seen["axes_backend_first"] == "axes.backends.AxesStandaloneBackend"


def test_production_serves_https_headers(tmp_path):
    """A request through the production middleware stack: plain HTTP is redirected, HTTPS
    answers carry HSTS, the CSP and secure cookies."""
    script = """
import django
django.setup()
from django.test import Client, override_settings
# The manifest of hashed static files comes from collectstatic at deploy time; these headers
# do not depend on it.
override_settings(STORAGES={
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}).enable()
plain = Client(HTTP_HOST="oversight.example.org").get("/accounts/login/")
print(plain.status_code, plain.headers.get("Location"))
secure = Client(HTTP_HOST="oversight.example.org").get("/accounts/login/", secure=True)
print(secure.status_code)
print(secure.headers.get("Strict-Transport-Security"))
print(secure.headers.get("Content-Security-Policy"))
cookie = secure.cookies["csrftoken"]
print(bool(cookie["secure"]), bool(cookie["httponly"]), cookie["samesite"])
"""
    # The login page renders without a database (anonymous user, no session yet).
    result = run(["-c", script])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()[-5:]
    assert lines[0].startswith("301 https://")
    assert lines[1] == "200"
    assert lines[2] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in lines[3] and "unsafe-inline" not in lines[3]
    assert lines[4] == "True True Lax"
