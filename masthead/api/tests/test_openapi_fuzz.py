"""The whole API fuzzed from its own OpenAPI document (schemathesis 4), every phase, twice:
once as an anonymous visitor and once signed in.

- examples, coverage and fuzzing run per operation: one Hypothesis test per operation built the
  way schemathesis' pytest integration builds it, with the three phases the schema config
  enables (all of them by default; asserted, and each phase is seen to make calls);
- stateful runs the state machine built from the document's links (the real ones are declared
  next to the operations, e.g. creating a token → revoking it; schemathesis adds the ones it
  infers) and chains calls: a token made by one step is revoked by a later one.

Every answer must not be a server error and must match the status codes, content type and
schema the document declares. Signed in means a reader's personal token for the operation
phases (the API's own way to sign in) and the reader's browser session with its CSRF token for
the stateful run (creating a token needs a session: a token cannot mint tokens). Bounded
(examples per operation, steps per scenario, no deadline) so it runs in CI with the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

import pytest
import schemathesis
from django.db import transaction
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.pytest._test_builder import build_operation_test

from masthead.api.services import api_token_create

pytestmark = pytest.mark.django_db
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
BOUNDED = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": list(HealthCheck),
}
# Per operation and caller; the coverage and examples phases add their own fixed cases.
FUZZ_EXAMPLES = 40
STATEFUL_SCENARIOS = 60
STATEFUL_STEPS = 8


@pytest.fixture
def connection_kept_between_requests() -> Iterator[None]:
    """Like Django's test client: the WSGI handler must not close the test's database
    connection after each request (it would end the test transaction on PostgreSQL)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(newsroom, settings, connection_kept_between_requests):
    from masthead.wsgi import application

    # Thousands of requests from one address: the limit itself is tested elsewhere.
    settings.MASTHEAD_API_RATE_PER_ADDRESS = 10**9
    settings.MASTHEAD_API_RATE_PER_TOKEN = 10**9
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    phases = schema.config.phases
    assert phases.examples.enabled and phases.coverage.enabled and phases.fuzzing.enabled
    assert phases.stateful.enabled
    return schema


@pytest.fixture(params=["anonymous", "reader"])
def caller(request, django_user_model) -> Callable[[], dict[str, str]]:
    """The headers of the next call. The reader's token is made again if a fuzzed
    ``DELETE /tokens/{id}`` revoked it, so every call of the signed-in run is signed in."""
    if request.param == "anonymous":
        return dict
    from masthead.api.models import ApiToken

    reader = django_user_model.objects.create_user("fuzzer", "fuzz@example.com", "pw")
    current = {"raw": api_token_create(user=reader, name="fuzz")[1]}

    def headers() -> dict[str, str]:
        if not ApiToken.objects.filter(user=reader, revoked_at__isnull=True).exists():
            current["raw"] = api_token_create(user=reader, name="fuzz again")[1]
        return {"Authorization": f"Bearer {current['raw']}"}

    return headers


def test_examples_coverage_and_fuzzing_phases(api_schema, caller):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    calls = Counter()
    failures = []
    for operation in operations:

        def check(case):
            calls[case.meta.phase.name.value] += 1
            case.call_and_validate(headers=caller(), checks=CHECKS)

        # The builder schemathesis' pytest `parametrize()` uses: one Hypothesis test per
        # operation running the examples, coverage and fuzzing phases the config enables.
        # (`parametrize()` itself fails under pytest 9.2: "'Function' object has no attribute
        # '_nodeid'".)
        run = build_operation_test(
            config=api_schema.config,
            operation=operation,
            test_func=check,
            given_kwargs={},
            feedback=FeedbackSources(),
            explicit_settings=hypothesis_settings(max_examples=FUZZ_EXAMPLES, **BOUNDED),
        )
        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - collect every operation's failure, then report
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
    # Each phase really ran (a phase silently off would pass everything).
    assert {"examples", "coverage", "fuzzing"} <= set(calls), calls


def test_the_document_declares_the_links_the_stateful_phase_follows(api_schema):
    paths = api_schema.raw_schema["paths"]
    label_of = {
        operation["operationId"]: f"{method.upper()} {path}"
        for path, methods in paths.items()
        for method, operation in methods.items()
    }
    links = {
        (f"{method.upper()} {path}", label_of[link["operationId"]])
        for path, methods in paths.items()
        for method, operation in methods.items()
        for response in operation["responses"].values()
        for link in response.get("links", {}).values()
    }
    assert ("POST /api/v1/tokens", "DELETE /api/v1/tokens/{token_id}") in links
    assert ("GET /api/v1/stories", "GET /api/v1/stories/{story_id}") in links
    assert ("GET /api/v1/stories", "GET /api/v1/stories/{story_id}/comments") in links


@pytest.fixture(params=["anonymous", "reader session"])
def stateful_caller(request, client, django_user_model) -> dict[str, dict[str, str]]:
    if request.param == "anonymous":
        return {}
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    reader = django_user_model.objects.create_user("chainer", "chain@example.com", "pw")
    client.force_login(reader)
    csrf = get_token(RequestFactory().get("/"))
    session = client.cookies["sessionid"].value
    return {
        "headers": {"X-CSRFToken": csrf},
        "cookies": {"sessionid": session, "csrftoken": csrf},
    }


def test_stateful_phase_chains_operations_through_their_links(api_schema, stateful_caller):
    machine = api_schema.as_state_machine()
    steps: list[str] = []

    class Chained(machine):  # type: ignore[misc, valid-type]
        # Each scenario starts from the same database: the calls of one (tokens made, revoked)
        # must not change what the next one sees, or Hypothesis, replaying a scenario, finds
        # other links open and calls its data generation flaky.
        def setup(self):
            self.savepoint = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)

        def before_call(self, case):
            super().before_call(case)
            if stateful_caller and case.headers:
                # Signed in means the session here: a generated "Bearer <random>" would be
                # refused (401, a wrong token never falls back) and no chain would be walked
                # signed in. Wrong tokens are fuzzed by the operation phases above.
                case.headers.pop("Authorization", None)

        def get_call_kwargs(self, case):
            return {name: dict(values) for name, values in stateful_caller.items()}

        def after_call(self, response, case):
            super().after_call(response, case)
            steps.append(f"{case.operation.label} {response.status_code}")

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)

    Chained.run(
        settings=hypothesis_settings(
            max_examples=STATEFUL_SCENARIOS, stateful_step_count=STATEFUL_STEPS, **BOUNDED
        )
    )
    assert steps, "the state machine made no call"
    if stateful_caller:
        # The chain the document declares was walked: a token made, then revoked.
        assert "POST /api/v1/tokens 201" in steps
        assert "DELETE /api/v1/tokens/{token_id} 200" in steps


@pytest.mark.parametrize("name", ["work\x00laptop", "work \ud800 laptop"])
def test_a_token_name_postgresql_cannot_store_is_refused_not_a_server_error(
    django_user_model, name
):
    """Found by the stateful run signed in, on PostgreSQL only: a JSON body naming a token
    with a NUL (or a lone surrogate) reached the database and answered 500."""
    import json

    from django.test import Client

    from masthead.api.models import ApiToken

    reader = django_user_model.objects.create_user("nul", "nul@example.com", "pw")
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    client.get("/api/tokens/")  # the page sets the CSRF cookie
    answer = client.post(
        "/api/v1/tokens",
        json.dumps({"name": name}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert answer.status_code in (400, 422), answer.content
    assert answer.json()["error"]["message"]
    assert not ApiToken.objects.filter(user=reader).exists()
