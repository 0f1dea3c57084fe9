"""The committee office (/office/): plain views on the domain services and selectors. A view
parses input, calls a service, and shows the service's refusal on the form; it decides no
rule itself. Every page is for committee staff only."""

from dataclasses import dataclass
from functools import wraps

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from accounts import services as account_services
from accounts.models import User
from accounts.submit_once import submit_once
from congresses.models import Congress, current_congress
from congresses.services import EDITABLE_FIELDS, congress_update
from dashboard.rollup import has_congresses_below
from evaluations import services as evaluation_services
from portal import services as portal_services
from portal.models import ExtensionRequest
from public.cache import cached_content
from recommendations import services
from recommendations.choices import EvaluationMethod
from recommendations.choices import RecommendationStatus as RS
from recommendations.models import OversightTopic, Recommendation, Task
from recommendations.selectors import recommendation_list, recommendation_timeline
from recommendations.transitions import allowed_recommendation_targets, transition_label

from . import forms, selectors

PAGE_SIZE = 50


def staff_required(view):
    """Signed in (else to the sign-in page) and committee staff (else 403)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not rules.has_perm("oversight.use_office", request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _posted(request):
    """The submitted data on a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def _add_errors(form, error):
    """Put a service's refusal on the form: on the fields it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _form_page(request, form, *, title, back, status=None, documents=None):
    status = status or (400 if form.is_bound and form.errors else 200)
    context = {"form": form, "title": title, "back": reverse(back[0], args=back[1]), "documents": documents}
    return render(request, "office/form.html", context, status=status)


# --- home -----------------------------------------------------------------------------


# The home page's queues in the order staff work through them: key → label.
QUEUE_LABELS = {
    "reports": gettext_lazy("Reports to review"),
    "contests": gettext_lazy("Contested assignments"),
    "extensions": gettext_lazy("Extension requests"),
    "drafts": gettext_lazy("Drafts to issue"),
    "verified": gettext_lazy("All tasks verified"),
    "awaiting_evaluation": gettext_lazy("Handling reports awaiting evaluation"),
    "open_votes": gettext_lazy("Open votes"),
    "ready_to_close": gettext_lazy("Ready to close"),
    "overdue": gettext_lazy("Overdue tasks by department"),
    "upcoming": gettext_lazy("Deadlines in the next ten working days"),
}
# Queues of recommendations, with the action beside each row.
RECOMMENDATION_QUEUE_ACTIONS = {
    "drafts": pgettext_lazy("recommendation move", "Issue"),
    "verified": pgettext_lazy("recommendation move", "Mark as reported"),
    "awaiting_evaluation": pgettext_lazy("recommendation move", "Record the vote"),
    "ready_to_close": pgettext_lazy("recommendation move", "Close"),
}


@staff_required
def home(request):
    def build():
        queues = {queue.key: queue for queue in selectors.home_queues()}
        return {
            "queues": queues,
            "counts": [(key, label, queues[key].count) for key, label in QUEUE_LABELS.items()],
            "recommendation_queues": [
                (key, QUEUE_LABELS[key], action, queues[key])
                for key, action in RECOMMENDATION_QUEUE_ACTIONS.items()
            ],
            "below": has_congresses_below(request.congress),
        }

    # The same for every member of staff (they see everything), so kept until the next write.
    content = cached_content(request, "office/_home.html", build)
    return render(request, "office/home.html", {"content": content})


# --- topics and their records -----------------------------------------------------------


@staff_required
def topic_index(request):
    topics = OversightTopic.objects.select_related("responsible_office").order_by("-year", "code")
    page = Paginator(topics, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "office/topic_list.html", {"topics": page.object_list, "page": page})


@staff_required
@submit_once
def topic_new(request):
    form = forms.TopicForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Topic saved."))
            return redirect("office:topic", code=topic.code)
    return _form_page(request, form, title=_("New oversight topic"), back=("office:topics", ()))


@staff_required
def topic_edit(request, code):
    topic = get_object_or_404(OversightTopic, code=code)
    form = forms.TopicForm(_posted(request), instance=topic)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.record_save(actor=request.user, instance=form.instance)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Topic saved."))
            return redirect("office:topic", code=topic.code)
    return _form_page(request, form, title=str(topic), back=("office:topic", (code,)))


def _topic(code):
    try:
        return selectors.topic_detail(code)
    except OversightTopic.DoesNotExist:
        raise Http404 from None


@staff_required
def topic_detail(request, code):
    topic = _topic(code)
    return render(
        request,
        "office/topic_detail.html",
        {"topic": topic, "record_forms": forms.TOPIC_RECORD_FORMS},
    )


def _create_topic_record(kind, *, actor, topic, data):
    """The service that creates a record of `kind` on the topic, from a valid form's data."""
    many = {
        name: list(data.pop(name))
        for name in ("departments_visited", "departments_consulted", "departments")
        if name in data
    }
    if kind == "inspection":
        return services.inspection_create(actor=actor, topic=topic, **data, **many)
    if kind == "finding":
        return services.finding_create(actor=actor, topic=topic, **data, **many)
    if kind == "meeting":
        return services.meeting_create(actor=actor, topics=[topic], **data)
    if kind == "remark":
        return services.remark_create(actor=actor, topic=topic, **data)
    return services.indicator_create(actor=actor, topic=topic, **data)


