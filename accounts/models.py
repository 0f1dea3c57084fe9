import pghistory
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["password", "last_login"],
)
class User(AbstractUser):
    """A person who signs in: committee staff, a committee member or a department liaison.

    Roles are flags because one person may hold several (a member who also staffs an office).
    A liaison acts for exactly one department.
    """

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

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_liaison_has_department",
                condition=Q(is_department_liaison=False) | Q(department__isnull=False),
                violation_error_message=_("A department liaison must belong to a department."),
            ),
        ]

    def __str__(self):
        full_name = self.get_full_name()
        return full_name or self.username

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
