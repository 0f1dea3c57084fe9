import rules

# The header's links, by the rule that guards each page.
NAVIGATION_RULES = {
    "portal": "oversight.enter_portal",
    "review": "oversight.review",
    "dashboard": "oversight.view_dashboard",
}


def navigation(request):
    """Which role pages the header links to. The same answer as `perms.oversight.…`, without
    ModelBackend's two permission-table queries per page: no permission row can grant these
    rule-only names, so only the rules and the superuser flag decide."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return {"nav": {}}
    allowed = {key: user.is_superuser or rules.has_perm(name, user) for key, name in NAVIGATION_RULES.items()}
    return {"nav": allowed}
