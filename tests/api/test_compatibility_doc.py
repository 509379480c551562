"""docs/compatibility.md lists exactly the endpoints Balai serves, so it cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client
from django.urls import Resolver404, resolve

DOC = Path(__file__).resolve().parents[2] / "docs" / "compatibility.md"
ROW_RE = re.compile(r"^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \| (.+) \|$", re.MULTILINE)


def _rows() -> list[tuple[str, str, str]]:
    return ROW_RE.findall(DOC.read_text())


def test_every_openapi_operation_is_documented(client: Client) -> None:
    """Each path and method in /api/openapi.json has a row (add one when adding an endpoint)."""
    schema = client.get("/api/openapi.json").json()
    served = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    documented = {(m, p) for m, p, _status in _rows()}
    missing = sorted(served - documented)
    assert not missing, f"add these rows to docs/compatibility.md: {missing}"


def test_every_documented_row_matches_the_url_map(client: Client) -> None:
    """Rows marked implemented resolve in the URL map; rows marked 404 really answer 404."""
    schema_paths = set(client.get("/api/openapi.json").json()["paths"])
    for method, path, status in _rows():
        if "Not implemented" in status:
            response = client.generic(method, path)
            assert response.status_code == 404, path
            continue
        if path.startswith("/api/"):
            assert path in schema_paths, path
        else:
            try:
                resolve(path)
            except Resolver404:  # pragma: no cover - the assertion explains
                raise AssertionError(f"{path} is documented but not routed") from None
