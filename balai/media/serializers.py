"""Mastodon's MediaAttachment entity for the client API (wire format stays off the model)."""

from __future__ import annotations

from typing import Any

from balai.media.models import MediaAttachment, MediaState, MediaType
from balai.media.selectors import media_url, preview_url


def serialize_attachment(media: MediaAttachment) -> dict[str, Any]:
    """`url` is null until processing is done (Mastodon's contract for 202 uploads)."""
    ready = media.state == MediaState.READY
    meta: dict[str, Any] = {}
    if ready:
        meta = {k: v for k, v in (media.meta or {}).items() if k in ("original", "small")}
    meta["focus"] = {"x": media.focus_x, "y": media.focus_y}
    kind = media.type if media.type in MediaType.values else MediaType.UNKNOWN
    return {
        "id": str(media.pk),
        "type": kind if media.state != MediaState.FAILED else MediaType.UNKNOWN,
        "url": media_url(media) if ready else None,
        "preview_url": preview_url(media) if ready else None,
        "remote_url": None,
        "preview_remote_url": None,
        "text_url": None,
        "meta": meta,
        "description": media.description or None,
        "blurhash": media.blurhash or None,
    }
