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


@pytest.fixture(autouse=True)
def _media_env(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Each test stores media in its own folder and processes uploads at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/"},
        },
    }


def png_bytes(color: str = "red", size: tuple[int, int] = (32, 24)) -> bytes:
    """A small PNG made in memory."""
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def upload_png():  # type: ignore[no-untyped-def]
    """`upload_png(client)` → the id of a processed image uploaded through POST /api/v1/media."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def run(client: ApiClient, description: str = "") -> str:
        file = SimpleUploadedFile("pic.png", png_bytes(), content_type="image/png")
        response = client.post("/api/v1/media", {"file": file, "description": description})
        assert response.status_code == 200, response.content
        return str(response.json()["id"])

    return run
