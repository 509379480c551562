"""Where media files go: the default Django storage (a local folder or an S3-compatible store).

Public files live under `m/<token>/` (attachments) and `p/<token>/` (avatars, headers) with a
192-bit random token; raw uploads wait under `incoming/<token>` and are never served. The name
the uploader gave a file is never part of a path.
"""

from __future__ import annotations

import logging
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)
PUBLIC_PREFIXES = ("m/", "p/")


def new_token() -> str:
    """192 random bits, URL-safe (32 characters)."""
    return secrets.token_urlsafe(24)


def save_bytes(path: str, data: bytes) -> str:
    return default_storage.save(path, ContentFile(data))


def save_stream(path: str, stream: IO[bytes]) -> str:
    stream.seek(0)
    return default_storage.save(path, File(stream))


def save_file(path: str, source: Path) -> str:
    with source.open("rb") as handle:
        return default_storage.save(path, File(handle))


def copy_to_local(path: str, target: Path) -> None:
    with default_storage.open(path, "rb") as source, target.open("wb") as out:
        shutil.copyfileobj(source, out, 1024 * 1024)


def delete_paths(paths: Iterable[str]) -> None:
    """Delete stored files; a missing file is fine, a storage error is logged and re-raised."""
    for path in paths:
        if path:
            default_storage.delete(path)


def public_url(path: str) -> str:
    """An absolute URL for a stored public file (clients need absolute URLs)."""
    return absolute(default_storage.url(path))


def absolute(url: str) -> str:
    if url.startswith("/") and not url.startswith("//"):
        scheme = "https" if settings.BALAI_HTTPS else "http"
        url = f"{scheme}://{settings.BALAI_DOMAIN}{url}"
    return url
