"""Status notes the system wrote as text (in the writer's language) become system texts: a code
rendered in the reader's language. Notes it cannot recognise stay as they are."""

import pgtrigger
from django.db import migrations

# The wordings these notes had before, in either language.
LEGACY = {
    "tasks_assigned": ["已分解交办任务"],
    "every_task_verified": ["所有任务均已核实"],
    "imported": ["由表格导入"],
    "vote_not_satisfied": [
        "满意度测评结果为不满意,须重新办理。%(totals)s",
        "Satisfaction vote unsatisfied: re-handling required. %(totals)s",
    ],
    "vote_totals": [
        "%(method)s:满意 %(s)s 票,基本满意 %(b)s 票,不满意 %(u)s 票,弃权 %(a)s 票;有表决权组成人员 %(n)s 人",
        "%(method)s: %(s)s satisfied, %(b)s basically satisfied, %(u)s unsatisfied, %(a)s abstained; "
        "%(n)s members entitled",
    ],
}
METHODS = {
    "网上无记名投票": "online",
    "会议表决结果": "in_session",
    "Totals of an in-session vote": "in_session",
}
NOTES = ["tasks_assigned", "every_task_verified", "imported", "vote_not_satisfied"]


def forwards(apps, schema_editor):
    from oversight.system_texts import INTERNAL, recognise, recognising, recognising_choice

    totals = recognising(
        ["vote_totals"],
        legacy=LEGACY,
        params={"method": recognising_choice("evaluation_method", legacy=METHODS)},
    )
    StatusEvent = apps.get_model("recommendations", "StatusEvent")
    candidates = StatusEvent.objects.filter(text_code="").exclude(note="", public_note="")
    with pgtrigger.ignore("recommendations.StatusEvent:status_event_append_only"):
        for event in candidates.iterator():
            for field in ("public_note", "note"):
                found = recognise(getattr(event, field), NOTES, legacy=LEGACY, params={"totals": totals})
                # A note found where it was not written (an internal note among the published ones)
                # is someone's text that happens to read the same.
                if found is None or (found.code in INTERNAL) != (field == "note"):
                    continue
                StatusEvent.objects.filter(pk=event.pk).update(
                    **{field: ""}, text_code=found.code, text_params=found.params
                )
                break


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0008_wording_and_system_texts")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
