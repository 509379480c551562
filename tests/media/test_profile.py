"""Avatars and headers: a default until set, then a clean, resized copy at a token URL."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from django.test import Client
from PIL import Image

from balai.media.selectors import avatar_url, header_url
from balai.media.services import profile_image_set
from tests.media.fixtures import SECRET, image_bytes, picture


def test_avatar_default_then_set(make_user):
    """Without an avatar the default image is returned; after setting one, a 400 px copy with no
    metadata is served, and replacing it removes the old file."""
    user = make_user()
    assert avatar_url(user).endswith("/static/media/avatar.png")
    assert header_url(user).endswith("/static/media/header.png")
    data = image_bytes("JPEG", picture((1000, 800)))
    first = profile_image_set(user=user, kind="avatar", file=io.BytesIO(data), size=len(data))
    url = avatar_url(user)
    response = Client().get(urlsplit(url).path)
    body = b"".join(response.streaming_content)
    assert SECRET.encode() not in body
    with Image.open(io.BytesIO(body)) as image:
        assert max(image.size) == 400 and not image.getexif()
    profile_image_set(user=user, kind="avatar", file=io.BytesIO(data), size=len(data))
    assert avatar_url(user) != url
    assert Client().get(urlsplit(url).path).status_code == 404
    assert first.token not in avatar_url(user)
    stored = type(user).objects.get(pk=user.pk)  # the path is kept on the account row
    assert avatar_url(stored) == avatar_url(user) and header_url(stored) == header_url(user)
