"""The admin site: reference data and a read-only view of the oversight record, listed in the
order of the oversight cycle rather than alphabetically."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _

# App, then its models, in the order staff meet them in the cycle; anything else follows.
CYCLE_ORDER = {
    "congresses": ["congress"],
    "recommendations": [
        "department",
        "oversighttopic",
        "inspection",
        "finding",
        "meeting",
        "remark",
        "recommendation",
        "task",
        "progressreport",
        "indicator",
        "measurement",
        "statusevent",
    ],
    "evaluations": ["evaluation"],
    "accounts": ["user"],
    "reminders": ["workingdayexception", "sentreminder"],
}


def _position(order, key):
    return order.index(key) if key in order else len(order)


# Machinery, not oversight: only superusers see these on the index (staff still follow a
# record's "Events" link to its history).
TECHNICAL_APPS = {"axes", "pghistory", "django_celery_beat", "auth"}


class OversightAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        apps = list(super().get_app_list(request, app_label))
        if not request.user.is_superuser:
            apps = [app for app in apps if app["app_label"] not in TECHNICAL_APPS]
        app_order = list(CYCLE_ORDER)
        apps.sort(key=lambda app: (_position(app_order, app["app_label"]), app["name"]))
        for app in apps:
            models = CYCLE_ORDER.get(app["app_label"], [])
            app["models"].sort(key=lambda m: (_position(models, m["object_name"].lower()), m["name"]))
        return apps


class OversightAdminConfig(AdminConfig):
    default_site = "oversight.admin.OversightAdminSite"

    def ready(self):
        super().ready()
        # Django's yes/no icons carry the English words "True" and "False" as their text.
        from django.contrib.admin.templatetags import admin_list

        admin_list._boolean_icon = _boolean_icon


def _boolean_icon(value):
    """A yes/no/unknown icon whose text alternative is in the reader's language."""
    name = {True: "yes", False: "no", None: "unknown"}[value]
    text = {True: _("Yes"), False: _("No"), None: _("Unknown")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), text)
