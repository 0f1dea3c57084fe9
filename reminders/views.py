"""`/healthz` for the load balancer and monitoring: is the database up, is the broker up."""

import logging

from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

from oversight.celery import app as celery_app

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2


def _database_up():
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = %s", [TIMEOUT_SECONDS * 1000])
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        logger.warning("Health check: database down", exc_info=True)
        return False


def _broker_up():
    transport_options = {"socket_connect_timeout": TIMEOUT_SECONDS, "socket_timeout": TIMEOUT_SECONDS}
    try:
        with Connection(
            celery_app.conf.broker_url, connect_timeout=TIMEOUT_SECONDS, transport_options=transport_options
        ) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=TIMEOUT_SECONDS)
            broker.default_channel.client.ping()
        return True
    except Exception:  # any failure to reach the broker is "down", whatever the transport raises
        logger.warning("Health check: broker down", exc_info=True)
        return False


@never_cache
def healthz(request):
    checks = {"database": _database_up(), "broker": _broker_up()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "fail", **{k: "up" if v else "down" for k, v in checks.items()}}
    return JsonResponse(body, status=200 if healthy else 503)
