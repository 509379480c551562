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
