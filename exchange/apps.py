from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Spreadsheet import and export of the oversight record."""

    name = "exchange"
    verbose_name = _("Import and export")
