"""Known-bad media: a removed post's pictures are banked, and near-identical re-uploads are held."""

from __future__ import annotations

import io

from PIL import Image, ImageEnhance

from balai.media.models import MediaAttachment
from balai.media.services import media_upload, post_create_with_media
from balai.moderation.models import Report, ReportSource
from balai.moderation.services import report_create
from balai.moderation.services.appeals import appeal_create, appeal_decide
from balai.moderation.services.decisions import decision_take
from balai.posts.models import Post, PostState
from balai.posts.services import PostDraft
from tests.media.fixtures import image_bytes, picture


def _upload(owner, data: bytes) -> MediaAttachment:  # type: ignore[no-untyped-def]
    return media_upload(owner=owner, file=io.BytesIO(data), size=len(data), synchronous=True)


def _reshared(image: Image.Image) -> bytes:
    changed = ImageEnhance.Brightness(image.resize((280, 210))).enhance(1.1)
    buffer = io.BytesIO()
    changed.save(buffer, "JPEG", quality=45)
    return buffer.getvalue()


def _post_picture(author, data: bytes, text: str) -> Post:  # type: ignore[no-untyped-def]
    media = _upload(author, data)
    return post_create_with_media(
        author=author, draft=PostDraft(text=text, has_attachments=True), media_ids=[media.pk]
    )


def test_reupload_of_removed_picture_is_held_until_the_removal_is_overturned(make_user):
    """Removing a post banks its media; a near-identical copy posted by someone else is held
    and queued as an automated report; overturning the removal retires the hashes."""
    author, reader, copier = make_user(), make_user(), make_user()
    mod, other_mod = make_user(role="moderator"), make_user(role="moderator")
    original = picture(seed=21)
    first = _post_picture(author, image_bytes("PNG", original), "lihat ini")
    assert first.state == PostState.PUBLISHED
    report = report_create(
        reporter=reader, account=author, post_ids=[first.pk], category="violence"
    )
    decision = decision_take(moderator=mod, report=report, action="remove", rule="violent_threat")

    copy = _post_picture(copier, _reshared(original), "found this photo")
    assert copy.state == PostState.HELD
    automated = Report.objects.get(posts=copy, source=ReportSource.AUTOMATED)
    assert any(e.get("kind") == "media_hash" for e in automated.verdict.evidence)
    unrelated = _post_picture(copier, image_bytes("PNG", picture(seed=77)), "my cat")
    assert unrelated.state == PostState.PUBLISHED

    appeal = appeal_create(user=author, decision_id=decision.pk, text="it was news footage")
    appeal_decide(moderator=other_mod, appeal=appeal, overturn=True, reason="news")
    again = _post_picture(copier, _reshared(original), "sharing again")
    assert again.state == PostState.PUBLISHED
