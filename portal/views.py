"""Department portal (/portal/) and staff review queue (/review/). Views are thin: they fetch
through the visibility selectors (what a user may not see is a 404), check the action's
permission (what a user may see but not do is a 403), and call a service."""

from functools import wraps

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.submit_once import submit_once
from public.cache import cached_content
from recommendations.choices import ReportStatus
from recommendations.models import Department, ProgressReport, Task
from recommendations.permissions import (
    can_contest_task,
    contest_deadline,
    reports_visible_to,
    tasks_visible_to,
)
from recommendations.selectors import recommendation_timeline

from . import selectors, services
from .forms import (
    AcceptForm,
    ContestDecisionForm,
    ContestForm,
    ExtensionRequestForm,
    MeasurementFormSet,
    ReportForm,
    ReturnForm,
    SubmitForm,
    measurement_initial,
    measurement_rows,
)
from .models import AssignmentContest, ExtensionRequest


def permission_required(perm):
    """Signed in (else to the login page) and holding `perm` (else 403)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not rules.has_perm(perm, request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _require(user, perm, obj):
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def _visible_timeline(user, recommendation):
    """The recommendation's timeline without steps of reports the user may not see."""
    return recommendation_timeline(recommendation).filter(
        Q(report__isnull=True) | Q(report__in=reports_visible_to(user))
    )


# A refused date (in the future, before the previous step) belongs on the form's date field.
DATE_ERROR_CODES = {"occurred_in_future", "occurred_before_previous"}


