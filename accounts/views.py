"""Signing in (each role lands on its own home page) and the user's own account settings."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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


class AccountSettingsForm(forms.Form):
    follow_email = forms.BooleanField(
        label=_("Email me what happens to what I follow"),
        required=False,
        help_text=_("Notices always appear under Notifications; with this on, they are also sent by email."),
    )


@login_required
def account_settings(request):
    """The signed-in user's own settings: whether notices of what they follow come by email too."""
    from follows.services import account_follow_email_set

    data = request.POST if request.method == "POST" else None
    form = AccountSettingsForm(data, initial={"follow_email": request.user.follow_email})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["follow_email"] and not request.user.email:
            message = _("Your account has no email address; ask the committee staff to add one.")
            form.add_error("follow_email", message)
        else:
            account_follow_email_set(user=request.user, follow_email=form.cleaned_data["follow_email"])
            messages.success(request, _("Your settings are saved."))
            return redirect("account_settings")
    return render(request, "accounts/settings.html", {"form": form}, status=400 if form.errors else 200)
