from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self):
        # Registers the "oversight.view_dashboard" rule (used by the view and the header link).
        from oversight.data_version import connect_signals

        from . import permissions  # noqa: F401

        # Any write to the data the figures read retires the cached tables.
        connect_signals()
