"""`Evaluation` (and its history model) moves here from the recommendations app. The tables
keep their names and rows: only Django's state moves, with the content types (and so the
permissions granted on them). The history triggers are recreated under the names pgtrigger
gives them in this app; the recommendations migration that follows drops the old ones."""

import django.db.models.deletion
import django.db.models.expressions
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


MOVED = ("evaluation", "evaluationevent")


def _relabel(apps, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor):
    _relabel(apps, "recommendations", "evaluations")


def backwards(apps, schema_editor):
    _relabel(apps, "evaluations", "recommendations")


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0002_secret_ballot_box"),
        ("pghistory", "0007_auto_20250421_0444"),
        ("recommendations", "0005_public_note_tasks_on_issued"),
        # The staff group was granted its permissions on the model where it was then.
        ("accounts", "0004_committee_staff_group"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Evaluation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("cycle", models.PositiveSmallIntegerField(default=1, verbose_name="handling cycle")),
                        (
                            "method",
                            models.CharField(
                                choices=[
                                    ("online", "Online secret ballot"),
                                    ("in_session", "Totals of an in-session vote"),
                                ],
                                max_length=20,
                                verbose_name="method",
                            ),
                        ),
                        (
                            "voters_entitled",
                            models.PositiveIntegerField(verbose_name="members entitled to vote"),
                        ),
                        ("satisfied", models.PositiveIntegerField(default=0, verbose_name="satisfied")),
                        (
                            "basically_satisfied",
                            models.PositiveIntegerField(default=0, verbose_name="basically satisfied"),
                        ),
                        ("unsatisfied", models.PositiveIntegerField(default=0, verbose_name="unsatisfied")),
                        ("abstained", models.PositiveIntegerField(default=0, verbose_name="abstained")),
                        (
                            "result",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("satisfied", "Satisfied"),
                                    ("basically_satisfied", "Basically satisfied"),
                                    ("unsatisfied", "Unsatisfied"),
                                    ("no_quorum", "No quorum"),
                                ],
                                max_length=30,
                                verbose_name="result",
                            ),
                        ),
                        ("held_on", models.DateField(blank=True, null=True, verbose_name="held on")),
                        (
                            "opened_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="voting opened at"),
                        ),
                        (
                            "closed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="voting closed at"),
                        ),
                        (
                            "meeting",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="evaluations",
                                to="recommendations.meeting",
                                verbose_name="meeting",
                            ),
                        ),
                        (
                            "recommendation",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="evaluations",
                                to="recommendations.recommendation",
                                verbose_name="recommendation",
                            ),
                        ),
                        (
                            "topic",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="evaluations",
                                to="recommendations.oversighttopic",
                                verbose_name="topic",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "evaluation",
                        "verbose_name_plural": "evaluations",
                        "db_table": "recommendations_evaluation",
                        "ordering": ["topic", "cycle"],
                    },
                ),
                migrations.AlterField(
                    model_name="ballotbox",
                    name="evaluation",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="ballot_box",
                        serialize=False,
                        to="evaluations.evaluation",
                        verbose_name="evaluation",
                    ),
                ),
                migrations.AlterField(
                    model_name="evaluationterms",
                    name="evaluation",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="terms",
                        to="evaluations.evaluation",
                        verbose_name="evaluation",
                    ),
                ),
                migrations.AlterField(
                    model_name="evaluationtermsevent",
                    name="evaluation",
                    field=models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="evaluations.evaluation",
                        verbose_name="evaluation",
                    ),
                ),
                migrations.AlterField(
                    model_name="rehandling",
                    name="evaluation",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="rehandlings",
                        to="evaluations.evaluation",
                        verbose_name="evaluation",
                    ),
                ),
                migrations.AlterField(
                    model_name="rehandlingevent",
                    name="evaluation",
                    field=models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="evaluations.evaluation",
                        verbose_name="evaluation",
                    ),
                ),
                migrations.AlterField(
                    model_name="votecast",
                    name="evaluation",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="votes_cast",
                        to="evaluations.evaluation",
                        verbose_name="evaluation",
                    ),
                ),
                migrations.AlterField(
                    model_name="votecastevent",
                    name="evaluation",
                    field=models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="evaluations.evaluation",
                        verbose_name="evaluation",
                    ),
                ),
                migrations.CreateModel(
                    name="EvaluationEvent",
                    fields=[
                        ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                        ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                        ("pgh_label", models.TextField(help_text="The event label.")),
                        ("id", models.BigIntegerField()),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("cycle", models.PositiveSmallIntegerField(default=1, verbose_name="handling cycle")),
                        (
                            "method",
                            models.CharField(
                                choices=[
                                    ("online", "Online secret ballot"),
                                    ("in_session", "Totals of an in-session vote"),
                                ],
                                max_length=20,
                                verbose_name="method",
                            ),
                        ),
                        (
                            "voters_entitled",
                            models.PositiveIntegerField(verbose_name="members entitled to vote"),
                        ),
                        ("satisfied", models.PositiveIntegerField(default=0, verbose_name="satisfied")),
                        (
                            "basically_satisfied",
                            models.PositiveIntegerField(default=0, verbose_name="basically satisfied"),
                        ),
                        ("unsatisfied", models.PositiveIntegerField(default=0, verbose_name="unsatisfied")),
                        ("abstained", models.PositiveIntegerField(default=0, verbose_name="abstained")),
                        (
                            "result",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("satisfied", "Satisfied"),
                                    ("basically_satisfied", "Basically satisfied"),
                                    ("unsatisfied", "Unsatisfied"),
                                    ("no_quorum", "No quorum"),
                                ],
                                max_length=30,
                                verbose_name="result",
                            ),
                        ),
                        ("held_on", models.DateField(blank=True, null=True, verbose_name="held on")),
                        (
                            "opened_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="voting opened at"),
                        ),
                        (
                            "closed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="voting closed at"),
                        ),
                        (
                            "meeting",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to="recommendations.meeting",
                                verbose_name="meeting",
                            ),
                        ),
                        (
                            "pgh_context",
                            models.ForeignKey(
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="pghistory.context",
                            ),
                        ),
                        (
                            "pgh_obj",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="history",
                                related_query_name="history",
                                to="evaluations.evaluation",
                            ),
                        ),
                        (
                            "recommendation",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to="recommendations.recommendation",
                                verbose_name="recommendation",
                            ),
                        ),
                        (
                            "topic",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to="recommendations.oversighttopic",
                                verbose_name="topic",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "recommendations_evaluationevent",
                        "abstract": False,
                    },
                ),
                migrations.AddConstraint(
                    model_name="evaluation",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "voters_entitled__gte",
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            models.F("satisfied"), "+", models.F("basically_satisfied")
                                        ),
                                        "+",
                                        models.F("unsatisfied"),
                                    ),
                                    "+",
                                    models.F("abstained"),
                                ),
                            )
                        ),
                        name="evaluation_votes_within_entitled",
                        violation_error_message="More votes than members entitled to vote.",
                    ),
                ),
            ],
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="evaluation",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "recommendations_evaluationevent" ("abstained", "basically_satisfied", "closed_at", "created_at", "cycle", "held_on", "id", "meeting_id", "method", "opened_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recommendation_id", "result", "satisfied", "topic_id", "unsatisfied", "updated_at", "voters_entitled") VALUES (NEW."abstained", NEW."basically_satisfied", NEW."closed_at", NEW."created_at", NEW."cycle", NEW."held_on", NEW."id", NEW."meeting_id", NEW."method", NEW."opened_at", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."recommendation_id", NEW."result", NEW."satisfied", NEW."topic_id", NEW."unsatisfied", NEW."updated_at", NEW."voters_entitled"); RETURN NULL;',
                    hash="a22b94aa6373204b2c4126c6f3dae59f8b6cb3bc",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_b11c4",
                    table="recommendations_evaluation",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="evaluation",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "recommendations_evaluationevent" ("abstained", "basically_satisfied", "closed_at", "created_at", "cycle", "held_on", "id", "meeting_id", "method", "opened_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recommendation_id", "result", "satisfied", "topic_id", "unsatisfied", "updated_at", "voters_entitled") VALUES (NEW."abstained", NEW."basically_satisfied", NEW."closed_at", NEW."created_at", NEW."cycle", NEW."held_on", NEW."id", NEW."meeting_id", NEW."method", NEW."opened_at", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."recommendation_id", NEW."result", NEW."satisfied", NEW."topic_id", NEW."unsatisfied", NEW."updated_at", NEW."voters_entitled"); RETURN NULL;',
                    hash="2b0d00f2835559e512715825bd74371fe8e55ea0",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_58a92",
                    table="recommendations_evaluation",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="evaluation",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "recommendations_evaluationevent" ("abstained", "basically_satisfied", "closed_at", "created_at", "cycle", "held_on", "id", "meeting_id", "method", "opened_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recommendation_id", "result", "satisfied", "topic_id", "unsatisfied", "updated_at", "voters_entitled") VALUES (OLD."abstained", OLD."basically_satisfied", OLD."closed_at", OLD."created_at", OLD."cycle", OLD."held_on", OLD."id", OLD."meeting_id", OLD."method", OLD."opened_at", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."recommendation_id", OLD."result", OLD."satisfied", OLD."topic_id", OLD."unsatisfied", OLD."updated_at", OLD."voters_entitled"); RETURN NULL;',
                    hash="d655769db28acec9a325923b9e7e1ef6a2693bf4",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_b9f40",
                    table="recommendations_evaluation",
                    when="AFTER",
                ),
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
