from django.db import migrations

from accounts.roles import COMMITTEE_STAFF_GROUP, grant_committee_staff_permissions

# The group's permissions when this migration was written: the evaluation was a model of the
# recommendations app then (a later migration moves it, with its permissions).
PERMISSIONS = [
    ("congresses", "congress", ("view", "change")),
    ("recommendations", "department", ("view", "add", "change")),
    ("recommendations", "indicator", ("view", "add", "change")),
    ("accounts", "user", ("view", "add", "change")),
    ("reminders", "workingdayexception", ("view", "add", "change", "delete")),
    *(
        ("recommendations", model, ("view",))
        for model in (
            "oversighttopic",
            "inspection",
            "finding",
            "meeting",
            "remark",
            "recommendation",
            "task",
            "progressreport",
            "measurement",
            "evaluation",
            "statusevent",
        )
    ),
    ("reminders", "sentreminder", ("view",)),
    ("pghistory", "middlewareevents", ("view",)),
]


def grant(apps, schema_editor):
    group = grant_committee_staff_permissions(apps, permissions=PERMISSIONS)
    for user in apps.get_model("accounts", "User").objects.filter(is_committee_staff=True):
        user.groups.add(group)


def revoke(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=COMMITTEE_STAFF_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_form_submission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("congresses", "0002_putian_standing_committee"),
        ("pghistory", "0007_auto_20250421_0444"),
        ("recommendations", "0005_public_note_tasks_on_issued"),
        ("reminders", "0004_priority_is_a_proposal"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
