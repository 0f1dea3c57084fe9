from django.db import migrations

from congresses.defaults import ensure_congress


def create_congress(apps, schema_editor):
    ensure_congress(apps)


class Migration(migrations.Migration):
    dependencies = [("congresses", "0001_initial")]

    operations = [migrations.RunPython(create_congress, migrations.RunPython.noop)]
