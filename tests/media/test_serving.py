"""Serving: real Content-Type, nosniff, inline, no scripts; only public token paths."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from balai.media.models import MediaAttachment, MediaState
from balai.media.selectors import media_url
from tests.media.fixtures import image_bytes


def test_served_with_safe_headers(make_user, upload):
    """A served image has its real type, nosniff, inline disposition and a deny-all CSP."""
    media = upload(make_user(), image_bytes("PNG"))
    response = Client().get(urlsplit(media_url(media)).path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_paths_carry_a_random_token_of_at_least_128_bits(make_user, upload):
    """Stored paths are m/<32 URL-safe chars = 192 bits>/original.<ext>; two uploads differ."""
    user = make_user()
    first, second = upload(user, image_bytes("PNG")), upload(user, image_bytes("PNG"))
    for media in (first, second):
        assert re.fullmatch(r"m/[A-Za-z0-9_-]{32}/original\.png", media.file_path)
    assert first.token != second.token
    assert str(first.pk) not in first.file_path


@pytest.mark.parametrize(
    "name",
    ["../../../etc/passwd.jpg", "..\\..\\boot.ini", "<script>alert(1)</script>.jpg",
     "a\x00b.jpg", "/absolute/path.jpg", "con.jpg", "x" * 500 + ".jpg"],
)  # fmt: skip
def test_hostile_file_names_are_harmless(make_user, upload, name):
    """The uploader's file name never reaches storage: every file lands under the media root at
    a token path, whatever the name said."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from balai.media.services import media_upload

    data = image_bytes("JPEG")
    file = SimpleUploadedFile("photo.jpg", data, content_type="text/html")
    file.name = name
    media = media_upload(owner=make_user(), file=file, size=len(data), synchronous=True)
    root = Path(settings.MEDIA_ROOT).resolve()
    for path in (media.file_path, media.thumbnail_path):
        assert (root / path).resolve().is_relative_to(root)
        assert "passwd" not in path and "script" not in path and ".." not in path
    assert not (root.parent / "etc").exists()


@pytest.mark.parametrize(
    "path",
    ["/media/../balai.sqlite3", "/media/incoming/abc", "/media/m/short/original.png",
     "/media/m/" + "a" * 32 + "/original.html", "/media/m/%2e%2e/%2e%2e/secret_key"],
)  # fmt: skip
def test_only_public_token_paths_are_served(path, make_user, upload):
    """Raw uploads, other files of the data dir and odd extensions are never served."""
    upload(make_user(), image_bytes("PNG"))
    assert Client().get(path).status_code == 404


def test_raw_upload_is_never_served(make_user, upload, settings):
    """A raw upload waiting for processing is stored under incoming/ and is not reachable."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # no worker
    media = upload(make_user(), image_bytes("JPEG"), synchronous=False)
    media = MediaAttachment.objects.get(pk=media.pk)
    assert media.state == MediaState.UPLOADED
    assert media.incoming_path.startswith("incoming/")
    assert Client().get(f"/media/{media.incoming_path}").status_code == 404


def test_byte_ranges_for_seeking(make_user, upload):
    """A Range request gets 206 with exactly the bytes asked for."""
    media = upload(make_user(), image_bytes("PNG"))
    path = urlsplit(media_url(media)).path
    response = Client().get(path, HTTP_RANGE="bytes=0-7")
    assert response.status_code == 206
    assert response.content == b"\x89PNG\r\n\x1a\n"
    assert response["Content-Range"].startswith("bytes 0-7/")
