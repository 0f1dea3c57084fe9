from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _restore_congress(sender, apps=global_apps, **kwargs):
    # A migration creates the row; this keeps one after a database flush (tests) too.
    from .defaults import ensure_congress

    ensure_congress(apps)


class CongressesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "congresses"
    verbose_name = _("Standing committee")

    def ready(self):
        post_migrate.connect(_restore_congress, sender=self)
