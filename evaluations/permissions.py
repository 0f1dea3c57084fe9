"""Who may do what in evaluations and closure: predicates on users and objects, used by the
views and applied to querysets."""

from recommendations.choices import EvaluationMethod


def is_committee_staff(user):
    return user.is_authenticated and user.is_active and user.is_committee_staff


def is_committee_member(user):
    return user.is_authenticated and user.is_active and user.is_committee_member


def can_view_evaluations(user):
    return is_committee_staff(user) or is_committee_member(user)


def evaluations_visible_to(user, queryset):
    return queryset if can_view_evaluations(user) else queryset.none()


def can_manage_evaluations(user):
    return is_committee_staff(user)


def can_close_recommendations(user):
    return is_committee_staff(user)


def can_vote(user, evaluation, *, entitled):
    """`entitled`: whether the user is among the evaluation's snapshotted voters."""
    return (
        is_committee_member(user)
        and entitled
        and evaluation.method == EvaluationMethod.ONLINE_BALLOT
        and evaluation.closed_at is None
    )


def can_see_totals(user, evaluation):
    """Totals by choice only once the vote has closed, for everyone; no one ever sees who
    chose what."""
    return evaluation.closed_at is not None


def can_see_turnout(user, evaluation):
    """How many have voted so far: staff, who run the vote."""
    return is_committee_staff(user)
