"""Property-based tests (Hypothesis) on forms and services: whatever comes in, the answer is
a result or a clear validation error, never a server error, and a rejected write leaves no
trace (no row, no history event, no measurement of a half-written report).

Each example runs in a savepoint that is rolled back, so examples do not see each other's
writes; `world` is built once per test."""

import string
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommendations import services
from recommendations.models import Measurement, ProgressReport, Recommendation

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)

# Text that breaks naive code: NUL (PostgreSQL refuses it), control characters, very long
# strings, right-to-left marks, emoji, SQL and HTML metacharacters.
nasty_text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=400),
    st.sampled_from(
        ["", " ", "\x00", "a\x00b", "'; DROP TABLE x; --", "<script>alert(1)</script>", "\u202e"]
    ),
    st.just("长" * 5000),
)
numbers_as_text = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", "NaN", "-inf", "1e309", "29.8%", "比降29.8", "0x1F", "1,000"]),
    st.text(alphabet=string.printable, max_size=12),
)


def counts():
    return (
        Recommendation.objects.count(),
        Recommendation.history.rel.related_model.objects.count(),
        ProgressReport.objects.count(),
        ProgressReport.history.rel.related_model.objects.count(),
        Measurement.objects.count(),
    )


class Rollback(Exception):
    pass


def in_savepoint(work):
    """Run `work()` and roll its writes back whatever happens."""
    try:
        with transaction.atomic():
            result = work()
            raise Rollback(result)
    except Rollback as done:
        return done.args[0]


def test_the_report_form_never_fails_and_writes_all_or_nothing(client, world):
    client.force_login(world.a.liaison)
    url = reverse("portal:report_new", args=[world.a.task.pk])
    indicator_ids = st.one_of(
        st.sampled_from([str(world.indicator.pk), str(world.internal_indicator.pk)]), numbers_as_text
    )
    measurement = st.fixed_dictionaries(
        {"indicator": indicator_ids, "change_percent": numbers_as_text, "value": numbers_as_text},
        optional={"period_label": nasty_text, "baseline": numbers_as_text, "note": nasty_text},
    )

    @given(
        narrative=nasty_text,
        is_final=st.booleans(),
        submit=st.booleans(),
        rows=st.lists(measurement, max_size=3),
        total_forms=st.one_of(st.none(), numbers_as_text),
    )
    @FUZZ
    def post(narrative, is_final, submit, rows, total_forms):
        data = {
            "narrative": narrative,
            "m-TOTAL_FORMS": str(len(rows)) if total_forms is None else total_forms,
            "m-INITIAL_FORMS": "0",
        }
        if is_final:
            data["is_final"] = "on"
        if submit:
            data["submit"] = "1"
        for index, row in enumerate(rows):
            data.update({f"m-{index}-{field}": value for field, value in row.items()})

        def work():
            before = counts()
            response = client.post(url, data)
            return before, response.status_code, counts()

        before, status, after = in_savepoint(work)
        assert status in (200, 302, 400), status
        if status == 302:  # saved: exactly one report, with at most one measurement per row
            assert after[2] == before[2] + 1 and after[4] - before[4] <= len(rows)
        else:  # refused: nothing written at all
            assert after == before

    post()


def test_recommendation_create_accepts_or_refuses_cleanly(world):
    @given(
        code=st.one_of(nasty_text, st.from_regex(r"\A[-a-zA-Z0-9_]{1,45}\Z")),
        number=st.integers(min_value=-5, max_value=70000),
        title=nasty_text,
        body=nasty_text,
    )
    @FUZZ
    def create(code, number, title, body):
        def work():
            before = counts()
            try:
                services.recommendation_create(
                    actor=world.staff, topic=world.topic, code=code, number=number, title=title, body=body
                )
            except ValidationError:
                assert counts() == before
                return False
            after = counts()
            assert after[0] == before[0] + 1 and after[1] == before[1] + 1
            return True

        in_savepoint(work)

    create()


def test_a_report_with_one_bad_measurement_is_not_written_at_all(world):
    figure = st.one_of(
        st.none(),
        st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**17), max_value=10**17),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.just(Decimal("1e40")),
    )
    measurement = st.fixed_dictionaries(
        {"indicator": st.sampled_from([world.indicator, world.internal_indicator]), "value": figure},
        optional={"change_percent": figure, "period_label": st.text(max_size=120)},
    )

    @given(narrative=nasty_text, rows=st.lists(measurement, max_size=4), is_final=st.booleans())
    @FUZZ
    def create(narrative, rows, is_final):
        def work():
            before = counts()
            try:
                report = services.report_create(
                    actor=world.a.liaison,
                    task=world.a.task,
                    department=world.a.department,
                    narrative=narrative,
                    is_final=is_final,
                    measurements=rows,
                )
            except ValidationError:
                assert counts() == before
                return
            assert report.measurements.count() == len(rows)
            assert counts()[2] == before[2] + 1

        in_savepoint(work)

    create()
