from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The "shared" database cache (settings.CACHES); createcachetable skips existing tables.
    call_command("createcachetable", "dashboard_cache", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS dashboard_cache")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
