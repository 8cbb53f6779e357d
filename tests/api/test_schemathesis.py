"""The API against its own OpenAPI schema: generated requests never get a 5xx or an answer
the schema does not describe (schemathesis, in process over ASGI, real index and models)."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from api.app import create_app
from api.services import build_services
from api.settings import Settings

pytestmark = pytest.mark.slow
SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> schemathesis.BaseSchema:
    services = build_services(
        Settings(data_dir=tmp_path_factory.mktemp("schemathesis"), _env_file=None)  # type: ignore[call-arg]
    )
    services.pipeline.ingest([SAMPLE / "fr", SAMPLE / "en"])
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(services))


def test_no_server_errors_and_answers_match_the_schema(
    api_schema: schemathesis.BaseSchema,
) -> None:
    # Each operation gets its own Hypothesis run; schemathesis's pytest plugin is not used,
    # as it does not work with this pytest's test items.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 9  # health, search, documents (get, post, upload, delete), ...

    for operation in operations:

        @given(operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            # Well-formed values the API refuses on meaning (an unknown topic id, a cursor of
            # another query) are answered 422 with a reason: that is not a violation.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()
