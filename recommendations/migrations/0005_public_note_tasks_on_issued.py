
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('recommendations', '0004_government_response_date'),
    ]

    operations = [
        migrations.AddField(
            model_name='statusevent',
            name='public_note',
            field=models.TextField(blank=True, help_text='Published with this step on the public site.', verbose_name='public note'),
        ),
        migrations.AlterField(
            model_name='statusevent',
            name='note',
            field=models.TextField(blank=True, help_text='Seen by committee staff and the departments concerned; not published.', verbose_name='internal note'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='task',
            trigger=pgtrigger.compiler.Trigger(name='task_only_on_issued_recommendation', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n                    IF EXISTS (\n                        SELECT 1 FROM recommendations_recommendation\n                        WHERE id = NEW.recommendation_id AND status = 'draft'\n                    ) THEN\n                        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE =\n                            'A task can be assigned only to an issued recommendation, not to a draft.';\n                    END IF;\n                    RETURN NEW;\n                ", hash='f74f33d68335518b2436769e79dcceefe6567fa8', operation='INSERT OR UPDATE OF "recommendation_id"', pgid='pgtrigger_task_only_on_issued_recommendation_7afc0', table='recommendations_task', when='BEFORE')),
        ),
    ]
