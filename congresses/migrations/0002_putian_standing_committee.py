from django.db import migrations


def create_congress(apps, schema_editor):
    """The demo's standing committee (the seed case: Putian city, 8th congress). The number of
    members entitled to vote is a demo value; staff set the real one."""
    Congress = apps.get_model("congresses", "Congress")
    if not Congress.objects.exists():
        Congress.objects.create(
            name="莆田市人民代表大会常务委员会",
            short_name="莆田市人大常委会",
            government_name="莆田市人民政府",
            voting_members=40,
        )


class Migration(migrations.Migration):
    dependencies = [("congresses", "0001_initial")]

    operations = [migrations.RunPython(create_congress, migrations.RunPython.noop)]
