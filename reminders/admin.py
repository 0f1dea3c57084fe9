from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from recommendations.admin import ServiceAdmin

from .models import SentReminder, WorkingDayException


@admin.register(WorkingDayException)
class WorkingDayExceptionAdmin(ServiceAdmin):
    list_display = ("date", "is_working_day", "reason", "congress")
    list_filter = ("is_working_day",)
    search_fields = ("reason",)
    date_hierarchy = "date"


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    """The delivery record is evidence: read it here, never edit it."""

    list_display = ("sent_at", "kind", "subject", "threshold", "due_date", "recipient", "emailed")
    list_filter = ("kind", "emailed")
    date_hierarchy = "sent_at"
    list_select_related = ("task__recommendation", "recommendation", "recipient_user")

    @admin.display(description=_("about"))
    def subject(self, obj):
        return obj.task or obj.recommendation or "-"

    @admin.display(description=_("recipient"))
    def recipient(self, obj):
        return obj.recipient_user or obj.recipient_email or _("committee staff")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
