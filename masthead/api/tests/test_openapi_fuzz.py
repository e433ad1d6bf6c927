"""Property-based run of the whole API from its own OpenAPI document (schemathesis).

Every operation gets generated requests, valid and invalid; each answer must not be a server
error and must match the status codes, content type and schema the document declares. Bounded
(examples per operation, no deadline) so it runs in CI with the rest of the suite.
"""

import itertools

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from masthead.api.services import api_token_create

pytestmark = pytest.mark.django_db
EXAMPLES_PER_OPERATION = 30
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def connection_kept_between_requests():
    """Like Django's test client: the WSGI handler must not close the test's database
    connection after each request (it would end the test transaction on PostgreSQL)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_answers_without_server_error_and_keeps_its_schema(
    newsroom, settings, django_user_model, connection_kept_between_requests
):
    from masthead.wsgi import application

    # Thousands of requests from one address: the limit itself is tested elsewhere.
    settings.MASTHEAD_API_RATE_PER_ADDRESS = 10**9
    settings.MASTHEAD_API_RATE_PER_TOKEN = 10**9
    reader = django_user_model.objects.create_user("fuzzer", "fuzz@example.com", "pw")
    _, raw = api_token_create(user=reader, name="fuzz")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    failures = []
    calls = itertools.count()
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode)

            @given(case=strategy)
            @hypothesis_settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case):
                # Half the calls as a reader with a token, half anonymous.
                headers = {"Authorization": f"Bearer {raw}"} if next(calls) % 2 else {}
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                run()
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - collect every operation's failure, then report
                failures.append(f"{operation.label} [{mode.value}]: {error}")
    assert not failures, "\n\n".join(failures)
