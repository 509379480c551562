"""Removing media: files of deleted posts and accounts, and uploads nobody attached in 24 hours.

Deleting a post publishes "post.deleted" after commit; the handler enqueues `purge_post_media`,
which deletes the files from storage and then the rows. `media_sweep` (the `media_sweep`
management command, to run every minute or so from cron or a scheduler) is the safety net: it
purges anything a lost task left behind, expires unattached uploads after 24 hours, and retries
processing that stalled.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from balai.accounts.models import User
from balai.media import storage
from balai.media.models import MediaAttachment, MediaState, ProfileImage
from balai.media.processing import MAX_ATTEMPTS

logger = logging.getLogger(__name__)
UNATTACHED_TTL = timedelta(hours=24)
STALLED_AFTER = timedelta(minutes=10)


def _purge(media: MediaAttachment) -> None:
    # Mark first so a concurrent processing attempt deletes what it writes, then remove files.
    MediaAttachment.objects.filter(pk=media.pk).update(purged_at=timezone.now())
    storage.delete_paths(media.stored_paths)
    MediaAttachment.objects.filter(pk=media.pk).delete()


def media_purge_for_post(*, post_id: int) -> int:
    """Delete every file and row of a post's attachments; returns how many were removed."""
    rows = list(MediaAttachment.objects.filter(post_id=post_id))
    for media in rows:
        _purge(media)
    return len(rows)


def media_purge_for_user(*, user_id: int) -> int:
    """Delete every attachment, avatar and header of an account (call before deleting the row)."""
    rows = list(MediaAttachment.objects.filter(owner_id=user_id))
    for media in rows:
        _purge(media)
    for image in ProfileImage.objects.filter(user_id=user_id):
        storage.delete_paths([image.file_path])
        image.delete()
    User.objects.filter(pk=user_id).update(avatar_path="", header_path="")
    return len(rows)


def on_post_deleted(*, post_id: int, **_payload: Any) -> None:
    from balai.media.tasks import purge_post_media

    if MediaAttachment.objects.filter(post_id=post_id).exists():
        purge_post_media.enqueue(post_id)


def on_user_deleted(*, user_id: int, **_payload: Any) -> None:
    from balai.media.tasks import purge_user_media

    purge_user_media.enqueue(user_id)


@dataclass
class SweepResult:
    deleted_posts: int = 0
    expired_uploads: int = 0
    retried: int = 0


def media_sweep(*, now: Any = None) -> SweepResult:
    """Purge media of deleted posts and stale unattached uploads; retry stalled processing."""
    now = now or timezone.now()
    result = SweepResult()
    for media in MediaAttachment.objects.filter(post__deleted_at__isnull=False):
        _purge(media)
        result.deleted_posts += 1
    stale = MediaAttachment.objects.filter(post__isnull=True, created_at__lt=now - UNATTACHED_TTL)
    for media in stale:
        _purge(media)
        result.expired_uploads += 1
    result.retried = _retry_stalled(now)
    return result


def _retry_stalled(now: Any) -> int:
    from balai.media.tasks import process_media

    stalled = MediaAttachment.objects.filter(
        Q(state=MediaState.UPLOADED) | Q(state=MediaState.PROCESSING),
        created_at__lt=now - STALLED_AFTER,
        attempts__lt=MAX_ATTEMPTS,
        purged_at__isnull=True,
    ).values_list("pk", flat=True)
    count = 0
    for media_id in stalled:
        process_media.enqueue(media_id)
        count += 1
    MediaAttachment.objects.filter(
        state__in=[MediaState.UPLOADED, MediaState.PROCESSING],
        attempts__gte=MAX_ATTEMPTS,
        created_at__lt=now - STALLED_AFTER,
    ).update(state=MediaState.FAILED, error="gave up after repeated errors")
    return count
