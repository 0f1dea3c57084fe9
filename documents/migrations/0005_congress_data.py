from django.db import migrations

from congresses.defaults import fill_congress

TABLES = "documents_attachment documents_attachmentevent documents_source documents_sourceevent documents_documentjob".split()


def fill(apps, schema_editor):
    """Every row so far belongs to the one congress there was."""
    fill_congress(schema_editor, apps, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_congress_columns"),
        ("congresses", "0006_congress_codes"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
