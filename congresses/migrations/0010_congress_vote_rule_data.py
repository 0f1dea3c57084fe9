from django.conf import settings
from django.db import migrations


def from_settings(apps, schema_editor):
    """The one vote rule the platform had (the EVALUATION_* settings) becomes every existing
    congress's own."""
    Congress = apps.get_model("congresses", "Congress")
    Congress.objects.update(
        quorum=settings.EVALUATION_QUORUM,
        satisfied_share=settings.EVALUATION_SATISFIED_SHARE,
        unsatisfied_share=settings.EVALUATION_UNSATISFIED_SHARE,
    )


class Migration(migrations.Migration):
    dependencies = [("congresses", "0009_congress_settings")]

    operations = [migrations.RunPython(from_settings, migrations.RunPython.noop)]
