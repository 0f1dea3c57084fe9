"""Forms that create things are submitted once: each carries a one-time token
(`{% form_token %}`), and `submit_once` spends it in the same transaction as the view's work.
A second POST with the spent token (a double click, a resent request) creates nothing and is
sent to what the first one created. A POST without a token is not de-duplicated."""

import uuid
from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .services import form_submission_claim, form_submission_finish

FORM_TOKEN_FIELD = "form_token"


def form_token_input():
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_TOKEN_FIELD, uuid.uuid4())


def submit_once(view):
    """Wrap a view whose POST creates something; it must redirect to the result on success."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        raw = request.POST.get(FORM_TOKEN_FIELD) if request.method == "POST" else None
        if not raw or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        try:
            token = uuid.UUID(raw)
        except ValueError:
            return HttpResponseBadRequest(
                _("The form was damaged in transit. Reload the page and send it again.")
            )
        with transaction.atomic():
            submission, first = form_submission_claim(user=request.user, token=token)
            if not first:
                if submission.user_id != request.user.pk:
                    message = _("This form was opened under another account. Reload the page.")
                    return HttpResponseBadRequest(message)
                messages.info(request, _("This form had already been sent; here is what it created."))
                return HttpResponseRedirect(submission.result_url)
            response = view(request, *args, **kwargs)
            succeeded = response.status_code in (301, 302, 303) and response.has_header("Location")
            form_submission_finish(
                submission=submission, result_url=response["Location"] if succeeded else ""
            )
            return response

    return wrapped


class SubmitOnceAdminMixin:
    """The admin's add form carries a token and its POST is submitted once."""

    add_form_template = "admin/add_form_once.html"

    def add_view(self, request, form_url="", extra_context=None):
        return submit_once(super().add_view)(request, form_url, extra_context)
