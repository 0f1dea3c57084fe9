import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, Q

CHOICES = ("satisfied", "basically_satisfied", "unsatisfied", "abstain")


def move_ballots_into_boxes(apps, schema_editor):
    """Each online evaluation gets a box with its ballots' counts, and each ballot's voter a
    VoteCast row, inserted in voter order so not even the order of voting carries over."""
    Ballot = apps.get_model("evaluations", "Ballot")
    BallotBox = apps.get_model("evaluations", "BallotBox")
    VoteCast = apps.get_model("evaluations", "VoteCast")
    Evaluation = apps.get_model("recommendations", "Evaluation")
    online = Evaluation.objects.filter(method="online").annotate(
        **{f"box_{choice}": Count("ballots", filter=Q(ballots__choice=choice)) for choice in CHOICES}
    )
    BallotBox.objects.bulk_create(
        BallotBox(evaluation_id=e.pk, **{choice: getattr(e, f"box_{choice}") for choice in CHOICES})
        for e in online
    )
    VoteCast.objects.bulk_create(
        VoteCast(evaluation_id=evaluation_id, voter_id=voter_id)
        for evaluation_id, voter_id in Ballot.objects.order_by("evaluation_id", "voter_id").values_list(
            "evaluation_id", "voter_id"
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_initial"),
        ("pghistory", "0007_auto_20250421_0444"),
        ("recommendations", "0003_performance_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="BallotBox",
            fields=[
                (
                    "evaluation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="ballot_box",
                        serialize=False,
                        to="recommendations.evaluation",
                        verbose_name="evaluation",
                    ),
                ),
                ("satisfied", models.PositiveIntegerField(default=0, verbose_name="satisfied")),
                (
                    "basically_satisfied",
                    models.PositiveIntegerField(default=0, verbose_name="basically satisfied"),
                ),
                ("unsatisfied", models.PositiveIntegerField(default=0, verbose_name="unsatisfied")),
                ("abstain", models.PositiveIntegerField(default=0, verbose_name="abstained")),
            ],
            options={
                "verbose_name": "ballot box",
                "verbose_name_plural": "ballot boxes",
            },
        ),
        migrations.CreateModel(
            name="VoteCast",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "evaluation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="votes_cast",
                        to="recommendations.evaluation",
                        verbose_name="evaluation",
                    ),
                ),
                (
                    "voter",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="votes_cast",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="voter",
                    ),
                ),
            ],
            options={
                "verbose_name": "vote cast",
                "verbose_name_plural": "votes cast",
            },
        ),
        migrations.CreateModel(
            name="VoteCastEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "evaluation",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="recommendations.evaluation",
                        verbose_name="evaluation",
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
                        to="evaluations.votecast",
                    ),
                ),
                (
                    "voter",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="voter",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.RunPython(move_ballots_into_boxes, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="Ballot",
        ),
        migrations.AddConstraint(
            model_name="votecast",
            constraint=models.UniqueConstraint(
                fields=("evaluation", "voter"),
                name="ballot_one_per_member",
                violation_error_message="You have already voted in this evaluation.",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="votecast",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "evaluations_votecastevent" ("evaluation_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "voter_id") VALUES (NEW."evaluation_id", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."voter_id"); RETURN NULL;',
                    hash="c96ce2eef7c65bbf68f77dff655976306ac896f3",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_7b2d4",
                    table="evaluations_votecast",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="votecast",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "evaluations_votecastevent" ("evaluation_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "voter_id") VALUES (NEW."evaluation_id", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."voter_id"); RETURN NULL;',
                    hash="a180efb691a854198c22149fff9a33f112d94bcd",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_252cd",
                    table="evaluations_votecast",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="votecast",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "evaluations_votecastevent" ("evaluation_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "voter_id") VALUES (OLD."evaluation_id", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."voter_id"); RETURN NULL;',
                    hash="9fe4bf334041951fc5007f8fb5bc46325854907b",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_15c8c",
                    table="evaluations_votecast",
                    when="AFTER",
                ),
            ),
        ),
    ]
