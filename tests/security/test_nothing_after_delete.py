"""Once a post is deleted, no operation serves it or its media: every read answers 404 or
leaves it out (Parler's "deleted" posts stayed retrievable)."""

from __future__ import annotations

import io

from PIL import Image

from balai.api.models import AccessToken


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_deleted_post_is_served_by_no_operation(make_user, client):
    author, reader = make_user(username="author"), make_user(username="reader")
    _t, token = AccessToken.issue(user=author, scopes="read write follow")
    _t, reader_token = AccessToken.issue(user=reader, scopes="read write follow")
    mine = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    theirs = {"HTTP_AUTHORIZATION": f"Bearer {reader_token}"}
    media = client.post("/api/v1/media", {"file": io.BytesIO(_png()), "description": "x"}, **mine)
    status = client.post(
        "/api/v1/statuses",
        {"status": "vanishingword #gone", "media_ids[]": [media.json()["id"]]},
        **mine,
    ).json()
    sid, file_url = status["id"], status["media_attachments"][0]["url"]
    client.post(f"/api/v1/accounts/{author.pk}/follow", **theirs)
    for action in ("favourite", "bookmark", "reblog"):
        assert client.post(f"/api/v1/statuses/{sid}/{action}", **theirs).status_code == 200
    assert client.get("/" + file_url.split("://", 1)[-1].split("/", 1)[-1]).status_code == 200

    assert client.delete(f"/api/v1/statuses/{sid}", **mine).status_code == 200

    schema = client.get("/api/openapi.json").json()
    per_status = [
        path.replace("{status_id}", sid)
        for path, methods in schema["paths"].items()
        if "{status_id}" in path and "get" in methods
    ]
    assert len(per_status) >= 5
    for path in per_status:
        for auth in (mine, theirs, {}):
            assert client.get(path, **auth).status_code in (401, 404), path
    lists = [
        "/api/v1/timelines/home",
        "/api/v1/timelines/public",
        "/api/v1/timelines/tag/gone",
        f"/api/v1/accounts/{author.pk}/statuses",
        "/api/v1/bookmarks",
        "/api/v1/favourites",
        "/api/v2/search?q=vanishingword&type=statuses",
        "/api/v1/notifications",
    ]
    for path in lists:
        body = client.get(path, **theirs).content.decode()
        assert sid not in body and "vanishingword" not in body, path
    assert client.get(f"/@author/{sid}").status_code == 404
    for page in ["/local", "/tags/gone", "/@author", "/search?q=vanishingword"]:
        response = client.get(page)
        assert response.status_code == 200 and sid not in response.content.decode(), page
    assert client.get("/" + file_url.split("://", 1)[-1].split("/", 1)[-1]).status_code == 404
