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
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.submit_once import submit_once
from office.views import _add_errors, staff_required
from public.selectors import published_evidence
from recommendations.models import Inspection, OversightTopic, Recommendation, Task

from . import forms, selectors, services
from .choices import AttachmentKind
from .models import Attachment, DocumentJob


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
    if kind not in ("topic", "inspection", "recommendation"):
        raise Http404
    if kind == "inspection":
        # An inspection is named by its id.
        if not code.isdigit():
            raise Http404
        inspection = get_object_or_404(Inspection.objects.select_related("topic"), pk=int(code))
        label = _("Inspection: %(title)s") % {"title": inspection.title}
        return {f"inspection-{inspection.pk}": (label, inspection)}, _inspection_page(inspection)
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


def _generate(request, generate, back, **record):
    try:
        files = generate(actor=request.user, **record)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        first = files[0]
        if first.number:
            message = _("Generated: %(title)s, %(number)s, version %(version)s.")
        else:
            message = _("Generated: %(title)s, version %(version)s.")
        messages.success(
            request, message % {"title": first.title, "number": first.number, "version": first.version}
        )
    return redirect(back)


@staff_required
@require_POST
def referral_letter(request, code):
    topic = get_object_or_404(OversightTopic, code=code)
    back = reverse("office:topic", args=[code]) + "#documents"
    return _generate(request, services.generate_referral_letter, back, topic=topic)


@staff_required
@require_POST
def handling_report(request, code):
    topic = get_object_or_404(OversightTopic, code=code)
    back = reverse("office:topic", args=[code]) + "#documents"
    return _generate(request, services.generate_handling_report, back, topic=topic)


@staff_required
@require_POST
def escalation_notice(request, pk):
    task = get_object_or_404(Task.objects.select_related("recommendation__topic", "lead_department"), pk=pk)
    back = reverse("office:task", args=[pk]) + "#documents"
    return _generate(request, services.generate_escalation_notice, back, task=task)


@staff_required
@submit_once
def annual_reports(request):
    """Ask for a year's annual report (generated by the worker) and find the earlier ones."""
    form = forms.AnnualReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.annual_report_request(
                actor=request.user, year=form.cleaned_data["year"], language=translation.get_language()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("documents:annual_job", pk=job.pk)
    context = {
        "form": form,
        "jobs": DocumentJob.objects.select_related("requested_by")[:20],
        "reports": Attachment.objects.filter(kind=AttachmentKind.ANNUAL_REPORT)
        .select_related("uploaded_by")
        .order_by("-year", "-version", "content_type")[:40],
    }
    return render(request, "documents/annual.html", context, status=400 if form.errors else 200)


@staff_required
@require_GET
def annual_job(request, pk):
    job = get_object_or_404(DocumentJob.objects.select_related("requested_by"), pk=pk)
    return render(request, "documents/annual_job.html", {"job": job, "files": job.files.all()})


def _inspection_page(inspection):
    return (
        reverse("office:topic_record_edit", args=[inspection.topic.code, "inspection", inspection.pk])
        + "#documents"
    )


def _attachment_page(attachment):
    """The office page that lists the file."""
    if attachment.inspection_id:
        return _inspection_page(attachment.inspection)
    if attachment.recommendation_id:
        return reverse("office:recommendation", args=[attachment.recommendation.code]) + "#documents"
    if attachment.task_id:
        return reverse("office:task", args=[attachment.task_id]) + "#documents"
    if attachment.year:
        return reverse("documents:annual")
    topic = attachment.topic
    if attachment.meeting_id:
        topic = attachment.meeting.topics.order_by("pk").first()
    if topic is None:
        return reverse("office:home")
    return reverse("office:topic", args=[topic.code]) + "#documents"


def _attachment(pk):
    related = ("topic", "inspection__topic", "meeting", "recommendation")
    return get_object_or_404(Attachment.objects.select_related(*related), pk=pk)


@staff_required
@submit_once
def attachment_delete(request, pk):
    """Confirm, then delete an uploaded file (generated papers are kept)."""
    attachment = _attachment(pk)
    back = _attachment_page(attachment)
    if request.method == "POST":
        try:
            services.attachment_delete(actor=request.user, attachment=attachment)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            message = _("The document “%(title)s” was deleted.")
            messages.success(request, message % {"title": attachment.title})
        return redirect(back)
    context = {"attachment": attachment, "back": back}
    return render(request, "documents/delete.html", context)


@staff_required
@require_POST
def attachment_public(request, pk):
    """Mark a file public or internal: `is_public` is "1" or "0"."""
    attachment = _attachment(pk)
    back = _attachment_page(attachment)
    value = request.POST.get("is_public")
    if value not in ("0", "1"):
        messages.error(request, _("Choose whether the document is public or internal."))
        return redirect(back)
    try:
        attachment = services.attachment_set_public(
            actor=request.user, attachment=attachment, is_public=value == "1"
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if attachment.is_public:
            message = _(
                "“%(title)s” is now public: it can be downloaded from the public pages once its "
                "record is published."
            )
        else:
            message = _("“%(title)s” is now internal, not for publication.")
        messages.success(request, message % {"title": attachment.title})
    return redirect(back)


@staff_required
@require_POST
def annual_job_send(request, pk):
    """Try again to hand a job to the worker when the broker could not be reached."""
    job = get_object_or_404(DocumentJob, pk=pk)
    job = services.annual_report_send(job_id=job.pk)
    if job.is_waiting_to_be_sent:
        message = _(
            "The background service still cannot be reached. Your request is kept; try again in "
            "a few minutes."
        )
        messages.error(request, message)
    else:
        messages.success(request, _("The report is being generated."))
    return redirect("documents:annual_job", pk=job.pk)


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
