"""Signing in: each role lands on its own home page."""

from django.contrib.auth.views import LoginView
from django.urls import reverse

from recommendations.permissions import is_committee_member, is_committee_staff, is_department_liaison


def home_for(user):
    """Where a signed-in user starts: staff in the office, members on the dashboard, liaisons
    in the department portal, anyone else on the public site."""
    if is_committee_staff(user):
        return reverse("office:home")
    if is_committee_member(user):
        return reverse("dashboard:index")
    if is_department_liaison(user):
        return reverse("portal:home")
    return reverse("home")


class RoleLoginView(LoginView):
    """The sign-in page; without a `next` address it sends each role to its own home."""

    def get_default_redirect_url(self):
        if self.next_page:
            return super().get_default_redirect_url()
        return home_for(self.request.user)
