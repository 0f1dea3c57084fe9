"""A ballot that cannot be tied to its voter: who has voted (VoteCast, with history) and what
was chosen (the evaluation's BallotBox, counts only) share no id, time, order or history row."""

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from evaluations import services
from evaluations.models import BallotBox, Evaluation, VoteCast
from recommendations.choices import EvaluationMethod, EvaluationResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def online(make_reported, staff, members):
    rec, _ = make_reported()
    return services.evaluation_open(
        actor=staff, topic=rec.topic, recommendation=rec, method=EvaluationMethod.ONLINE_BALLOT
    )


def _history_models():
    """Every pghistory event model, with the model it records."""
    return [
        (model, model._meta.get_field("pgh_obj").related_model)
        for model in apps.get_models()
        if any(f.name == "pgh_obj" for f in model._meta.get_fields())
    ]


def _history_rows():
    return {model: set(model.objects.values_list("pk", flat=True)) for model, _ in _history_models()}


def _vote_through_the_page(client, member, evaluation, choice):
    client.force_login(member)
    response = client.post(reverse("evaluations:detail", args=[evaluation.pk]), {"choice": choice})
    assert response.status_code == 302


def test_the_ballot_box_and_its_history_hold_no_voter_link(client, online, members):
    before = _history_rows()
    choices = ["unsatisfied", "satisfied", "satisfied"]
    for member, choice in zip(members[:3], choices, strict=True):
        _vote_through_the_page(client, member, online, choice)

    with connection.cursor() as cursor:
        columns = {
            c.name: c
            for c in connection.introspection.get_table_description(cursor, BallotBox._meta.db_table)
        }
        relations = connection.introspection.get_relations(cursor, BallotBox._meta.db_table)
    assert set(columns) == {"evaluation_id", "satisfied", "basically_satisfied", "unsatisfied", "abstain"}
    # Its only link is to the evaluation (its primary key), so it has no sequence of its own.
    assert relations == {"evaluation_id": ("id", Evaluation._meta.db_table)}
    assert BallotBox._meta.pk.name == "evaluation"
    assert BallotBox not in [tracked for _, tracked in _history_models()]

    # Who voted: three rows, nothing about the choice.
    assert {f.name for f in VoteCast._meta.concrete_fields} == {"id", "evaluation", "voter"}
    assert set(VoteCast.objects.values_list("voter", flat=True)) == {m.pk for m in members[:3]}

    # The votes wrote history only of who voted, never of a count.
    after = _history_rows()
    written = {model for model in after if after[model] - before[model]}
    assert {tracked for model, tracked in _history_models() if model in written} == {VoteCast}

    box = BallotBox.objects.get(evaluation=online)
    assert (box.satisfied, box.basically_satisfied, box.unsatisfied, box.abstain) == (2, 0, 1, 0)


def test_one_ballot_per_member_holds_in_the_database(online, members):
    services.ballot_cast(voter=members[0], evaluation=online, choice="satisfied")
    with pytest.raises(IntegrityError), transaction.atomic():
        VoteCast.objects.create(evaluation=online, voter=members[0])
    box = BallotBox.objects.get(evaluation=online)
    assert box.satisfied == 1


def test_a_refused_second_ballot_adds_nothing_to_the_box(client, online, members):
    _vote_through_the_page(client, members[0], online, "satisfied")
    again = client.post(reverse("evaluations:detail", args=[online.pk]), {"choice": "unsatisfied"})
    assert again.status_code == 400
    box = BallotBox.objects.get(evaluation=online)
    assert (box.satisfied, box.unsatisfied) == (1, 0)
    assert VoteCast.objects.filter(evaluation=online).count() == 1


def test_closing_counts_the_box(online, members, staff):
    for member, choice in zip(members, ["satisfied"] * 3 + ["abstain", "unsatisfied"], strict=True):
        services.ballot_cast(voter=member, evaluation=online, choice=choice)
    closed = services.evaluation_close(actor=staff, evaluation=online)
    assert (closed.satisfied, closed.basically_satisfied, closed.unsatisfied, closed.abstained) == (
        3,
        0,
        1,
        1,
    )
    assert closed.result == EvaluationResult.SATISFIED


def test_the_member_sees_that_they_voted_but_not_their_choice(client, online, members):
    _vote_through_the_page(client, members[0], online, "basically_satisfied")
    page = client.get(reverse("evaluations:detail", args=[online.pk]))
    html = page.content.decode()
    assert page.context["has_voted"] and not page.context["can_vote"]
    assert 'id="has-voted"' in html and "Largely satisfied" not in html
    listing = client.get(reverse("evaluations:list"))
    assert [e.has_voted for e in listing.context["evaluations"]] == [True]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_ballots_into_boxes_without_their_voters(make_reported, staff, members):
    rec, _ = make_reported()
    evaluation = services.evaluation_open(
        actor=staff, topic=rec.topic, recommendation=rec, method=EvaluationMethod.ONLINE_BALLOT
    )
    VoteCast.objects.all().delete()
    BallotBox.objects.all().delete()

    executor = MigrationExecutor(connection)
    executor.migrate([("evaluations", "0001_initial")])
    old_apps = executor.loader.project_state([("evaluations", "0001_initial")]).apps
    Ballot = old_apps.get_model("evaluations", "Ballot")
    for member, choice in zip(members[:4], ["satisfied", "unsatisfied", "satisfied", "abstain"], strict=True):
        Ballot.objects.create(
            evaluation_id=evaluation.pk, voter_id=member.pk, choice=choice, cast_at=rec.created_at
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    box = BallotBox.objects.get(evaluation=evaluation)
    assert (box.satisfied, box.basically_satisfied, box.unsatisfied, box.abstain) == (2, 0, 1, 1)
    assert set(VoteCast.objects.values_list("voter", flat=True)) == {m.pk for m in members[:4]}
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert "evaluations_ballot" not in tables
