"""Production: HTTPS only, hardened cookies and passwords. The process refuses to start with
DEBUG on, without a real SECRET_KEY or without DATABASE_URL (it never starts an embedded
database). `manage.py check --deploy` reports nothing (tests/security)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ADMIN_PATH, ALLOWED_HOSTS, DATABASE_URL, SECRET_KEY, env

if not DATABASE_URL:
    raise ImproperlyConfigured("Set DATABASE_URL to the PostgreSQL server in production.")
DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")
if SECRET_KEY == "dev-only-insecure-key" or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value (50+ characters) in production.")
if not ADMIN_PATH.endswith("/") or ADMIN_PATH.startswith("/"):
    raise ImproperlyConfigured("ADMIN_PATH must look like 'some-path/'.")

# Links in emails point at the site's address: SITE_URL, else the first allowed host (HTTPS).
SITE_URL = env("SITE_URL", default=f"https://{ALLOWED_HOSTS[0]}")

# Only HTTPS: redirect plain HTTP, tell browsers to insist on HTTPS for a year, and trust the
# proxy's X-Forwarded-Proto (the proxy must set it and strip any client-sent one).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Cookies: HTTPS only, not readable by scripts, not sent on cross-site requests.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions end after a working day, and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Argon2 for new and upgraded passwords; the others only verify old hashes (then re-hash).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
