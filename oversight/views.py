"""Project-wide error pages."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error as default_server_error


def server_error(request):
    """A lost database is an outage, not a bug: a friendly 503 with Retry-After, rendered
    without touching the database, instead of the bare 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        content = loader.get_template("503.html").render({"path": request.path})
        response = HttpResponse(content, status=503)
        response["Retry-After"] = str(settings.DATABASE_OUTAGE_RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
    return default_server_error(request)
