"""Media in the web UI: images attached from a plain multipart compose form (no JavaScript),
with alt text per file; attachments rendered on every page; avatars and headers from settings.
Images are made in memory by Pillow and uploaded over HTTP."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from balai.media.models import MediaAttachment
from balai.posts.models import Post
from tests.web.conftest import image_file

IMAGE = (
    r'<a class="attachment" href="([^"]+)"[^>]*>'
    r'<img src="([^"]+)" alt="([^"]*)" loading="lazy"'
)


def _path(url: str) -> str:
    return urlparse(url).path


def test_a_post_with_two_images_and_alt_text_renders_them_lazily_linking_the_full_file(
    make_user, client_for
):
    """Two files with their own descriptions become the post's attachments, in order; every
    page shows a lazy-loaded preview with the alt text, linking to the full file."""
    alice = make_user(username="alice")
    client = client_for(alice)
    response = client.post(
        "/compose",
        {
            "text": "Pasar pagi",
            "visibility": "public",
            "media_0": image_file("a.png"),
            "alt_0": "A market stall with mangoes",
            "media_1": image_file("b.jpg", fmt="JPEG", color="red"),
            "alt_1": "Red morning sky",
        },
    )
    assert response.status_code == 302, response.content[:500]
    post = Post.objects.get(author=alice)
    assert list(
        post.media_attachments.order_by("position").values_list("description", flat=True)
    ) == [
        "A market stall with mangoes",
        "Red morning sky",
    ]
    for url in ("/local", f"/@alice/{post.pk}", "/@alice"):
        page = Client().get(url).content.decode()
        images = re.findall(IMAGE, page)
        assert [alt for _full, _preview, alt in images] == [
            "A market stall with mangoes",
            "Red morning sky",
        ], url
    full, preview, _alt = images[0]
    served = Client().get(_path(full))
    assert served.status_code == 200 and served["Content-Type"].startswith("image/")
    assert Client().get(_path(preview)).status_code == 200


def test_an_invalid_file_is_refused_with_the_precise_message_and_nothing_is_written(
    make_user, client_for
):
    """HTML posing as an image, next to a good image, refuses the whole form with a 422 that
    says why; no post and no upload is stored, and the text is kept for a second try."""
    client = client_for(make_user(username="alice"))
    fake = SimpleUploadedFile("cat.png", b"<html><script>alert(1)</script></html>", "image/png")
    response = client.post(
        "/compose",
        {"text": "keep me", "visibility": "public", "media_0": image_file(), "media_1": fake},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "This file type is not supported" in page and "keep me" in page
    assert not Post.objects.exists() and not MediaAttachment.objects.exists()


def test_indonesian_speakers_read_the_refusal_in_indonesian(make_user, client_for):
    client = client_for(make_user(username="budi", language="id"), language="id")
    fake = SimpleUploadedFile("x.gif", b"not an image at all", "image/gif")
    response = client.post("/compose", {"text": "halo", "visibility": "public", "media_0": fake})
    assert response.status_code == 422
    assert "Jenis berkas ini tidak didukung" in response.content.decode()


def test_htmx_compose_and_replies_carry_images_too(make_user, client_for):
    """The htmx compose box posts multipart and answers with the new post and its image; a
    reply can carry an image."""
    alice = make_user(username="alice")
    client = client_for(alice)
    posted = client.post(
        "/compose",
        {"text": "first", "visibility": "public", "media_0": image_file(), "alt_0": "teal"},
        HTTP_HX_REQUEST="true",
    )
    assert posted.status_code == 200 and 'alt="teal"' in posted.content.decode()
    first = Post.objects.get(text="first")
    reply = client.post(
        "/compose",
        {
            "text": "a reply",
            "visibility": "public",
            "in_reply_to": str(first.pk),
            "media_0": image_file(color="blue"),
            "alt_0": "blue square",
        },
    )
    assert reply.status_code == 302
    thread = Client().get(f"/@alice/{first.pk}").content.decode()
    assert 'alt="teal"' in thread and 'alt="blue square"' in thread


def test_editing_keeps_removes_and_adds_attachments(make_user, client_for):
    """The edit form lists the attachments to keep and takes new files."""
    alice = make_user(username="alice")
    client = client_for(alice)
    client.post(
        "/compose",
        {
            "text": "v1",
            "visibility": "public",
            "media_0": image_file(),
            "alt_0": "old one",
            "media_1": image_file(),
            "alt_1": "kept one",
        },
    )
    post = Post.objects.get(author=alice)
    kept = post.media_attachments.get(description="kept one")
    form = client.get(f"/posts/{post.pk}/edit").content.decode()
    assert 'alt="old one"' in form and 'name="media_0"' in form
    response = client.post(
        f"/posts/{post.pk}/edit",
        {"text": "v2", "keep_media": [str(kept.pk)], "media_0": image_file(), "alt_0": "new one"},
    )
    assert response.status_code == 302, response.content[:500]
    page = Client().get(f"/@alice/{post.pk}").content.decode()
    assert 'alt="kept one"' in page and 'alt="new one"' in page and 'alt="old one"' not in page


def test_sensitive_media_hides_behind_a_show_toggle(make_user, client_for):
    alice = make_user(username="alice")
    client_for(alice).post(
        "/compose",
        {"text": "careful", "visibility": "public", "media_0": image_file(), "alt_0": "x"},
    )
    Post.objects.filter(author=alice).update(sensitive=True)
    page = Client().get("/local").content.decode()
    assert re.search(r'<details class="sensitive"><summary>Sensitive media', page)


def test_avatar_and_header_upload_show_on_the_profile_and_next_to_posts(make_user, client_for):
    alice = make_user(username="alice")
    client = client_for(alice)
    client.post("/compose", {"text": "hi", "visibility": "public"})
    before = Client().get("/@alice").content.decode()
    assert "/static/media/avatar.png" in before
    response = client.post(
        "/settings/images",
        {
            "avatar": image_file("me.png"),
            "header": image_file("wide.jpg", fmt="JPEG", size=(300, 100)),
        },
    )
    assert response.status_code == 302
    profile = Client().get("/@alice").content.decode()
    avatar = re.search(r'<img class="avatar large" src="([^"]+)"', profile).group(1)
    header = re.search(r'<img class="header-image" src="([^"]+)"', profile).group(1)
    assert "/static/" not in avatar and "/static/" not in header
    assert Client().get(_path(avatar)).status_code == 200
    timeline = Client().get("/local").content.decode()
    assert f'<img class="avatar" src="{avatar}"' in timeline


def test_a_bad_avatar_is_refused_with_its_reason(make_user, client_for):
    client = client_for(make_user(username="alice"))
    fake = SimpleUploadedFile("me.png", b"GIF89a-but-not-really", "image/png")
    response = client.post("/settings/images", {"avatar": fake})
    assert response.status_code == 422
    assert 'class="errors"' in response.content.decode()
    assert client.post("/settings/images", {}).status_code == 422
