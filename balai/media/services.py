"""Writes for media: upload, describe, attach to posts, avatars and headers.

An upload is identified and measured from its bytes (never its name or declared type) before
anything is stored; what Balai will not take is refused with a 422 `MediaRejected` at once.
Processing (re-encoding, thumbnails, blurhash, PDQ) runs in a task enqueued after commit, or
inline with `synchronous=True`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.core.errors import BalaiError, NotFound
from balai.media import storage
from balai.media.detect import Detected, MediaRejected, detect
from balai.media.images import process_image
from balai.media.models import (
    MediaAttachment,
    MediaState,
    MediaType,
    ProfileImage,
    ProfileImageKind,
)
from balai.media.video import video_supported
from balai.posts.models import Post
from balai.posts.services import PostDraft, post_create, post_edit

MAX_ATTACHMENTS = 4
MAX_DESCRIPTION = 1500
PROFILE_SIDES = {ProfileImageKind.AVATAR: 400, ProfileImageKind.HEADER: 1500}


def _check_description(description: str) -> str:
    if len(description) > MAX_DESCRIPTION:
        raise BalaiError(
            _("A description can be at most %(limit)d characters.") % {"limit": MAX_DESCRIPTION},
            field="description",
        )
    if "\x00" in description:
        raise BalaiError(_("The description contains characters that are not allowed."))
    return description.strip()


def parse_focus(raw: str | None) -> tuple[float, float] | None:
    """Mastodon's focus "x,y", each from -1.0 to 1.0; None when absent."""
    if raw is None or raw == "":
        return None
    try:
        x, y = (float(part) for part in raw.split(","))
    except ValueError as exc:
        raise BalaiError(_("The focal point must be two numbers: x,y."), field="focus") from exc
    if not (-1.0 <= x <= 1.0 and -1.0 <= y <= 1.0):
        raise BalaiError(_("The focal point must be between -1 and 1."), field="focus")
    return x, y


def media_upload(
    *,
    owner: User,
    file: IO[bytes],
    size: int,
    description: str = "",
    focus: tuple[float, float] | None = None,
    synchronous: bool = False,
) -> MediaAttachment:
    """Accept an upload for processing; `synchronous` processes it before returning."""
    description = _check_description(description)
    detected = detect(file, size)
    if detected.kind == "video" and not video_supported():
        raise MediaRejected(_("Video is not supported on this server."), field="file")
    incoming = storage.save_stream(f"incoming/{storage.new_token()}", file)
    with transaction.atomic():
        media = MediaAttachment.objects.create(
            owner=owner,
            type=MediaType.IMAGE if detected.kind == "image" else MediaType.VIDEO,
            detected_format=detected.format,
            token=storage.new_token(),
            incoming_path=incoming,
            description=description,
            focus_x=focus[0] if focus else 0.0,
            focus_y=focus[1] if focus else 0.0,
        )
        if not synchronous:
            from balai.media.tasks import process_media

            media_id = media.pk
            transaction.on_commit(lambda: process_media.enqueue(media_id))
    if synchronous:
        from balai.media.processing import media_process

        media = media_process(media_id=media.pk) or media
        if media.state == MediaState.FAILED:
            raise MediaRejected(media.error or _("The file could not be processed."), field="file")
    return media


def own_media(owner: User, media_id: int | str) -> MediaAttachment:
    try:
        pk = int(media_id)
    except (TypeError, ValueError) as exc:
        raise NotFound(_("Media not found.")) from exc
    media = MediaAttachment.objects.filter(pk=pk, owner=owner).first()
    if media is None:
        raise NotFound(_("Media not found."))
    return media


def media_update(
    *,
    owner: User,
    media_id: int | str,
    description: str | None = None,
    focus: tuple[float, float] | None = None,
) -> MediaAttachment:
    """Change the alt text or focal point of one's own media."""
    media = own_media(owner, media_id)
    if description is not None:
        media.description = _check_description(description)
    if focus is not None:
        media.focus_x, media.focus_y = focus
    media.save(update_fields=["description", "focus_x", "focus_y"])
    return media


