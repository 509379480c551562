"""Reads for media: a post's attachments and hashes, avatar and header URLs.

Whether a post's media may be shown follows the post (`balai.posts.access.can_view_post`);
callers pass posts they already got through the access layer. Files themselves are served by
unguessable URL, like Mastodon.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.templatetags.static import static

from balai.accounts.models import User
from balai.core.compiled import compiled, instances
from balai.media import storage
from balai.media.models import MediaAttachment, MediaState, ProfileImageKind

SHOWN_STATES = (MediaState.READY, MediaState.PROCESSING, MediaState.UPLOADED)


def attachments_for_posts(post_ids: Iterable[int]) -> dict[int, list[MediaAttachment]]:
    """Attachments of each post, in order (one query for any number of posts)."""
    out: dict[int, list[MediaAttachment]] = defaultdict(list)
    ids = list(post_ids)
    if not ids:
        return out
    rows = instances(  # compiled once: every page with media asks
        MediaAttachment,
        ("shown attachments of posts",),
        lambda m: MediaAttachment.objects.filter(
            post_id__in=m.numbers("posts"), state__in=SHOWN_STATES, purged_at__isnull=True
        ).order_by("post_id", "position"),
        {"posts": ids},
    )
    for media in rows:
        out[media.post_id].append(media)  # type: ignore[index]
    return out


def attachments_for_post(post_id: int) -> list[MediaAttachment]:
    return attachments_for_posts([post_id]).get(post_id, [])


def post_media_hashes(post_id: int) -> list[str]:
    """Hex PDQ hashes of every image and video keyframe attached to a post (for the screen)."""
    query = compiled(  # compiled once: the screen asks for every post, most have no media
        ("media hashes of post",),
        lambda m: (
            MediaAttachment.objects.filter(post_id=m.number("post"))
            .order_by("position", "id")
            .values_list("pdq_hashes")
        ),
    )
    hashes: list[str] = []
    for (pdqs,) in query.fetch({"post": post_id}):
        hashes.extend(h for h in pdqs or [] if h not in hashes)
    return hashes


def post_media_pending(post_id: int) -> bool:
    """True while some attachment of the post is still being processed (no hashes yet)."""
    return MediaAttachment.objects.filter(
        post_id=post_id, state__in=[MediaState.UPLOADED, MediaState.PROCESSING]
    ).exists()


def media_url(media: MediaAttachment) -> str | None:
    return storage.public_url(media.file_path) if media.file_path else None


def preview_url(media: MediaAttachment) -> str | None:
    return storage.public_url(media.thumbnail_path) if media.thumbnail_path else None


def default_profile_image_url(kind: str) -> str:
    """The image shown for an account that has not uploaded an avatar or header."""
    return storage.absolute(static(f"media/{kind}.png"))


def _profile_image_url(user: User, kind: str) -> str:
    path = user.avatar_path if kind == ProfileImageKind.AVATAR else user.header_path
    return storage.public_url(path) if path else default_profile_image_url(kind)


def avatar_url(user: User) -> str:
    """Absolute URL of the user's avatar, or of the default avatar when none is set."""
    return _profile_image_url(user, ProfileImageKind.AVATAR)


def header_url(user: User) -> str:
    """Absolute URL of the user's profile header, or of a plain default header."""
    return _profile_image_url(user, ProfileImageKind.HEADER)
