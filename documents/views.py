"""Documents in the office (upload, cite a source, download, generate) and the public
downloads. Views parse input and call `services`; downloads are served only from the
querysets of `selectors`, never from a stored path."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.submit_once import submit_once
from office.views import _add_errors, staff_required
from public.selectors import published_evidence
from recommendations.models import OversightTopic, Recommendation

from . import forms, selectors, services
from .models import Attachment


def _serve(attachment_or_evidence):
    try:
        handle = attachment_or_evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment_or_evidence.original_name,
        content_type=attachment_or_evidence.content_type,
    )


def _record_page(code, kind):
    if kind not in ("topic", "recommendation"):
        raise Http404
    if kind == "topic":
        topic = get_object_or_404(
            OversightTopic.objects.prefetch_related("inspections", "meetings"), code=code
        )
        return forms.topic_records(topic), reverse("office:topic", args=[code]) + "#documents"
    recommendation = get_object_or_404(Recommendation, code=code)
    label = f"{recommendation.code} {recommendation.title}"
    records = {f"recommendation-{recommendation.pk}": (label, recommendation)}
    return records, reverse("office:recommendation", args=[code]) + "#documents"


@staff_required
@submit_once
def attachment_new(request, kind, code):
    records, back = _record_page(code, kind)
    form = forms.AttachmentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        records=records,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.attachment_add(
                actor=request.user,
                record=form.chosen_record,
                uploaded=data["file"],
                kind=data["kind"],
                title=data["title"],
                is_public=data["is_public"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The file was added."))
            return redirect(back)
    status = 400 if form.errors else 200
    context = {"form": form, "title": _("Add a document"), "back": back, "multipart": True}
    return render(request, "documents/form.html", context, status=status)


@staff_required
@submit_once
def source_new(request, kind, code):
    records, back = _record_page(code, kind)
    form = forms.SourceForm(request.POST if request.method == "POST" else None, records=records)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.source_add(
                actor=request.user,
                record=form.chosen_record,
                title=data["title"],
                publisher=data["publisher"],
                published_on=data["published_on"],
                url=data["url"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The source was added."))
            return redirect(back)
    status = 400 if form.errors else 200
    context = {"form": form, "title": _("Cite a source"), "back": back}
    return render(request, "documents/form.html", context, status=status)


@login_required
@require_GET
def attachment_download(request, pk):
    """Any file, for committee staff and members (who read every record)."""
    if not rules.has_perm("oversight.view_documents", request.user):
        raise PermissionDenied
    return _serve(get_object_or_404(Attachment, pk=pk))


@require_GET
def public_attachment_download(request, pk):
    return _serve(get_object_or_404(selectors.public_attachments(), pk=pk))


@require_GET
def public_evidence_download(request, pk):
    return _serve(get_object_or_404(published_evidence(), pk=pk))