def _parse_ids(media_ids: Sequence[int | str]) -> list[int]:
    ids: list[int] = []
    for raw in media_ids:
        try:
            value = int(raw)
        except (TypeError, ValueError) as exc:
            raise BalaiError(_("Unknown media id."), field="media_ids") from exc
        if value not in ids:
            ids.append(value)
    if len(ids) > MAX_ATTACHMENTS:
        raise BalaiError(
            _("A post can have at most %(limit)d attachments.") % {"limit": MAX_ATTACHMENTS},
            field="media_ids",
        )
    return ids


def attach_media(*, post: Post, author: User, media_ids: Sequence[int | str]) -> None:
    """Make exactly `media_ids` (in that order) the attachments of `post`.

    Each must belong to the author, be ready or still processing, and be unattached or already
    attached to this post; attachments of the post left out of the list are detached (and
    expire with the other unattached uploads).
    """
    ids = _parse_ids(media_ids)
    rows = {
        m.pk: m
        for m in MediaAttachment.objects.select_for_update().filter(
            pk__in=ids,
            owner=author,
            purged_at__isnull=True,
            state__in=[MediaState.UPLOADED, MediaState.PROCESSING, MediaState.READY],
        )
    }
    for media_id in ids:
        media = rows.get(media_id)
        if media is None or media.post_id not in (None, post.pk):
            raise BalaiError(_("This media cannot be attached: %(id)s.") % {"id": media_id})
    MediaAttachment.objects.filter(post=post).exclude(pk__in=ids).update(post=None)
    for position, media_id in enumerate(ids):
        MediaAttachment.objects.filter(pk=media_id).update(post=post, position=position)


def _chain(
    first: Callable[[Post], None], second: Callable[[Post], None] | None
) -> Callable[[Post], None]:
    def both(post: Post) -> None:
        first(post)
        if second is not None:
            second(post)

    return both


def post_create_with_media(
    *, author: User, draft: PostDraft, media_ids: Sequence[int | str] = (), **kwargs: Any
) -> Post:
    """`post_create` with attachments, attached inside the post's transaction before screening."""
    ids = _parse_ids(media_ids)
    if not ids:
        return post_create(author=author, draft=draft, **kwargs)
    attach = _chain(
        lambda post: attach_media(post=post, author=author, media_ids=ids),
        kwargs.pop("before_screen", None),
    )
    draft = replace(draft, has_attachments=True)
    return post_create(author=author, draft=draft, before_screen=attach, **kwargs)


def post_edit_with_media(
    *,
    author: User,
    post_id: int | str,
    draft: PostDraft,
    media_ids: Sequence[int | str] | None = None,
    **kwargs: Any,
) -> Post:
    """`post_edit` that also replaces the attachments (None leaves them as they are)."""
    if media_ids is None:
        return post_edit(author=author, post_id=post_id, draft=draft, **kwargs)
    ids = _parse_ids(media_ids)
    attach = _chain(
        lambda post: attach_media(post=post, author=author, media_ids=ids),
        kwargs.pop("before_screen", None),
    )
    if ids:
        draft = replace(draft, has_attachments=True)
    return post_edit(author=author, post_id=post_id, draft=draft, before_screen=attach, **kwargs)


def profile_image_set(*, user: User, kind: str, file: IO[bytes], size: int) -> ProfileImage:
    """Replace the user's avatar or header with a re-encoded copy of an image upload."""
    if kind not in ProfileImageKind.values:
        raise BalaiError(_("Unknown profile image kind."), field="kind")
    detected: Detected = detect(file, size)
    if detected.kind != "image":
        raise MediaRejected(_("Avatars and headers must be images."), field="file")
    result = process_image(file, detected, max_side=PROFILE_SIDES[ProfileImageKind(kind)])
    rendition = result.original
    token = storage.new_token()
    path = storage.save_bytes(f"p/{token}/{kind}.{rendition.ext}", rendition.data)
    old = ProfileImage.objects.filter(user=user, kind=kind).first()
    with transaction.atomic():
        ProfileImage.objects.filter(user=user, kind=kind).delete()
        image = ProfileImage.objects.create(
            user=user,
            kind=kind,
            token=token,
            file_path=path,
            width=rendition.width,
            height=rendition.height,
            pdq_hash=result.pdq[0] if result.pdq else "",
        )
        setattr(user, f"{kind}_path", path)
        User.objects.filter(pk=user.pk).update(**{f"{kind}_path": path})
    if old is not None:
        transaction.on_commit(lambda: storage.delete_paths([old.file_path]))
    return image
