from django.db import migrations

from congresses.defaults import fill_congress

TABLES = "reminders_sentreminder".split()


def fill(apps, schema_editor):
    """Every row so far belongs to the one congress there was."""
    fill_congress(schema_editor, apps, TABLES)


class Migration(migrations.Migration):
    dependencies = [("reminders", "0006_sentreminder_congress"), ("congresses", "0006_congress_codes")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
