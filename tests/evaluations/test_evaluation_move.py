"""The evaluation moved from the recommendations app to this one: a database with votes in it
keeps them, with their history, the records hanging off them and the staff's permission."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from evaluations.models import Evaluation, EvaluationTerms

BEFORE = [("evaluations", "0002_secret_ballot_box"), ("recommendations", "0005_public_note_tasks_on_issued")]


def _triggers(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal ORDER BY 1",
            [table],
        )
        return [name for (name,) in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_votes_their_history_and_the_staff_permission(make_reported, staff):
    rec, _ = make_reported()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldEvaluation = old_apps.get_model("recommendations", "Evaluation")
    old = OldEvaluation.objects.create(
        topic_id=rec.topic_id,
        recommendation_id=rec.pk,
        method="in_session",
        voters_entitled=30,
        satisfied=20,
        basically_satisfied=5,
        unsatisfied=3,
        result="satisfied",
        held_on=datetime.date(2024, 5, 10),
    )
    old_apps.get_model("evaluations", "EvaluationTerms").objects.create(
        evaluation_id=old.pk, quorum="1/2", satisfied_share="1/2", unsatisfied_share="1/2"
    )
    old_triggers = _triggers("recommendations_evaluation")
    assert len(old_triggers) == 3

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    evaluation = Evaluation.objects.get(pk=old.pk)
    assert (evaluation.recommendation, evaluation.voters_entitled, evaluation.satisfied) == (rec, 30, 20)
    assert evaluation.held_on == datetime.date(2024, 5, 10)
    assert EvaluationTerms.objects.get(evaluation=evaluation).quorum == "1/2"
    assert list(evaluation.history.values_list("pgh_label", flat=True)) == ["insert"]

    # One set of history triggers, under this app's names: a change leaves exactly one row.
    new_triggers = _triggers("recommendations_evaluation")
    assert len(new_triggers) == 3 and not set(new_triggers) & set(old_triggers)
    evaluation.unsatisfied = 4
    evaluation.save()
    assert list(evaluation.history.order_by("pgh_id").values_list("pgh_label", "unsatisfied")) == [
        ("insert", 3),
        ("update", 4),
    ]

    # The staff group's right to read evaluations in the admin moved with the model.
    staff = get_user_model().objects.get(pk=staff.pk)
    assert staff.has_perm("evaluations.view_evaluation")
    assert not staff.has_perm("recommendations.view_evaluation")
