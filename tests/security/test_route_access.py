"""Every route is classified as open to anonymous visitors or not, and behaves accordingly.

The allow-list lives in balai/route_access.py; a route missing from it fails here, so nothing
becomes public by accident.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from balai.route_access import ANONYMOUS_API, ANONYMOUS_WEB, SIGNED_IN_WEB

SAMPLE = {"int": "1", "id": "1", "str": "someone"}


def _routes(patterns: list[Any], prefix: str = "") -> list[str]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found.extend(_routes(pattern.url_patterns, prefix + str(pattern.pattern)))
        else:
            found.append(prefix + str(pattern.pattern))
    return found


def _site_routes() -> set[str]:
    return {r for r in _routes(get_resolver().url_patterns) if not r.startswith("api/v")}


def _api_operations(client: Client) -> dict[str, bool]:
    """'METHOD /path' -> whether the operation answers without a token."""
    schema = client.get("/api/openapi.json").json()
    operations = {}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            security = operation.get("security")
            operations[f"{method.upper()} {path}"] = not security or {} in security
    return operations


def test_every_site_route_is_classified_exactly_once():
    routes = _site_routes() - {"api/"}  # the API's own root includes the operations below
    assert routes - ANONYMOUS_WEB - SIGNED_IN_WEB == set(), "unclassified routes"
    assert set() == ANONYMOUS_WEB & SIGNED_IN_WEB
    assert (ANONYMOUS_WEB | SIGNED_IN_WEB) - routes == set(), "stale entries"


def test_api_operations_open_to_anonymous_are_exactly_the_allow_list(client):
    operations = _api_operations(client)
    anonymous = {name for name, open_ in operations.items() if open_}
    assert anonymous - ANONYMOUS_API == set(), "API operations open without being allow-listed"
    assert ANONYMOUS_API - anonymous == set(), (
        "allow-listed operations that do not exist or need a token"
    )


def _fill(route: str) -> str:
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)


@pytest.mark.parametrize("route", sorted(SIGNED_IN_WEB))
def test_signed_in_pages_never_answer_anonymous_visitors(route, client):
    """Anonymous GETs are sent to log in or refused — never served."""
    response = client.get(_fill(route))
    assert response.status_code in (302, 401, 403, 404, 405), (route, response.status_code)
    if response.status_code == 302:
        assert "/login" in response["Location"]


def test_operator_switch_requires_a_token_for_api_content_reads(client, settings, make_user):
    """With BALAI_API_REQUIRE_LOGIN, public content needs a token; discovery stays open."""
    make_user(username="someone")
    assert client.get("/api/v1/timelines/public").status_code == 200
    settings.BALAI_API_REQUIRE_LOGIN = True
    for path in [
        "/api/v1/timelines/public",
        "/api/v1/accounts/lookup?acct=someone",
        "/api/v2/search?q=someone",
        "/api/v1/timelines/tag/balai",
    ]:
        assert client.get(path).status_code == 401, path
    assert client.get("/api/v1/instance").status_code == 200
    assert client.get("/api/v2/instance").status_code == 200
