from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self):
        # Registers the "oversight.view_dashboard" rule (used by the view and the header link).
        from django.db.models.signals import post_delete, post_save

        from recommendations.models import (
            Evaluation,
            Measurement,
            ProgressReport,
            Recommendation,
            StatusEvent,
            Task,
        )

        from . import permissions  # noqa: F401
        from .cache import invalidate_on_write

        # The models the figures read; any saved or deleted row retires the cached tables.
        for model in (Recommendation, Task, ProgressReport, Measurement, Evaluation, StatusEvent):
            uid = f"dashboard-{model.__name__}"
            post_save.connect(invalidate_on_write, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(invalidate_on_write, sender=model, dispatch_uid=f"{uid}-delete")
