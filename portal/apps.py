from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Department portal")

    def ready(self):
        # Registers the object permissions (django-rules) before any request checks one.
        import recommendations.permissions  # noqa: F401
