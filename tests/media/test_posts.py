"""Attaching media to posts, and media leaving storage when its post or upload goes away."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from balai.core.errors import BalaiError
from balai.media.models import MediaAttachment
from balai.media.purge import media_sweep
from balai.media.selectors import attachments_for_post, media_url, post_media_hashes
from balai.media.services import post_create_with_media, post_edit_with_media
from balai.posts.models import Post
from balai.posts.services import PostDraft, post_delete
from tests.media.fixtures import image_bytes, picture


def status(url: str | None) -> int:
    assert url is not None
    return Client().get(urlsplit(url).path).status_code


def test_media_only_post_with_ordered_attachments(make_user, upload):
    """A post may be only media; attachments keep the order given and expose their hashes."""
    user = make_user()
    first = upload(user, image_bytes("PNG", picture(seed=1)))
    second = upload(user, image_bytes("PNG", picture(seed=2)))
    post = post_create_with_media(
        author=user, draft=PostDraft(text=""), media_ids=[str(second.pk), first.pk]
    )
    assert [m.pk for m in attachments_for_post(post.pk)] == [second.pk, first.pk]
    assert set(post_media_hashes(post.pk)) == {*first.pdq_hashes, *second.pdq_hashes}


def test_attachment_rules(make_user, upload):
    """At most 4, only one's own, only unattached: anything else is a 422 and nothing changes."""
    user, other = make_user(), make_user()
    mine = [upload(user, image_bytes("PNG", picture(seed=s))) for s in range(5)]
    theirs = upload(other, image_bytes("PNG"))
    for ids in ([m.pk for m in mine], [theirs.pk], ["nonsense"], [123]):
        with pytest.raises(BalaiError) as caught:
            post_create_with_media(author=user, draft=PostDraft(text="hi"), media_ids=ids)
        assert caught.value.status == 422
    assert not Post.objects.exists()
    post_create_with_media(author=user, draft=PostDraft(text="one"), media_ids=[mine[0].pk])
    with pytest.raises(BalaiError):
        post_create_with_media(author=user, draft=PostDraft(text="two"), media_ids=[mine[0].pk])
    assert Post.objects.count() == 1


def test_edit_replaces_attachments(make_user, upload):
    """Editing with a new list replaces the attachments; None leaves them alone."""
    user = make_user()
    a, b = upload(user, image_bytes("PNG")), upload(user, image_bytes("PNG"))
    post = post_create_with_media(author=user, draft=PostDraft(text="x"), media_ids=[a.pk])
    post_edit_with_media(author=user, post_id=post.pk, draft=PostDraft(text="y"), media_ids=[b.pk])
    assert [m.pk for m in attachments_for_post(post.pk)] == [b.pk]
    post_edit_with_media(author=user, post_id=post.pk, draft=PostDraft(text="z"))
    assert [m.pk for m in attachments_for_post(post.pk)] == [b.pk]


def test_deleting_a_post_removes_its_files(make_user, upload):
    """Once a post is deleted its files are gone from storage and its URLs answer 404."""
    user = make_user()
    media = upload(user, image_bytes("JPEG"))
    post = post_create_with_media(author=user, draft=PostDraft(text="x"), media_ids=[media.pk])
    url, path = media_url(media), media.file_path
    assert status(url) == 200
    post_delete(author=user, post_id=post.pk)
    assert status(url) == 404
    assert not default_storage.exists(path)
    assert not MediaAttachment.objects.filter(pk=media.pk).exists()


def test_sweep_removes_media_of_deleted_posts(make_user, upload):
    """If the deletion task was lost, the sweep removes the files: the URL then answers 404."""
    user = make_user()
    media = upload(user, image_bytes("JPEG"))
    post = post_create_with_media(author=user, draft=PostDraft(text="x"), media_ids=[media.pk])
    Post.objects.filter(pk=post.pk).update(deleted_at=timezone.now())  # no event published
    url = media_url(media)
    assert status(url) == 200
    call_command("media_sweep")
    assert status(url) == 404


def test_unattached_uploads_expire_after_24_hours(make_user, upload):
    """An upload never attached is removed after 24 hours, and not before."""
    user = make_user()
    media = upload(user, image_bytes("JPEG"))
    url = media_url(media)
    assert media_sweep().expired_uploads == 0
    assert status(url) == 200
    MediaAttachment.objects.filter(pk=media.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    assert media_sweep().expired_uploads == 1
    assert status(url) == 404
