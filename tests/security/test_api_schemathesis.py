"""Schemathesis against the published OpenAPI schema (/api/schema/), through the Django WSGI
application: every operation, with generated valid and invalid parameters, never answers with
a server error, and its valid answers match the schema.

Driven through schemathesis' Python API (one Hypothesis run per operation) rather than its
pytest plugin, which does not run under pytest 9."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from oversight.wsgi import application

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes database connections around each request, which would end the
    test's transaction; Django's test client unhooks the same handlers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def run_every_operation(checks):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12  # list and detail of six resources
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate(checks=checks)

        check()


# `world` gives the generated requests published records (and unpublished ones to hide).
def test_api_operations_never_answer_with_a_server_error(world, keep_test_connection):
    run_every_operation([not_a_server_error])


def test_api_answers_match_the_published_schema(world, keep_test_connection):
    run_every_operation([not_a_server_error, response_schema_conformance])
