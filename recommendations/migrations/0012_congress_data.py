from django.db import migrations

from congresses.defaults import fill_congress

TABLES = [
    f"recommendations_{model}{suffix}"
    for model in ("department", "oversighttopic", "meeting", "finding", "recommendation")
    for suffix in ("", "event")
]


def fill(apps, schema_editor):
    """Every row so far belongs to the one congress there was."""
    fill_congress(schema_editor, apps, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0011_congress_columns"),
        ("congresses", "0006_congress_codes"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
