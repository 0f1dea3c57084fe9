"""`/healthz` for the load balancer and monitoring (is the database up, is the broker up), and the
calendar page where staff enter a year's holiday arrangement."""

import datetime
import logging

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from kombu import Connection

from oversight.celery import app as celery_app

from .forms import ArrangementForm
from .models import WorkingDayException
from .services import working_day_exceptions_enter

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


@login_required
def calendar(request):
    """Committee staff enter a year's official holiday arrangement (days off and make-up
    working days) for years the calendar package does not know yet."""
    if not rules.has_perm("oversight.enter_calendar", request.user):
        raise PermissionDenied
    form = ArrangementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rows = working_day_exceptions_enter(
            actor=request.user, entries=form.cleaned_data["arrangement"], reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            ngettext(
                "%(count)d day entered in the calendar.", "%(count)d days entered in the calendar.", len(rows)
            )
            % {"count": len(rows)},
        )
        return redirect("calendar")
    today = timezone.localdate()
    context = {
        "form": form,
        "exceptions": WorkingDayException.objects.filter(date__gte=datetime.date(today.year, 1, 1)).order_by(
            "date"
        ),
    }
    return render(request, "reminders/calendar.html", context, status=400 if form.errors else 200)