def _add_errors(form, error):
    """Put a service's ValidationError on the form: on its fields where it names them, a
    refused date on the date field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = "occurred_on" if field == "occurred_at" else field
            form.add_error(field if field in form.fields else None, errors)
    elif "occurred_on" in form.fields and {e.code for e in error.error_list} & DATE_ERROR_CODES:
        form.add_error("occurred_on", error)
    else:
        form.add_error(None, error)


# --- portal ---------------------------------------------------------------------------


@permission_required("oversight.enter_portal")
def home(request):
    show = request.GET.get("show")
    show = show if show in selectors.TASK_VIEWS else "open"
    user = request.user

    def build():
        tasks = selectors.portal_task_list(user, show=show)
        page = Paginator(tasks, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
        return {"tasks": page.object_list, "page": page, "show": show, "user": user}

    # What a user sees depends on their department and roles: kept per reader until the next write.
    reader = (
        user.pk,
        user.department_id,
        user.is_superuser,
        user.is_committee_staff,
        user.is_committee_member,
        user.is_department_liaison,
    )
    content = cached_content(request, "portal/_home.html", build, reader=reader)
    return render(request, "portal/home.html", {"content": content, "show": show})


@permission_required("oversight.enter_portal")
def task_detail(request, pk):
    try:
        task = selectors.portal_task_detail(request.user, pk)
    except Task.DoesNotExist:
        raise Http404 from None
    user = request.user
    context = {
        "task": task,
        "recommendation": task.recommendation,
        "timeline": _visible_timeline(user, task.recommendation),
        "can_add_report": rules.has_perm("oversight.add_report", user, task),
        "can_contest": can_contest_task(user, task),
        "can_request_extension": rules.has_perm("oversight.request_extension", user, task)
        and not any(e.status == ExtensionRequest.Status.PENDING for e in task.extension_requests.all()),
        "contest_deadline": contest_deadline(task),
    }
    return render(request, "portal/task_detail.html", context)


def _report_form_page(request, *, task, report, form, formset, status=200):
    return render(
        request,
        "portal/report_form.html",
        {"task": task, "report": report, "form": form, "formset": formset},
        status=status,
    )


@permission_required("oversight.enter_portal")
@submit_once
def report_create(request, pk):
    task = get_object_or_404(tasks_visible_to(request.user).select_related("recommendation__topic"), pk=pk)
    _require(request.user, "oversight.add_report", task)
    user = request.user
    own = user.is_department_liaison and user.department_id in task.department_ids()
    department_choices = None if own else Department.objects.filter(pk__in=task.department_ids())
    instance = ProgressReport(task=task, department=user.department if own else None, author=user)
    topic = task.recommendation.topic
    if request.method == "POST":
        form = ReportForm(
            request.POST, request.FILES, instance=instance, department_choices=department_choices
        )
        formset = MeasurementFormSet(request.POST, prefix="m", form_kwargs={"topic": topic})
        if form.is_valid() and formset.is_valid():
            try:
                report = services.report_draft_create(
                    actor=user,
                    task=task,
                    department=form.instance.department,
                    narrative=form.cleaned_data["narrative"],
                    is_final=form.cleaned_data["is_final"],
                    measurements=measurement_rows(formset),
                    files=form.cleaned_data["files"],
                    files_internal=form.cleaned_data["files_internal"],
                    submit="submit" in request.POST,
                    occurred_at=form.occurred_at,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Report submitted for review.") if "submit" in request.POST else _("Draft saved."),
                )
                return redirect("portal:report", pk=report.pk)
    else:
        form = ReportForm(instance=instance, department_choices=department_choices)
        formset = MeasurementFormSet(prefix="m", form_kwargs={"topic": topic})
    return _report_form_page(request, task=task, report=None, form=form, formset=formset)


@permission_required("oversight.enter_portal")
def report_detail(request, pk, *, submit_form=None, status=200):
    try:
        report = selectors.portal_report_detail(request.user, pk)
    except ProgressReport.DoesNotExist:
        raise Http404 from None
    user = request.user
    events = list(_visible_timeline(user, report.task.recommendation))
    context = {
        "report": report,
        "task": report.task,
        "can_change": rules.has_perm("oversight.change_report", user, report),
        "can_review": rules.has_perm("oversight.review_report", user, report),
        "submit_form": submit_form
        or SubmitForm(initial={"version": report.updated_at.isoformat(), "occurred_on": report.sent_on}),
        "events": events,
        "return_event": next(
            (
                e
                for e in reversed(events)
                if e.report_id == report.pk and e.to_status == ReportStatus.RETURNED
            ),
            None,
        ),
    }
    return render(request, "portal/report_detail.html", context, status=status)


@permission_required("oversight.enter_portal")
def report_edit(request, pk):
    report = get_object_or_404(
        reports_visible_to(request.user).select_related("task__recommendation__topic", "department"), pk=pk
    )
    _require(request.user, "oversight.change_report", report)
    task = report.task
    topic = task.recommendation.topic
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, instance=report)
        formset = MeasurementFormSet(request.POST, prefix="m", form_kwargs={"topic": topic})
        if form.is_valid() and formset.is_valid():
            try:
                report = services.report_draft_update(
                    actor=request.user,
                    report=report,
                    version=form.cleaned_data["version"],
                    narrative=form.cleaned_data["narrative"],
                    is_final=form.cleaned_data["is_final"],
                    measurements=measurement_rows(formset),
                    files=form.cleaned_data["files"],
                    files_internal=form.cleaned_data["files_internal"],
                    remove_evidence=[e.pk for e in form.cleaned_data["remove_evidence"]],
                    submit="submit" in request.POST,
                    occurred_at=form.occurred_at,
                )
            except services.EditConflict as error:
                form.add_error(None, error)
                return _report_form_page(
                    request, task=task, report=report, form=form, formset=formset, status=409
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Report submitted for review.") if "submit" in request.POST else _("Draft saved."),
                )
                return redirect("portal:report", pk=report.pk)
    else:
        form = ReportForm(instance=report)
        formset = MeasurementFormSet(
            prefix="m", initial=measurement_initial(report), form_kwargs={"topic": topic}
        )
    return _report_form_page(request, task=task, report=report, form=form, formset=formset)


@require_POST
@permission_required("oversight.enter_portal")
def report_submit(request, pk):
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    _require(request.user, "oversight.change_report", report)
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            services.report_send(
                actor=request.user,
                report=report,
                version=form.cleaned_data["version"],
                occurred_at=form.occurred_at,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Report submitted for review."))
            return redirect("portal:report", pk=pk)
    # The report page again, the form saying what is wrong where it is wrong.
    return report_detail(request, pk, submit_form=form, status=400)


@permission_required("oversight.enter_portal")
@submit_once
def contest_create(request, pk):
    task = get_object_or_404(tasks_visible_to(request.user).select_related("recommendation"), pk=pk)
    _require(request.user, "oversight.contest_task", task)
    form = ContestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contest_raise(
                actor=request.user,
                task=task,
                department=request.user.department,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your contest was sent to the committee staff."))
            return redirect("portal:task", pk=task.pk)
    return render(
        request, "portal/contest_form.html", {"task": task, "form": form, "deadline": contest_deadline(task)}
    )


@permission_required("oversight.enter_portal")
def extension_request(request, pk):
    """A department asks for a later deadline on its task."""
    task = get_object_or_404(tasks_visible_to(request.user).select_related("recommendation"), pk=pk)
    _require(request.user, "oversight.request_extension", task)
    form = ExtensionRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extension_request_create(
                actor=request.user,
                task=task,
                department=request.user.department,
                requested_due=form.cleaned_data["requested_due"],
                reason=form.cleaned_data["reason"],
                occurred_at=form.occurred_at,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your request was sent to the committee staff."))
            return redirect("portal:task", pk=task.pk)
    status = 400 if form.errors else 200
    return render(request, "portal/extension_form.html", {"task": task, "form": form}, status=status)


@permission_required("oversight.enter_portal")
def evidence_download(request, pk):
    evidence = get_object_or_404(selectors.evidence_visible_to(request.user), pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )


# --- review -------------------------------------------------------------------------


@permission_required("oversight.review")
def review_home(request):
    def build():
        page = Paginator(selectors.review_queue(), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
        return {"reports": page.object_list, "page": page, "contests": selectors.open_contests()}

    # The same for everyone who reviews (staff see every report), so kept until the next write.
    content = cached_content(request, "portal/_review_home.html", build)
    return render(request, "portal/review_home.html", {"content": content})


@permission_required("oversight.review")
def review_report(request, pk):
    try:
        report = selectors.portal_report_detail(request.user, pk)
    except ProgressReport.DoesNotExist:
        raise Http404 from None
    accept_form = AcceptForm(prefix="accept")
    return_form = ReturnForm(prefix="return")
    if request.method == "POST":
        _require(request.user, "oversight.review_report", report)
        try:
            if "accept" in request.POST:
                accept_form = AcceptForm(request.POST, prefix="accept")
                if accept_form.is_valid():
                    services.report_review_accept(
                        actor=request.user,
                        report=report,
                        note=accept_form.cleaned_data["note"],
                        occurred_at=accept_form.occurred_at,
                        public_note=accept_form.cleaned_data["public_note"],
                    )
                    messages.success(request, _("Report accepted."))
                    return redirect("review:home")
            else:
                return_form = ReturnForm(request.POST, prefix="return")
                if return_form.is_valid():
                    services.report_review_return(
                        actor=request.user,
                        report=report,
                        note=return_form.cleaned_data["note"],
                        occurred_at=return_form.occurred_at,
                    )
                    messages.success(request, _("Report returned to the department."))
                    return redirect("review:home")
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("review:report", pk=pk)
    context = {
        "report": report,
        "task": report.task,
        "accept_form": accept_form,
        "return_form": return_form,
        "can_review": rules.has_perm("oversight.review_report", request.user, report),
        "events": _visible_timeline(request.user, report.task.recommendation),
    }
    return render(request, "portal/review_report.html", context)


@permission_required("oversight.resolve_contest")
def review_contest(request, pk):
    contest = get_object_or_404(
        AssignmentContest.objects.select_related(
            "task__recommendation", "task__lead_department", "department", "raised_by", "new_department"
        ),
        pk=pk,
    )
    form = ContestDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == AssignmentContest.Status.REASSIGNED:
                services.contest_reassign(
                    actor=request.user,
                    contest=contest,
                    new_department=data["new_department"],
                    note=data["note"],
                )
            else:
                services.contest_confirm(actor=request.user, contest=contest, note=data["note"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("review:home")
    return render(request, "portal/review_contest.html", {"contest": contest, "form": form})
