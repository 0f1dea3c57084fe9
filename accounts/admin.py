from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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
                    "department",
                    "is_committee_staff",
                    "is_committee_member",
                    "is_department_liaison",
                )
            },
        ),
    )
