from django.conf import settings
from django.db import migrations

from congresses.defaults import ensure_congress


def give_codes(apps, schema_editor):
    """The first congress takes the DEFAULT_CONGRESS code; any other one a code from its id."""
    ensure_congress(apps)
    Congress = apps.get_model("congresses", "Congress")
    for index, congress in enumerate(Congress.objects.order_by("pk")):
        if not congress.code:
            congress.code = settings.DEFAULT_CONGRESS if index == 0 else f"congress-{congress.pk}"
            congress.save(update_fields=["code"])
    # Their history rows from before codes existed take the code too.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE congresses_congressevent e SET code = c.code FROM congresses_congress c"
            " WHERE e.pgh_obj_id = c.id AND e.code IS NULL"
        )


class Migration(migrations.Migration):
    dependencies = [("congresses", "0005_congress_code_level_parent")]

    operations = [migrations.RunPython(give_codes, migrations.RunPython.noop)]
