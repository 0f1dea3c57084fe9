from django.db import migrations

from congresses.defaults import fill_congress

TABLES = ["reminders_workingdayexception", "reminders_workingdayexceptionevent"]


def fill(apps, schema_editor):
    """Every local exception so far was the one congress's there was."""
    fill_congress(schema_editor, apps, TABLES)


class Migration(migrations.Migration):
    dependencies = [("reminders", "0009_workingdayexception_congress"), ("congresses", "0008_congress_code_unique")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
