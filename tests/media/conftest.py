from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture
def upload() -> Callable[..., Any]:
    """Upload bytes through the service (synchronous unless told otherwise)."""
    from balai.media.services import media_upload

    def run(owner: Any, data: bytes, *, synchronous: bool = True, **kwargs: Any) -> Any:
        return media_upload(
            owner=owner, file=io.BytesIO(data), size=len(data), synchronous=synchronous, **kwargs
        )

    return run


def as_upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def _media_env(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Each test stores media in its own folder and runs tasks immediately, as in production
    once a worker picks them up (settings are pinned here whatever the environment says)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/"},
        },
    }
