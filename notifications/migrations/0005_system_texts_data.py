"""Notification titles the system wrote as text (in the writer's language) become system texts:
a code rendered in each reader's language. Titles it cannot recognise (among them reminders,
which lose their use within days) stay as they are."""

from django.db import migrations

# The wordings these titles had before, in either language.
LEGACY = {
    "new_assignment": ["新交办任务:%(task)s"],
    "report_submitted": ["报告待审核:%(task)s · %(department)s"],
    "report_returned": ["报告被退回:%(task)s"],
    "report_accepted": ["报告已采纳:%(task)s"],
    "assignment_contested": ["交办异议:%(department)s 对 %(task)s"],
    "contest_accepted": ["异议成立:%(task)s 已改交 %(department)s"],
    "assignment_confirmed": ["维持原交办:%(task)s"],
    "extension_requested": ["延期申请：%(department)s申请延期办理%(task)s"],
    "extension_approved": ["延期申请已批准：%(task)s调整后期限为%(date)s"],
    "extension_refused": ["延期申请未获批准：%(task)s"],
    "vote_open": ["满意度测评开始:%(target)s"],
    "evaluation_name": ["%(target)s · cycle %(cycle)s"],
    "further_handling": ["须重新办理:%(code)s,第 %(cycle)s 轮", "Re-handling required: %(code)s, cycle %(cycle)s"],
}
TITLES = [code for code in LEGACY if code != "evaluation_name"]


def forwards(apps, schema_editor):
    from oversight.system_texts import recognise, recognise_date, recognising

    params = {"date": recognise_date, "target": recognising(["evaluation_name"], legacy=LEGACY)}
    Notification = apps.get_model("notifications", "Notification")
    for notification in Notification.objects.filter(text_code="").exclude(title="").iterator():
        found = recognise(notification.title, TITLES, legacy=LEGACY, params=params)
        if found is not None:
            Notification.objects.filter(pk=notification.pk).update(
                title="", text_code=found.code, text_params=found.params
            )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_wording_and_system_texts")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
