"""Following pages: the list of what the user follows, and the follow / unfollow button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recommendations.models import Department, OversightTopic, Recommendation

from . import selectors, services

MODELS = {"recommendation": Recommendation, "topic": OversightTopic, "department": Department}


@login_required
def follow_list(request):
    follows = selectors.follows_with_links(request.user)
    context = {
        "groups": [
            (_("Recommendations"), [f for f in follows if f.recommendation_id]),
            (_("Oversight topics"), [f for f in follows if f.topic_id]),
            (_("Departments"), [f for f in follows if f.department_id]),
        ],
        "has_follows": bool(follows),
    }
    return render(request, "follows/list.html", context)


@require_POST
@login_required
def follow_toggle(request, kind, code):
    """Follow (`action=follow`) or unfollow the recommendation, topic or department with this
    code, then go back where the button was. What the user may not see is a 404."""
    model = MODELS.get(kind)
    if model is None:
        raise Http404
    target = model.objects.filter(code__iexact=code).first()
    unfollow = request.POST.get("action") == "unfollow"
    # Unfollowing is always possible, even of what the user may no longer see.
    if target is None or not (unfollow or selectors.can_follow(request.user, target)):
        raise Http404
    if unfollow:
        services.follow_remove(actor=request.user, target=target)
        messages.success(request, _("You no longer follow %(name)s.") % {"name": _name(target)})
    else:
        try:
            services.follow_add(actor=request.user, target=target)
        except PermissionDenied as exc:
            raise Http404 from exc
        message = _("You follow %(name)s: what happens to it will appear under Notifications.")
        messages.success(request, message % {"name": _name(target)})
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("follows:list")


def _name(target):
    if isinstance(target, Recommendation):
        return f"{target.code} {target.title}"
    return str(target)
