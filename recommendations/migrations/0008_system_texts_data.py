"""Status notes the system wrote as text (in the writer's language) become system texts: a code
rendered in the reader's language. Notes it cannot recognise stay as they are."""

import pgtrigger
from django.db import migrations

# The Chinese wordings these notes had before.
LEGACY = {
    "tasks_assigned": ["已分解交办任务"],
    "every_task_verified": ["所有任务均已核实"],
    "imported": ["由表格导入"],
}


def forwards(apps, schema_editor):
    from oversight.system_texts import recognise

    StatusEvent = apps.get_model("recommendations", "StatusEvent")
    candidates = StatusEvent.objects.filter(text_code="").exclude(note="", public_note="")
    with pgtrigger.ignore("recommendations.StatusEvent:status_event_append_only"):
        for event in candidates.iterator():
            for field in ("public_note", "note"):
                found = recognise(getattr(event, field), LEGACY, legacy=LEGACY)
                if found is None:
                    continue
                StatusEvent.objects.filter(pk=event.pk).update(
                    **{field: ""}, text_code=found.code, text_params=found.params
                )
                break


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0007_wording_and_system_texts")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
