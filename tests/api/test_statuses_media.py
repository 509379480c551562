"""Statuses with media attachments: posting, editing, rendering, only_media and the limits."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from balai.media.models import MediaAttachment
from balai.posts.models import Post
from tests.api.conftest import png_bytes


def test_post_with_media_in_every_client_encoding(
    api: Any, make_user: Any, upload_png: Any
) -> None:
    """`media_ids[]` is read from form bodies, JSON arrays and the query string; a post with
    media may have no text, and the Status carries the attachments in order."""
    client = api(make_user(username="alice"))
    first, second = upload_png(client, "a red square"), upload_png(client)
    form = client.post("/api/v1/statuses", {"media_ids[]": [second, first], "sensitive": "1"})
    assert form.status_code == 200, form.content
    status = form.json()
    assert [m["id"] for m in status["media_attachments"]] == [second, first]
    assert status["sensitive"] is True and status["content"] == ""
    attachment = status["media_attachments"][1]
    assert attachment["type"] == "image" and attachment["description"] == "a red square"
    assert attachment["url"].startswith("http") and attachment["preview_url"]

    third = upload_png(client)
    as_json = client.post_json("/api/v1/statuses", {"status": "json", "media_ids": [third]})
    assert [m["id"] for m in as_json.json()["media_attachments"]] == [third]
    fourth = upload_png(client)
    query = client.post("/api/v1/statuses?" + urlencode({"media_ids[]": fourth, "status": "q"}))
    assert [m["id"] for m in query.json()["media_attachments"]] == [fourth]
    fetched = client.get(f"/api/v1/statuses/{status['id']}").json()
    assert fetched["media_attachments"] == status["media_attachments"]


def test_bad_media_ids_are_422_and_write_nothing(api: Any, make_user: Any, upload_png: Any) -> None:
    """More than four, another user's, unknown or already-attached media → 422 with a precise
    message, and neither a post nor an attachment change is written."""
    alice, bob = api(make_user(username="alice")), api(make_user(username="bob"))
    mine = [upload_png(alice) for _ in range(5)]
    theirs = upload_png(bob)
    too_many = alice.post_json("/api/v1/statuses", {"status": "x", "media_ids": mine})
    assert too_many.status_code == 422
    assert "at most 4" in too_many.json()["error"]
    for ids in ([mine[0], theirs], ["12345"], ["abc"]):
        response = alice.post_json("/api/v1/statuses", {"status": "x", "media_ids": ids})
        assert response.status_code == 422, ids
        assert response.json()["error"].startswith("Validation failed:")
    other = alice.post_json("/api/v1/statuses", {"status": "x", "media_ids": [theirs]})
    assert theirs in other.json()["error"]
    assert Post.objects.count() == 0
    assert not MediaAttachment.objects.filter(post__isnull=False).exists()
    posted = alice.post_json("/api/v1/statuses", {"status": "ok", "media_ids": [mine[0]]})
    again = alice.post_json("/api/v1/statuses", {"status": "no", "media_ids": [mine[0]]})
    assert posted.status_code == 200 and again.status_code == 422
    assert Post.objects.count() == 1


def test_edit_replaces_or_keeps_attachments(api: Any, make_user: Any, upload_png: Any) -> None:
    """PUT with media_ids replaces the attachments; PUT without them keeps them."""
    client = api(make_user(username="alice"))
    first, second = upload_png(client), upload_png(client)
    post = client.post_json("/api/v1/statuses", {"status": "v1", "media_ids": [first]}).json()
    path = f"/api/v1/statuses/{post['id']}"
    edited = client.put(path, {"status": "v2", "media_ids": [second]}, "application/json")
    assert [m["id"] for m in edited.json()["media_attachments"]] == [second]
    kept = client.put(path, {"status": "v3"}, content_type="application/json").json()
    assert [m["id"] for m in kept["media_attachments"]] == [second]
    cleared = client.put(path, {"status": "v4", "media_ids": []}, "application/json").json()
    assert cleared["media_attachments"] == []


def test_only_media_filters_public_and_account_timelines(
    api: Any, make_user: Any, upload_png: Any
) -> None:
    """only_media=true keeps only posts with attachments, on public, tag and account feeds."""
    client = api(make_user(username="alice"))
    plain = client.post_json("/api/v1/statuses", {"status": "words #pics"}).json()
    media = client.post_json(
        "/api/v1/statuses", {"status": "a #pics photo", "media_ids": [upload_png(client)]}
    ).json()
    me = plain["account"]["id"]
    for path in ("/api/v1/timelines/public", "/api/v1/timelines/tag/pics",
                 f"/api/v1/accounts/{me}/statuses"):  # fmt: skip
        assert [s["id"] for s in client.get(path + "?only_media=true").json()] == [media["id"]]
        assert [s["id"] for s in client.get(path).json()] == [media["id"], plain["id"]]


def test_instance_advertises_media_limits(api: Any, settings: Any) -> None:
    """Both instance endpoints advertise four attachments and the configured media limits."""
    settings.BALAI_MEDIA_MAX_IMAGE_BYTES = 1234567
    for path in ("/api/v1/instance", "/api/v2/instance"):
        config = api().get(path).json()["configuration"]
        assert config["statuses"]["max_media_attachments"] == 4
        media = config["media_attachments"]
        assert "image/png" in media["supported_mime_types"]
        assert media["image_size_limit"] == 1234567
        assert media["description_limit"] == 1500


def test_account_avatar_and_header(api: Any, make_user: Any) -> None:
    """update_credentials takes avatar/header files (multipart PATCH); accounts show absolute
    URLs for them, and defaults before any upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    client = api(make_user(username="alice"))
    before = client.get("/api/v1/accounts/verify_credentials").json()
    assert before["avatar"].startswith("http") and before["header_static"].startswith("http")
    file = SimpleUploadedFile("me.png", png_bytes("blue", (64, 64)), content_type="image/png")
    body = encode_multipart(BOUNDARY, {"avatar": file, "display_name": "Alice"})
    response = client.patch("/api/v1/accounts/update_credentials", body, MULTIPART_CONTENT)
    assert response.status_code == 200, response.content
    after = response.json()
    assert after["display_name"] == "Alice"
    assert after["avatar"] != before["avatar"] and after["avatar"].startswith("http")
    assert after["avatar_static"] == after["avatar"]
    assert after["header"] == before["header"]
