from django.db import migrations

from congresses.defaults import default_congress_pk


def fill(apps, schema_editor):
    """Every account so far works for the one congress there was; platform administrators
    (superusers) belong to none."""
    User = apps.get_model("accounts", "User")
    User.objects.filter(congress__isnull=True, is_superuser=False).update(
        congress_id=default_congress_pk(apps)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_user_congress"),
        ("congresses", "0006_congress_codes"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
