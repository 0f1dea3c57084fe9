"""A document job remembers whether it reached the broker; beat sends the ones that did not
every five minutes (a schedule staff can change in the admin)."""

from django.db import migrations, models
from django.db.models import F

SCHEDULE = "Send document jobs asked for while the broker was down"


def mark_earlier_jobs_sent(apps, schema_editor):
    # Earlier jobs were handed to the queue when asked for; whether it was reachable is unknown.
    apps.get_model("documents", "DocumentJob").objects.update(sent_at=F("requested_at"))


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="*/5",
        hour="*",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.update_or_create(
        name=SCHEDULE, defaults={"task": "documents.send_waiting_jobs", "crontab": crontab}
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SCHEDULE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_document_job"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.AddField(
            model_name="documentjob",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="sent to the worker at"),
        ),
        migrations.RunPython(mark_earlier_jobs_sent, migrations.RunPython.noop),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
