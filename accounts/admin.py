from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import User
from .services import user_save


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django's form joins its help text into one string at import, in the language active
    then; this one joins it when the form is shown, in the reader's language."""

    @property
    def usable_password_help_text(self):
        return format_html(
            '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
            SetUnusablePasswordMixin.usable_password_help_text,
            _("If disabled, the current password for this user will be lost."),
        )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    change_password_form = PasswordChangeForm
    list_display = (
        "username",
        "first_name",
        "department",
        "is_committee_staff",
        "is_committee_member",
        "is_department_liaison",
        "is_active",
    )
    list_filter = (
        "is_committee_staff",
        "is_committee_member",
        "is_department_liaison",
        "is_active",
        "department",
    )
    autocomplete_fields = ("department",)
    fieldsets = DjangoUserAdmin.fieldsets + (
        (
            _("Oversight roles"),
            {
                "fields": (
                    "congress",
                    "department",
                    "is_committee_staff",
                    "is_committee_member",
                    "is_department_liaison",
                )
            },
        ),
    )

    # Staff who are not superusers manage accounts and roles, never rights: no superuser flag,
    # groups or individual permissions in their form.
    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in self.RIGHTS]})
            for name, options in fieldsets
        ]

    RIGHTS = ("is_staff", "is_superuser", "groups", "user_permissions", "congress")

    def get_queryset(self, request):
        # Staff manage their own congress's accounts; platform administrators every account.
        accounts = super().get_queryset(request)
        return accounts if request.user.is_superuser else accounts.filter(congress=request.user.congress_id)

    def save_model(self, request, obj, form, change):
        if not change and obj.congress_id is None and not obj.is_superuser:
            obj.congress = request.congress
        user_save(actor=request.user, user=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Again after the form's groups are set: the committee staff role decides that group.
        user_save(actor=request.user, user=form.instance)
