"""Property-based fuzzing of the whole client API from its own OpenAPI document (schemathesis).

Every operation in /api/openapi.json gets generated requests (paths, query strings, JSON and
form bodies) sent through the WSGI app with a valid bearer token: none may answer a 5xx. Every
operation that requires a token answers 401 without one. Generation is derandomized (a fixed
seed) and bounded per operation, so CI is reproducible and quick.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, given, settings

from balai.api.models import AccessToken
from balai.api.urls import api as ninja_api

pytestmark = pytest.mark.fuzz
MAX_EXAMPLES = 12
SKIPPED = {("post", "/api/v1/accounts")}  # registration: creates users at random, covered elsewhere


def _schema() -> Any:
    schema = schemathesis.openapi.from_dict(ninja_api.get_openapi_schema())
    schema.app = WSGIHandler()
    return schema


def _operations(schema: Any) -> list[Any]:
    found = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.lower(), operation.path) not in SKIPPED:
            found.append(operation)
    return found


def _anonymous(operation: Any) -> bool:
    security = operation.definition.raw.get("security")
    return not security or {} in security


def _fuzz(operation: Any, headers: dict[str, str], tally: Counter[int]) -> None:
    needs_token = not _anonymous(operation)
    checked: list[bool] = []

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        if needs_token and not checked:
            anonymous = case.call()
            assert anonymous.status_code == 401, (
                f"{case.method} {case.formatted_path} without token"
            )
            checked.append(True)
        response = case.call(headers=headers)
        tally[response.status_code] += 1
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} → {response.status_code}\n"
            f"{case.as_curl_command()}\n{response.text[:2000]}"
        )

    run()


def test_no_operation_answers_5xx_and_auth_is_enforced(make_user: Any, monkeypatch: Any) -> None:
    """≥1,000 generated requests over every operation: no 5xx; a token-only operation without
    a token answers 401."""
    from balai.core import ratelimit

    for name in ("WRITE", "LOGIN", "SIGNUP", "REPORT", "MEDIA"):  # fuzz the endpoints, not 429s
        monkeypatch.setattr(ratelimit, name, ratelimit.Limit(name.lower(), 10**9, 300))
    user = make_user(username="fuzzer")
    _token, raw = AccessToken.issue(user=user, scopes="read write follow push")
    make_user(username="other")
    schema = _schema()
    operations = _operations(schema)
    assert len(operations) > 100
    tally: Counter[int] = Counter()
    for operation in operations:
        _fuzz(operation, {"Authorization": f"Bearer {raw}"}, tally)
    assert sum(tally.values()) >= 1000, tally
