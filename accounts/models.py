import pghistory
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congresses.scoping import ScopedManager

from .names import full_name


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["password", "last_login"],
)
class User(AbstractUser):
    """A person who signs in: committee staff, a committee member or a department liaison.

    Roles are flags because one person may hold several (a member who also staffs an office).
    A liaison acts for exactly one department. Every account belongs to one congress, and works
    on that congress's records; platform administrators (superusers) may belong to none.
    """

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("standing committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    department = models.ForeignKey(
        "recommendations.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    is_committee_staff = models.BooleanField(_("committee staff"), default=False)
    is_committee_member = models.BooleanField(_("committee member"), default=False)
    is_department_liaison = models.BooleanField(_("department liaison"), default=False)
    follow_email = models.BooleanField(
        _("email me what happens to what I follow"),
        default=False,
        help_text=_("Notices always appear under Notifications; with this on, they are also sent by email."),
    )
    # The language the person last chose on the site: what they are sent (emails) is written
    # in it. Blank: the site's default language.
    language = models.CharField(_("language"), max_length=10, blank=True)

    # `objects` finds any account (signing in, unique user names); `in_congress` only the open
    # congress scope's, for everything that addresses people by role.
    in_congress = ScopedManager("congress")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        default_manager_name = "objects"
        constraints = [
            models.CheckConstraint(
                name="user_liaison_has_department",
                condition=Q(is_department_liaison=False) | Q(department__isnull=False),
                violation_error_message=_("A department liaison must belong to a department."),
            ),
            models.CheckConstraint(
                name="user_has_congress",
                condition=Q(is_superuser=True) | Q(congress__isnull=False),
                violation_error_message=_(
                    "Every account except a platform administrator's belongs to a congress."
                ),
            ),
        ]

    def clean(self):
        super().clean()
        if self.department_id and self.congress_id and self.department.congress_id != self.congress_id:
            raise ValidationError({"department": _("The department must be one of the account's congress.")})

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        return full_name(self.first_name, self.last_name)

    @property
    def reading_language(self):
        from django.conf import settings

        return self.language or settings.LANGUAGE_CODE

    @property
    def role_labels(self):
        labels = []
        if self.is_committee_staff:
            labels.append(_("committee staff"))
        if self.is_committee_member:
            labels.append(_("committee member"))
        if self.is_department_liaison:
            labels.append(_("department liaison"))
        return labels


class FormSubmission(models.Model):
    """A spent one-time form token: the first POST that carried it, who sent it and where its
    result is. Every form that creates something carries a fresh token, so a second POST with
    the same token (a double click, a browser resending) is sent to that result instead of
    creating the thing again. Not history: the record it led to has its own."""

    token = models.UUIDField(_("form token"), primary_key=True)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="form_submissions"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    result_url = models.CharField(_("result"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return str(self.token)
