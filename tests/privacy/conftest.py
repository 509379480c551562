"""Fixtures for the privacy tests: media in a per-test folder, signed-in clients, bearer tokens."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _privacy_env(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Media in the test's own folder, tasks run at once, no email confirmation on sign-up."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/"},
        },
    }
    settings.BALAI_SIGNUP_CONFIRM_EMAIL = False
    settings.BALAI_REGISTRATION_MODE = "open"
    settings.BALAI_ACCOUNT_DELETION_GRACE_DAYS = 30


@pytest.fixture
def client_for():  # type: ignore[no-untyped-def]
    """A test client signed in as `user` through the real login page."""

    def make(user: Any) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        response = client.post("/login", {"username": user.username, "password": PASSWORD})
        assert response.status_code == 302, response.content[:500]
        return client

    return make


@pytest.fixture
def bearer():  # type: ignore[no-untyped-def]
    """`bearer(user)` → the HTTP_AUTHORIZATION header value of a fresh token for user."""
    from balai.api.models import AccessToken

    def make(user: Any, scopes: str = "read write follow") -> str:
        _token, raw = AccessToken.issue(user=user, scopes=scopes)
        return f"Bearer {raw}"

    return make


@pytest.fixture
def picture_post():  # type: ignore[no-untyped-def]
    """`picture_post(user, text, description)` → a published post with one processed image."""
    from balai.media.services import media_upload, post_create_with_media
    from balai.posts.services import PostDraft
    from tests.media.fixtures import image_bytes, picture

    def make(user: Any, text: str, description: str = "") -> Any:
        data = image_bytes("PNG", picture(seed=3))
        media = media_upload(
            owner=user,
            file=io.BytesIO(data),
            size=len(data),
            description=description,
            synchronous=True,
        )
        post = post_create_with_media(author=user, draft=PostDraft(text=text), media_ids=[media.pk])
        media.refresh_from_db()
        return post, media

    return make