@staff_required
@submit_once
def topic_add(request, code, kind):
    if kind not in forms.TOPIC_RECORD_FORMS:
        raise Http404
    topic = get_object_or_404(OversightTopic, code=code)
    form_class, title = forms.TOPIC_RECORD_FORMS[kind]
    form = form_class(_posted(request), topic=topic)
    if request.method == "POST" and form.is_valid():
        try:
            _create_topic_record(kind, actor=request.user, topic=topic, data=dict(form.cleaned_data))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("office:topic", code=topic.code)
    return _form_page(request, form, title=f"{title} · {topic.title}", back=("office:topic", (topic.code,)))


# A topic's records that the office edits: kind → the topic's related name for them.
TOPIC_RECORDS = {
    "inspection": "inspections",
    "finding": "findings",
    "meeting": "meetings",
    "remark": "remarks",
    "indicator": "indicators",
}


@staff_required
def topic_record_edit(request, code, kind, pk):
    if kind not in TOPIC_RECORDS:
        raise Http404
    topic = get_object_or_404(OversightTopic, code=code)
    record = get_object_or_404(getattr(topic, TOPIC_RECORDS[kind]), pk=pk)
    form_class, _title = forms.TOPIC_RECORD_FORMS[kind]
    form = form_class(_posted(request), instance=record, topic=topic)
    if request.method == "POST" and form.is_valid():
        many = {field.name: form.cleaned_data[field.name] for field in record._meta.many_to_many
                if field.name in form.cleaned_data}  # fmt: skip
        try:
            services.record_save(actor=request.user, instance=form.instance, many=many)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("office:topic", code=topic.code)
    # An inspection's page also lists its files and sources, as a topic's and a recommendation's do.
    documents = record if kind == "inspection" else None
    return _form_page(
        request,
        form,
        title=f"{record} · {topic.title}",
        back=("office:topic", (topic.code,)),
        documents=documents,
    )


# --- recommendations --------------------------------------------------------------------


@staff_required
def recommendation_index(request):
    status = request.GET.get("status")
    queryset = Recommendation.objects.all()
    if status in RS.values:
        queryset = queryset.filter(status=status)
    recommendations = recommendation_list(queryset).order_by("-topic__year", "topic__code", "number")
    page = Paginator(recommendations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "office/recommendation_list.html",
        {"recommendations": page.object_list, "page": page, "statuses": RS.choices, "status": status},
    )


