import rules
from django.utils.translation import gettext_lazy as _

from recommendations.permissions import is_committee_member, is_committee_staff, is_department_liaison

# The header's links, by the rule that guards each page.
NAVIGATION_RULES = {
    "office": "oversight.use_office",
    "portal": "oversight.enter_portal",
    "review": "oversight.review",
    "dashboard": "oversight.view_dashboard",
}

# Each role's own links (URL name, label), in the order its work goes; a person with several
# roles gets the first role's. Visitors and accounts without a role get the public site's.
STAFF_LINKS = [
    ("office:home", _("Office")),
    ("review:home", _("Review queue")),
    ("evaluations:list", _("Evaluations")),
    ("dashboard:index", _("Dashboard")),
    ("public_recommendation_list", _("Public site")),
]
MEMBER_LINKS = [
    ("dashboard:index", _("Dashboard")),
    ("evaluations:list", _("Evaluations")),
    ("public_recommendation_list", _("Recommendations")),
]
LIAISON_LINKS = [
    ("portal:home", _("Department portal")),
    ("public_recommendation_list", _("Recommendations")),
]
PUBLIC_LINKS = [
    ("public_recommendation_list", _("Recommendations")),
    ("public_department_list", _("Departments")),
    ("open-data", _("Open data")),
]


def navigation(request):
    """Which role pages the header links to. The same answer as `perms.oversight.…`, without
    ModelBackend's two permission-table queries per page: no permission row can grant these
    rule-only names, so only the rules and the superuser flag decide."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return {"nav": {}, "nav_links": PUBLIC_LINKS}
    allowed = {key: user.is_superuser or rules.has_perm(name, user) for key, name in NAVIGATION_RULES.items()}
    return {"nav": allowed, "nav_links": role_links(user)}


def role_links(user):
    if is_committee_staff(user):
        return STAFF_LINKS
    if is_committee_member(user):
        return MEMBER_LINKS
    if is_department_liaison(user):
        return LIAISON_LINKS
    return PUBLIC_LINKS
