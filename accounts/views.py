"""Signing in (each role lands on its own home page) and the user's own account settings."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.services import user_set_language
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


def set_language_cookie(response, language):
    """The browser reads the site in `language` from the next page on."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _language_choices():
    # Each language in its own name, as the language switch offers them.
    return [(code, translation.get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class LanguageSelect(forms.Select):
    """Each option marked as written in its own language."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["lang"] = value
        return option


class AccountSettingsForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=_language_choices,
        widget=LanguageSelect,
        required=False,  # left out: the language stays as it is
        help_text=_("The site, your emails and your notifications are in this language."),
    )
    follow_email = forms.BooleanField(
        label=_("Email me what happens to what I follow"),
        required=False,
        help_text=_("Notices always appear under Notifications; with this on, they are also sent by email."),
    )


@login_required
def account_settings(request):
    """The signed-in user's own settings: the language the site, emails and notices are in, and
    whether notices of what they follow come by email too."""
    from follows.services import account_follow_email_set

    user = request.user
    data = request.POST if request.method == "POST" else None
    initial = {"follow_email": user.follow_email, "language": user.language or translation.get_language()}
    form = AccountSettingsForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["follow_email"] and not user.email:
            message = _("Your account has no email address; ask the committee staff to add one.")
            form.add_error("follow_email", message)
        else:
            language = form.cleaned_data["language"] or translation.get_language()
            with transaction.atomic():
                if form.cleaned_data["language"]:
                    user_set_language(user=user, language=language)
                account_follow_email_set(user=user, follow_email=form.cleaned_data["follow_email"])
            # Said in the language chosen, as the page it leads to is.
            with translation.override(language):
                messages.success(request, gettext("Your settings are saved."))
            return set_language_cookie(redirect("account_settings"), language)
    return render(request, "accounts/settings.html", {"form": form}, status=400 if form.errors else 200)
