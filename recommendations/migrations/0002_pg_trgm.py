from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Trigram matching: substring search that works on Chinese text, and its indexes."""

    dependencies = [("recommendations", "0001_initial")]

    operations = [TrigramExtension()]
