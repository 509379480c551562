"""The processing state machine: uploaded → processing → ready | failed (with attempts).

`media_process` is what the background task runs (and what the synchronous API endpoint calls
inline). It claims the row, decodes the raw upload in a private temporary folder, stores the
clean renditions under a fresh random token and deletes the raw upload. A file Balai refuses
fails at once; an unexpected error leaves the row `uploaded` for `media_sweep` to retry until
MAX_ATTEMPTS. If the media was purged while it was being processed, the new files are deleted.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from balai.core.events import publish_on_commit
from balai.media import storage
from balai.media.detect import Detected, MediaRejected, detect
from balai.media.images import Rendition, process_image
from balai.media.models import MediaAttachment, MediaState, MediaType
from balai.media.video import process_video

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


def _claim(media_id: int) -> MediaAttachment | None:
    with transaction.atomic():
        media = MediaAttachment.objects.select_for_update().filter(pk=media_id).first()
        if media is None or media.state not in (MediaState.UPLOADED, MediaState.PROCESSING):
            return None
        if media.purged_at is not None or not media.incoming_path:
            return None
        media.state = MediaState.PROCESSING
        media.attempts += 1
        media.save(update_fields=["state", "attempts"])
        return media


def media_process(*, media_id: int) -> MediaAttachment | None:
    """Run one processing attempt; returns the row as it ends up (None when nothing to do)."""
    media = _claim(media_id)
    if media is None:
        return MediaAttachment.objects.filter(pk=media_id).first()
    written: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="balai-media-") as tmp:
            fields = _process_files(media, Path(tmp), written)
    except MediaRejected as exc:
        storage.delete_paths(written)
        return _finish(media, state=MediaState.FAILED, error=exc.message)
    except Exception:
        logger.exception("processing media %s failed", media_id)
        storage.delete_paths(written)
        state = MediaState.FAILED if media.attempts >= MAX_ATTEMPTS else MediaState.UPLOADED
        return _finish(media, state=state, error="processing error")
    return _finish(media, state=MediaState.READY, error="", **fields)


def _finish(media: MediaAttachment, *, state: str, error: str, **fields: Any) -> MediaAttachment:
    done = state in (MediaState.READY, MediaState.FAILED)
    incoming = media.incoming_path
    with transaction.atomic():
        updated = MediaAttachment.objects.filter(pk=media.pk, purged_at__isnull=True).update(
            state=state,
            error=error[:300],
            processed_at=timezone.now() if done else None,
            incoming_path="" if done else incoming,
            **fields,
        )
        if updated and state == MediaState.READY:
            publish_on_commit("media.ready", media_id=media.pk)
    if not updated:  # purged while we worked: nothing we wrote may stay
        storage.delete_paths([fields.get("file_path", ""), fields.get("thumbnail_path", "")])
    elif done:
        storage.delete_paths([incoming])
    refreshed = MediaAttachment.objects.filter(pk=media.pk).first()
    return refreshed or media


def _process_files(media: MediaAttachment, tmp: Path, written: list[str]) -> dict[str, Any]:
    source = tmp / "upload"
    storage.copy_to_local(media.incoming_path, source)
    with source.open("rb") as handle:
        detected = detect(handle, source.stat().st_size)
        if detected.kind == "image":
            return _store_image(media, handle, detected, written)
    return _store_video(media, source, detected, tmp, written)


def _store(media: MediaAttachment, name: str, rendition: Rendition, written: list[str]) -> str:
    path = storage.save_bytes(f"m/{media.token}/{name}.{rendition.ext}", rendition.data)
    written.append(path)
    return path


def _size_meta(width: int, height: int) -> dict[str, Any]:
    return {
        "width": width,
        "height": height,
        "size": f"{width}x{height}",
        "aspect": round(width / height, 6) if height else 0,
    }


def _store_image(
    media: MediaAttachment, handle: Any, detected: Detected, written: list[str]
) -> dict[str, Any]:
    result = process_image(handle, detected)
    file_path = _store(media, "original", result.original, written)
    thumb_path = _store(media, "small", result.small, written)
    return {
        "type": MediaType.IMAGE,
        "file_path": file_path,
        "thumbnail_path": thumb_path,
        "blurhash": result.blurhash,
        "pdq_hashes": result.pdq,
        "meta": {
            "original": _size_meta(result.original.width, result.original.height),
            "small": _size_meta(result.small.width, result.small.height),
            "animated": result.animated,
        },
    }


def _store_video(
    media: MediaAttachment, source: Path, detected: Detected, tmp: Path, written: list[str]
) -> dict[str, Any]:
    result = process_video(source, detected.format, tmp)
    file_path = storage.save_file(f"m/{media.token}/original.mp4", result.path)
    written.append(file_path)
    thumb_path = _store(media, "small", result.poster, written)
    original = _size_meta(result.width, result.height)
    original["duration"] = result.duration
    return {
        "type": MediaType.VIDEO,
        "file_path": file_path,
        "thumbnail_path": thumb_path,
        "blurhash": result.blurhash,
        "pdq_hashes": result.pdq,
        "meta": {
            "original": original,
            "small": _size_meta(result.poster.width, result.poster.height),
        },
    }