@staff_required
@submit_once
def recommendation_new(request, code):
    topic = get_object_or_404(OversightTopic, code=code)
    form = forms.RecommendationForm(_posted(request), topic=topic)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.recommendation_create(
                actor=request.user, topic=topic, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Draft recommendation saved."))
            return redirect("office:recommendation", code=recommendation.code)
    return _form_page(request, form, title=_("New recommendation"), back=("office:topic", (topic.code,)))


@staff_required
def recommendation_edit(request, code):
    """Correct a recommendation's text, sources and flags; its status moves only by the steps
    on its page."""
    recommendation = get_object_or_404(Recommendation.objects.select_related("topic"), code=code)
    form = forms.RecommendationForm(_posted(request), instance=recommendation, topic=recommendation.topic)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                recommendation = services.record_save(actor=request.user, instance=form.instance)
                services.recommendation_sources_set(
                    actor=request.user,
                    recommendation=recommendation,
                    findings=form.cleaned_data["findings"],
                    remarks=form.cleaned_data["remarks"],
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("office:recommendation", code=recommendation.code)
    return _form_page(request, form, title=str(recommendation), back=("office:recommendation", (code,)))


@dataclass(frozen=True)
class Move:
    """What the office asks for one move of the transition table, and how it makes it."""

    key: str
    label: str
    form_class: type
    note_required: bool = False


# Every move of the transition table, keyed by (from, to); a test checks both tables agree.
MOVES = {
    (RS.DRAFT, RS.ISSUED): Move("issue", pgettext_lazy("recommendation move", "Issue"), forms.IssueForm),
    (RS.ISSUED, RS.IN_PROGRESS): Move(
        "start", pgettext_lazy("recommendation move", "Start handling"), forms.MoveForm
    ),
    (RS.IN_PROGRESS, RS.REPORTED): Move(
        "report", pgettext_lazy("recommendation move", "Mark as reported"), forms.MoveForm
    ),
    (RS.REPORTED, RS.IN_PROGRESS): Move(
        "return",
        pgettext_lazy("recommendation move", "Return for further handling"),
        forms.ReturnForm,
        note_required=True,
    ),
    (RS.REPORTED, RS.CLOSED): Move(
        "close",
        pgettext_lazy("recommendation move", "Close with a verdict"),
        forms.CloseForm,
        note_required=True,
    ),
    (RS.CLOSED, RS.IN_PROGRESS): Move(
        "reopen",
        pgettext_lazy("recommendation move", "Reopen after a follow-up visit"),
        forms.ReopenForm,
        note_required=True,
    ),
}


def moves_from(status):
    """The moves the transition table allows from `status`, in its order."""
    return [(target, MOVES[(status, target)]) for target in allowed_recommendation_targets(status)]


def _move_form(move, recommendation, data=None):
    return move.form_class(
        data, recommendation=recommendation, note_required=move.note_required, prefix=move.key
    )


def _make_move(move, *, actor, recommendation, form):
    data = form.cleaned_data
    common = {
        "actor": actor,
        "recommendation": recommendation,
        "occurred_at": form.occurred_at,
        "public_note": data["public_note"],
    }
    if move.key == "issue":
        return services.recommendation_issue(response_due=data["response_due"], note=data["note"], **common)
    if move.key == "start":
        return services.recommendation_start(note=data["note"], **common)
    if move.key == "report":
        return services.recommendation_mark_reported(note=data["note"], **common)
    if move.key == "return":
        return services.recommendation_new_cycle(
            note=data["note"], response_due=data["response_due"], **common
        )
    if move.key == "close":
        return evaluation_services.recommendation_close(
            verdict=data["verdict"], note=data["note"], reports=data["reports"], **common
        )
    return evaluation_services.follow_up_reopen(
        inspection=data["inspection"], note=data["note"], response_due=data["response_due"], **common
    )


def _recommendation(code):
    try:
        return selectors.office_recommendation(code)
    except Recommendation.DoesNotExist:
        raise Http404 from None


def _recommendation_page(request, recommendation, *, bound=None, vote_form=None, status=200):
    moves = []
    for target, move in moves_from(recommendation.status):
        form = bound if bound is not None and bound.prefix == move.key else _move_form(move, recommendation)
        moves.append(
            {
                "move": move,
                "form": form,
                "label": transition_label("recommendation", recommendation.status, target),
            }
        )
    context = {
        "recommendation": recommendation,
        "moves": moves,
        "timeline": recommendation_timeline(recommendation),
        "open_vote": selectors.open_evaluations().filter(terms__recommendations=recommendation).first(),
        "vote_form": vote_form
        or (forms.VoteForm(recommendation=recommendation) if recommendation.status == RS.REPORTED else None),
        "can_add_task": recommendation.status in (RS.ISSUED, RS.IN_PROGRESS),
        "opened": bound is not None and bound.errors,
    }
    return render(request, "office/recommendation_detail.html", context, status=status)


@staff_required
def recommendation_detail(request, code):
    return _recommendation_page(request, _recommendation(code))


@staff_required
@require_POST
def recommendation_move(request, code, move):
    recommendation = _recommendation(code)
    allowed = {m.key: m for _target, m in moves_from(recommendation.status)}
    if move not in allowed:
        if move not in {m.key for m in MOVES.values()}:
            raise Http404
        messages.error(
            request,
            _("This step is not possible now: the recommendation is “%(status)s”.")
            % {"status": recommendation.get_status_display()},
        )
        return redirect("office:recommendation", code=code)
    chosen = allowed[move]
    form = _move_form(chosen, recommendation, request.POST)
    if form.is_valid():
        try:
            _make_move(chosen, actor=request.user, recommendation=recommendation, form=form)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": chosen.label})
            return redirect("office:recommendation", code=code)
    return _recommendation_page(request, recommendation, bound=form, status=400)


@staff_required
@require_POST
@submit_once
def recommendation_vote(request, code):
    """Record a satisfaction vote taken in session: open the evaluation and enter its totals
    in one step, dated the day it was held."""
    recommendation = _recommendation(code)
    form = forms.VoteForm(request.POST, recommendation=recommendation)
    if form.is_valid():
        data = form.cleaned_data
        held_at = forms.occurred_at(data["held_on"])
        try:
            with transaction.atomic():
                evaluation = evaluation_services.evaluation_open(
                    actor=request.user,
                    topic=recommendation.topic,
                    recommendation=recommendation,
                    method=EvaluationMethod.IN_SESSION,
                    meeting=data["meeting"],
                    held_on=data["held_on"],
                    occurred_at=held_at,
                )
                evaluation = evaluation_services.evaluation_record_totals(
                    actor=request.user,
                    evaluation=evaluation,
                    satisfied=data["satisfied"],
                    basically_satisfied=data["basically_satisfied"],
                    unsatisfied=data["unsatisfied"],
                    abstained=data["abstained"],
                    held_on=data["held_on"],
                    occurred_at=held_at,
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Vote recorded: %(result)s.") % {"result": evaluation.get_result_display()}
            )
            return redirect("office:recommendation", code=code)
    return _recommendation_page(request, recommendation, vote_form=form, status=400)


# --- tasks, deadlines and extension requests -------------------------------------------------


@staff_required
@submit_once
def task_new(request, code):
    recommendation = get_object_or_404(Recommendation, code=code)
    if recommendation.status not in (RS.ISSUED, RS.IN_PROGRESS):
        messages.error(
            request, _("Tasks are assigned once the recommendation is issued and before it is reported.")
        )
        return redirect("office:recommendation", code=code)
    initial = {"number": recommendation.tasks.count() + 1}
    form = forms.TaskForm(_posted(request), recommendation=recommendation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.task_create(
                actor=request.user,
                recommendation=recommendation,
                number=data["number"],
                title=data["title"],
                description=data["description"],
                lead_department=data["lead_department"],
                co_departments=list(data["co_departments"]),
                assigned_on=data["assigned_on"],
                due_date=data["due_date"],
                occurred_at=forms.occurred_at(data["assigned_on"]),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Task %(code)s assigned.") % {"code": task.code})
            return redirect("office:recommendation", code=code)
    return _form_page(
        request,
        form,
        title=_("New task of %(code)s") % {"code": code},
        back=("office:recommendation", (code,)),
    )


@staff_required
def task_detail(request, pk):
    try:
        task = selectors.office_task(pk)
    except Task.DoesNotExist:
        raise Http404 from None
    return render(request, "office/task_detail.html", {"task": task, "recommendation": task.recommendation})


@staff_required
def task_deadline(request, pk):
    """Set a new deadline for a task; the revision keeps the one it replaces, who and why."""
    task = get_object_or_404(Task.objects.select_related("recommendation"), pk=pk)
    form = forms.DeadlineForm(_posted(request), initial={"new_due": task.due_date})
    if request.method == "POST" and form.is_valid():
        try:
            portal_services.task_deadline_revise(
                actor=request.user,
                task=task,
                new_due=form.cleaned_data["new_due"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Deadline revised."))
            return redirect("office:task", pk=task.pk)
    return _form_page(
        request,
        form,
        title=_("New deadline for %(code)s") % {"code": task.code},
        back=("office:task", (task.pk,)),
    )


@staff_required
def extension_decide(request, pk):
    extension = get_object_or_404(
        ExtensionRequest.objects.select_related(
            "task__recommendation", "department", "requested_by", "decided_by"
        ),
        pk=pk,
    )
    form = forms.ExtensionDecisionForm(_posted(request), initial={"new_due": extension.requested_due})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == form.APPROVE:
                portal_services.extension_approve(
                    actor=request.user,
                    request=extension,
                    new_due=data["new_due"],
                    note=data["note"],
                    occurred_at=form.occurred_at,
                )
            else:
                portal_services.extension_refuse(
                    actor=request.user, request=extension, note=data["note"], occurred_at=form.occurred_at
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("office:task", pk=extension.task_id)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "office/extension.html", {"extension": extension, "form": form}, status=status)


# --- people -------------------------------------------------------------------------------


@staff_required
def people_index(request):
    people = User.in_congress.select_related("department").order_by(
        "-is_active", "last_name", "first_name", "username"
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "office/people.html", {"people": page.object_list, "page": page})


def _person_fields(form):
    data = form.cleaned_data
    return {
        "email": data["email"],
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "department": data["department"],
        **form.roles(),
    }


@staff_required
@submit_once
def person_new(request):
    form = forms.PersonForm(_posted(request), initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = account_services.user_create(
                    actor=request.user, username=form.cleaned_data["email"], **_person_fields(form)
                )
                if not form.cleaned_data["is_active"]:
                    user = account_services.user_update(actor=request.user, user=user, is_active=False)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if user.is_active:
                transaction.on_commit(lambda: account_services.user_invite(user=user))
            messages.success(
                request,
                _("Account created; %(email)s was sent a link to set a password.") % {"email": user.email},
            )
            return redirect("office:people")
    return _form_page(request, form, title=_("New account"), back=("office:people", ()))


@staff_required
def person_edit(request, pk):
    person = get_object_or_404(User.in_congress, pk=pk)
    form = forms.PersonForm(_posted(request), instance=person)
    if request.method == "POST" and form.is_valid():
        if person.pk == request.user.pk and not form.cleaned_data["is_active"]:
            form.add_error("is_active", _("You cannot deactivate your own account."))
        else:
            try:
                account_services.user_update(
                    actor=request.user,
                    user=person,
                    is_active=form.cleaned_data["is_active"],
                    **_person_fields(form),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Account saved."))
                return redirect("office:people")
    return _form_page(request, form, title=str(person), back=("office:people", ()))


# --- the standing committee's settings ----------------------------------------------------


@staff_required
def congress_settings(request):
    congress = current_congress()
    if congress is None:
        raise Http404
    congress = Congress.objects.get(pk=congress.pk)
    form = forms.CongressForm(_posted(request), instance=congress)
    if request.method == "POST" and form.is_valid():
        try:
            congress_update(
                actor=request.user,
                congress=congress,
                **{name: form.cleaned_data[name] for name in EDITABLE_FIELDS},
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("office:settings")
    return _form_page(request, form, title=_("Standing committee settings"), back=("office:home", ()))
