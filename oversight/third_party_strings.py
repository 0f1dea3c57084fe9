"""Texts of installed packages that their own Simplified Chinese catalogues lack (Django's admin
and auth since 5.1, pghistory's admin). Listed here so that `makemessages` keeps them in the
project catalogue, which takes precedence over the packages' own."""

from django.utils.translation import gettext_noop

STRINGS = (
    # django.contrib.admin: the app list's table headers, read out by screen readers.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    # django-import-export's export page.
    gettext_noop("Select all"),
    # pghistory.admin: the link to a record's history on every change page.
    gettext_noop("Events"),
)
