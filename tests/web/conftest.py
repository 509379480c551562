"""Fixtures for web UI tests: signed-in clients and a helper to post through the UI."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image


def image_file(name: str = "photo.png", *, fmt: str = "PNG", size=(64, 48), color="teal"):  # type: ignore[no-untyped-def]
    """An image made in memory by Pillow, as a browser would upload it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    content_type = f"image/{fmt.lower()}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


@pytest.fixture(autouse=True)
def _web_defaults(settings):  # type: ignore[no-untyped-def]
    """Web tests assume an open server without email confirmation unless a test says otherwise
    (an operator's BALAI_* environment must not change what these tests mean)."""
    settings.BALAI_SIGNUP_CONFIRM_EMAIL = False
    settings.BALAI_REGISTRATION_MODE = "open"


@pytest.fixture
def client_for():  # type: ignore[no-untyped-def]
    """A test client signed in as `user` (through the real login page)."""

    def make(user, language: str = "en") -> Client:  # type: ignore[no-untyped-def]
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        response = client.post(
            "/login", {"username": user.username, "password": "correct horse battery staple"}
        )
        assert response.status_code == 302, response.content[:500]
        return client

    return make


@pytest.fixture
def post_as():  # type: ignore[no-untyped-def]
    """Publish a post through the compose form; returns the response."""

    def make(client: Client, text: str, **fields: str):  # type: ignore[no-untyped-def]
        data = {"text": text, "visibility": fields.pop("visibility", "public"), **fields}
        return client.post("/compose", data)

    return make
