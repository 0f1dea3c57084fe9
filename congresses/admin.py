from django.contrib import admin

from .models import Congress
from .services import EDITABLE_FIELDS, congress_update


@admin.register(Congress)
class CongressAdmin(admin.ModelAdmin):
    """The one standing committee row: edited, never added or deleted here."""

    list_display = ("short_name", "name", "government_name", "voting_members")
    fields = EDITABLE_FIELDS

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        congress_update(
            actor=request.user,
            congress=obj,
            **{name: form.cleaned_data[name] for name in EDITABLE_FIELDS},
        )
