import django.db.models.deletion
from django.db import migrations, models

from search.migrations import _sql_0001
from search.sql import RECORD_FUNCTION

# Existing documents take their record's congress: every kind but departments has a topic.
BACKFILL = """
UPDATE search_searchdocument s SET congress_id = o.congress_id
  FROM recommendations_oversighttopic o WHERE s.topic_id = o.id;
UPDATE search_searchdocument s SET congress_id = d.congress_id
  FROM recommendations_department d WHERE s.kind = 'department' AND s.object_id = d.id;
"""


def _record_function_0001():
    functions = _sql_0001.FUNCTIONS
    start = functions.index("-- (Re)write the document of one record")
    end = functions.index("-- The row trigger of every indexed table")
    return functions[start:end].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)


class Migration(migrations.Migration):
    dependencies = [
        ("congresses", "0008_congress_code_unique"),
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="congress",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="congresses.congress",
            ),
        ),
        migrations.RunSQL(RECORD_FUNCTION + BACKFILL, _record_function_0001()),
    ]
