from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "congresses"
    verbose_name = _("Standing committee")
