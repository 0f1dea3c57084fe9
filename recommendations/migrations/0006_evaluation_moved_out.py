"""`Evaluation` now lives in the evaluations app (which keeps its tables): drop the history
triggers named after this app, then forget the models here."""

from django.db import migrations
from pgtrigger.migrations import RemoveTrigger


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0005_public_note_tasks_on_issued"),
        ("evaluations", "0003_evaluation_moved_in"),
    ]

    operations = [
        RemoveTrigger(model_name="evaluation", name="insert_insert"),
        RemoveTrigger(model_name="evaluation", name="update_update"),
        RemoveTrigger(model_name="evaluation", name="delete_delete"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="EvaluationEvent"),
                migrations.DeleteModel(name="Evaluation"),
            ],
        ),
    ]
