"""Pages of the evaluations app: members vote, staff open, count and record votes, and close
or reopen recommendations. Views parse input, call a service or selector, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.submit_once import submit_once
from evaluations.models import Evaluation
from recommendations.choices import EvaluationMethod, RecommendationStatus
from recommendations.models import Recommendation
from recommendations.selectors import recommendation_detail

from . import permissions, services
from .forms import BallotForm, ClosureForm, EvaluationOpenForm, ReopenForm, TotalsForm
from .models import Closure
from .selectors import evaluation_list, has_voted, is_entitled, recommendation_story, supporting_reports


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _errors(error):
    return error.messages if isinstance(error, ValidationError) else [str(error)]


@login_required
def evaluation_index(request):
    _require(permissions.can_view_evaluations(request.user))
    evaluations = evaluation_list(
        permissions.evaluations_visible_to(request.user, Evaluation.objects.all()), user=request.user
    )
    return render(
        request,
        "evaluations/evaluation_list.html",
        {"evaluations": evaluations, "is_staff": permissions.is_committee_staff(request.user)},
    )


def _detail_context(request, evaluation, **extra):
    user = request.user
    entitled = is_entitled(evaluation=evaluation, user=user)
    voted = has_voted(evaluation=evaluation, voter=user)
    context = {
        "evaluation": evaluation,
        "covered": evaluation.terms.recommendations.order_by("number"),
        "entitled": entitled,
        "has_voted": voted,
        "can_vote": not voted and permissions.can_vote(user, evaluation, entitled=entitled),
        "show_totals": permissions.can_see_totals(user, evaluation),
        "show_turnout": permissions.can_see_turnout(user, evaluation),
        "can_manage": permissions.can_manage_evaluations(user) and evaluation.closed_at is None,
        "is_in_session": evaluation.method == EvaluationMethod.IN_SESSION,
        "ballot_form": BallotForm(),
        "totals_form": TotalsForm(),
        "rule": evaluation.terms.rule,
    }
    context.update(extra)
    return context


def _visible_evaluation(request, pk):
    _require(permissions.can_view_evaluations(request.user))
    return get_object_or_404(evaluation_list(user=request.user), pk=pk)


@login_required
def evaluation_detail(request, pk):
    """The vote page: a member casts their ballot here; staff see turnout and close the vote."""
    evaluation = _visible_evaluation(request, pk)
    if request.method == "POST":
        form = BallotForm(request.POST)
        if form.is_valid():
            try:
                services.ballot_cast(
                    voter=request.user, evaluation=evaluation, choice=form.cleaned_data["choice"]
                )
            except ValidationError as error:
                for message in _errors(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Your ballot has been cast."))
                return redirect("evaluations:detail", pk=evaluation.pk)
        context = _detail_context(request, evaluation, ballot_form=form)
        return render(request, "evaluations/evaluation_detail.html", context, status=400)
    return render(request, "evaluations/evaluation_detail.html", _detail_context(request, evaluation))


@login_required
@submit_once
def evaluation_open(request):
    _require(permissions.can_manage_evaluations(request.user))
    form = EvaluationOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.evaluation_open(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("The evaluation is open."))
            return redirect("evaluations:detail", pk=evaluation.pk)
    status = 400 if form.errors else 200
    return render(request, "evaluations/evaluation_open.html", {"form": form}, status=status)


@login_required
@require_POST
def evaluation_close(request, pk):
    _require(permissions.can_manage_evaluations(request.user))
    evaluation = get_object_or_404(Evaluation, pk=pk)
    try:
        evaluation = services.evaluation_close(actor=request.user, evaluation=evaluation)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(
            request, _("The vote is closed: %(result)s.") % {"result": evaluation.get_result_display()}
        )
    return redirect("evaluations:detail", pk=pk)


@login_required
@require_POST
def evaluation_totals(request, pk):
    _require(permissions.can_manage_evaluations(request.user))
    evaluation = _visible_evaluation(request, pk)
    form = TotalsForm(request.POST)
    if form.is_valid():
        try:
            evaluation = services.evaluation_record_totals(
                actor=request.user, evaluation=evaluation, **form.cleaned_data
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(
                request, _("Totals recorded: %(result)s.") % {"result": evaluation.get_result_display()}
            )
            return redirect("evaluations:detail", pk=pk)
    context = _detail_context(request, evaluation, totals_form=form)
    return render(request, "evaluations/evaluation_detail.html", context, status=400)


def _closure_context(recommendation, **extra):
    reports = supporting_reports(recommendation)
    context = {
        "recommendation": recommendation,
        "story": recommendation_story(recommendation),
        "closures": Closure.objects.filter(recommendation=recommendation)
        .select_related("event__actor")
        .prefetch_related("reports__department", "reports__task__recommendation"),
        "can_close": recommendation.status == RecommendationStatus.REPORTED,
        "can_reopen": recommendation.status == RecommendationStatus.CLOSED,
        "closure_form": ClosureForm(reports=reports),
        "reopen_form": ReopenForm(topic=recommendation.topic),
    }
    context.update(extra)
    return context


def _staff_recommendation(request, code):
    _require(permissions.can_close_recommendations(request.user))
    try:
        return recommendation_detail(code)
    except Recommendation.DoesNotExist:
        raise Http404 from None


@login_required
def recommendation_closure(request, code):
    """Staff page of one recommendation's evaluation and closure, with its whole story."""
    recommendation = _staff_recommendation(request, code)
    return render(request, "evaluations/recommendation_closure.html", _closure_context(recommendation))


@login_required
@require_POST
@submit_once
def recommendation_close(request, code):
    recommendation = _staff_recommendation(request, code)
    form = ClosureForm(request.POST, reports=supporting_reports(recommendation))
    if form.is_valid():
        try:
            services.closure_create(
                actor=request.user,
                recommendation=recommendation,
                verdict=form.cleaned_data["verdict"],
                reason=form.cleaned_data["reason"],
                public_note=form.cleaned_data["public_note"],
                reports=form.cleaned_data["reports"],
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("The recommendation is closed."))
            return redirect("evaluations:recommendation", code=code)
    context = _closure_context(recommendation, closure_form=form)
    return render(request, "evaluations/recommendation_closure.html", context, status=400)


@login_required
@require_POST
def recommendation_reopen(request, code):
    recommendation = _staff_recommendation(request, code)
    form = ReopenForm(request.POST, topic=recommendation.topic)
    if form.is_valid():
        try:
            services.follow_up_reopen(actor=request.user, recommendation=recommendation, **form.cleaned_data)
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("The recommendation is reopened for handling."))
            return redirect("evaluations:recommendation", code=code)
    context = _closure_context(recommendation, reopen_form=form)
    return render(request, "evaluations/recommendation_closure.html", context, status=400)
