from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _restore_committee_staff_group(sender, apps=global_apps, verbosity=0, **kwargs):
    # A migration creates the group; this keeps it after a database flush (tests) too.
    from .roles import grant_committee_staff_permissions

    grant_committee_staff_permissions(apps, verbosity=verbosity)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        post_migrate.connect(_restore_committee_staff_group, sender=self)
