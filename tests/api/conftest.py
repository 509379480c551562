"""Fixtures for the Mastodon API tests: a bearer-token client for any user and scopes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from balai.api.models import AccessToken


class ApiClient(Client):
    """A test client that sends a bearer token and JSON bodies by default."""

    def __init__(self, raw_token: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.raw_token = raw_token

    def request(self, **request: Any) -> Any:  # type: ignore[override]
        if self.raw_token:
            request.setdefault("HTTP_AUTHORIZATION", f"Bearer {self.raw_token}")
        return super().request(**request)

    def post_json(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self.post(path, data or {}, content_type="application/json", **extra)


@pytest.fixture
def api():  # type: ignore[no-untyped-def]
    """`api(user, scopes="read write follow")` → an ApiClient with a fresh token for user."""

    def make(user: Any = None, scopes: str = "read write follow push") -> ApiClient:
        if user is None:
            return ApiClient()
        _token, raw = AccessToken.issue(user=user, scopes=scopes)
        return ApiClient(raw)

    return make
