"""The Mastodon media endpoints: v2 upload, v1 upload, read and update one's own media."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from balai.api.models import AccessToken
from tests.media.fixtures import image_bytes


def client_for(user: Any, scopes: str = "read write") -> Client:
    _token, raw = AccessToken.issue(user=user, scopes=scopes)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_v2_upload_then_read_and_describe(make_user):
    """POST /api/v2/media answers a MediaAttachment (200 once processed, with URLs, sizes, focus
    and blurhash); GET shows it; PUT sets the description and the focal point."""
    user = make_user()
    client = client_for(user)
    file = SimpleUploadedFile("../../x.jpg", image_bytes("JPEG"), content_type="text/html")
    response = client.post(
        "/api/v2/media", {"file": file, "description": "a cat", "focus": "0.5,-0.5"}
    )
    assert response.status_code in (200, 202), response.content
    body = response.json()
    assert body["type"] == "image" and body["description"] == "a cat"
    assert body["meta"]["focus"] == {"x": 0.5, "y": -0.5}
    assert body["url"].startswith("http") and body["preview_url"]
    assert body["meta"]["original"]["width"] == 320 and body["blurhash"]
    assert body["remote_url"] is None
    shown = client.get(f"/api/v1/media/{body['id']}")
    assert shown.status_code == 200 and shown.json()["id"] == body["id"]
    updated = client.put(
        f"/api/v1/media/{body['id']}",
        data='{"description": "a dog", "focus": "0,0.25"}',
        content_type="application/json",
    )
    assert updated.status_code == 200
    assert updated.json()["description"] == "a dog"
    assert updated.json()["meta"]["focus"] == {"x": 0.0, "y": 0.25}


def test_v1_upload_refuses_markup_with_422(make_user):
    """A script named .png is refused with a Mastodon-shaped 422 error."""
    client = client_for(make_user())
    file = SimpleUploadedFile("cat.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post("/api/v1/media", {"file": file})
    assert response.status_code == 422
    assert "error" in response.json()


def test_media_of_others_is_not_found_and_scope_is_required(make_user):
    """Another user's media is 404; a token without write:media is refused."""
    owner, other = make_user(), make_user()
    file = SimpleUploadedFile("a.png", image_bytes("PNG"), content_type="image/png")
    media_id = client_for(owner).post("/api/v1/media", {"file": file}).json()["id"]
    assert client_for(other).get(f"/api/v1/media/{media_id}").status_code == 404
    file = SimpleUploadedFile("a.png", image_bytes("PNG"), content_type="image/png")
    assert client_for(owner, "read").post("/api/v1/media", {"file": file}).status_code in (401, 403)


def test_v2_answers_202_while_processing(make_user, settings):
    """With no worker yet, v2 answers 202 with a null url, and GET answers 206 until done."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = client_for(make_user())
    file = SimpleUploadedFile("a.png", image_bytes("PNG"), content_type="image/png")
    response = client.post("/api/v2/media", {"file": file})
    assert response.status_code == 202 and response.json()["url"] is None
    assert client.get(f"/api/v1/media/{response.json()['id']}").status_code == 206
