import pghistory.models
import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min

from congresses.models import Congress
from recommendations.choices import RecommendationStatus as RS
from recommendations.choices import ReportStatus
from recommendations.models import (
    Department,
    ProgressReport,
    Recommendation,
    StatusEvent,
    Task,
)
from recommendations.selectors import overdue_recommendation_q
from recommendations.transitions import RECOMMENDATION_TRANSITIONS, REPORT_TRANSITIONS
from scale.generator import GeneratedDataExists, generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    counts, _seconds = generate(300, seed=3)
    return counts


def test_generator_makes_the_requested_recommendations_with_realistic_shapes(generated):
    assert Recommendation.objects.count() == 300
    assert Department.objects.filter(code__startswith="gen-").count() >= 3 * 20
    statuses = set(Recommendation.objects.values_list("status", flat=True))
    assert {RS.DRAFT, RS.ISSUED, RS.IN_PROGRESS, RS.REPORTED, RS.CLOSED} <= statuses
    assert Recommendation.objects.filter(overdue_recommendation_q()).exists()
    per_rec = Task.objects.values("recommendation").annotate(n=Count("pk")).aggregate(Min("n"), Max("n"))
    assert per_rec == {"n__min": 2, "n__max": 5}
    assert not Task.objects.filter(recommendation__status=RS.DRAFT).exists()
    assert ProgressReport.objects.count() > Task.objects.count()
    years = Recommendation.objects.values("topic__year").distinct().count()
    assert years == 10
    # Chinese text from the seed article.
    assert all("\u4e00" <= ch <= "\u9fff" for ch in Recommendation.objects.first().title[:2])


def test_generated_timelines_agree_with_statuses(generated):
    recommendations = Recommendation.objects.prefetch_related("events")
    for rec in recommendations:
        events = sorted(
            (e for e in rec.events.all() if e.subject == StatusEvent.Subject.RECOMMENDATION),
            key=lambda e: e.occurred_at,
        )
        if rec.status == RS.DRAFT:
            assert not events and rec.issued_at is None
            continue
        assert all((e.from_status, e.to_status) in RECOMMENDATION_TRANSITIONS for e in events)
        assert all(a.to_status == b.from_status for a, b in zip(events, events[1:], strict=False))
        assert events[0].occurred_at == rec.issued_at
        assert events[-1].to_status == rec.status
        assert (rec.closed_at == events[-1].occurred_at) if rec.status == RS.CLOSED else rec.closed_at is None
        assert bool(rec.verdict) == (rec.status == RS.CLOSED)
        returns = sum(1 for e in events if e.to_status == RS.IN_PROGRESS and e.from_status != RS.ISSUED)
        assert rec.cycle == 1 + returns


def test_generated_report_times_are_their_events(generated):
    reports = ProgressReport.objects.prefetch_related("events")
    for report in reports:
        events = sorted(report.events.all(), key=lambda e: e.occurred_at)
        assert all((e.from_status, e.to_status) in REPORT_TRANSITIONS for e in events)
        assert (events[-1].to_status if events else ReportStatus.DRAFT) == report.status
        accepted = [e.occurred_at for e in events if e.to_status == ReportStatus.ACCEPTED]
        assert report.accepted_at == (accepted[0] if accepted else None)
        submitted = [e.occurred_at for e in events if e.to_status == ReportStatus.SUBMITTED]
        assert report.submitted_at == (submitted[-1] if submitted else None)
    verified = Task.objects.filter(verified_at__isnull=False)
    assert verified.exists()
    for task in verified.prefetch_related("reports"):
        assert task.verified_at in {r.accepted_at for r in task.reports.all() if r.is_final}


def test_generator_writes_no_history_rows(generated):
    # The standing committee's row, made by its migration, is the only history there is.
    assert not pghistory.models.Events.objects.exclude(pgh_obj_model="congresses.Congress").exists()


def test_generator_refuses_a_second_load(generated):
    with pytest.raises(GeneratedDataExists):
        generate(10)


def test_command_refuses_production_settings(settings):
    settings.SETTINGS_MODULE = "oversight.settings.production"
    with pytest.raises(CommandError, match="production"):
        call_command("generate_scale_data", recommendations=10)
    assert not Recommendation.objects.exists()


def test_command_prints_rows_per_second(capsys):
    call_command("generate_scale_data", recommendations=20)
    assert "rows/second" in capsys.readouterr().out
    assert Recommendation.objects.count() == 20


def test_vocabulary_reads_the_seed_article_kept_in_the_repository():
    from scale import vocabulary

    article = vocabulary.ARTICLE_FILE.read_text(encoding="utf-8")
    sentences = vocabulary.corpus()["sentences"]
    assert vocabulary.ARTICLE_FILE.is_relative_to(vocabulary.settings.BASE_DIR)
    assert len(sentences) > 20
    assert all(sentence.rstrip("。") in article for sentence in sentences)


def test_vocabulary_fails_loudly_without_the_seed_article(monkeypatch, tmp_path):
    from scale import vocabulary

    monkeypatch.setattr(vocabulary, "ARTICLE_FILE", tmp_path / "missing.txt")
    vocabulary.corpus.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="missing.txt"):
            vocabulary.corpus()
    finally:
        vocabulary.corpus.cache_clear()


def test_command_spreads_the_load_over_the_congresses_asked_for(capsys):
    call_command("generate_scale_data", recommendations=30, congresses=2)
    generated = Congress.objects.filter(code__startswith="gen-").values_list("code", flat=True)
    assert sorted(generated) == ["gen-province", "gen-r001", "gen-r002"]
    assert set(Recommendation.objects.values_list("congress__code", flat=True)) <= {"gen-r001", "gen-r002"}
    assert set(Department.objects.values_list("congress__code", flat=True)) >= {"gen-r001", "gen-r002"}


def test_command_refuses_more_congresses_than_the_province_has():
    with pytest.raises(CommandError, match="--congresses"):
        call_command("generate_scale_data", recommendations=30, congresses=500)
    assert not Recommendation.objects.exists()
