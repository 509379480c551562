"""OAuth 2 applications and access tokens (the Mastodon client API's credentials)."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils import timezone

from balai.accounts.models import User
from balai.core.models import SnowflakeModel


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class Application(SnowflakeModel):
    name = models.CharField(max_length=200)
    website = models.URLField(blank=True, max_length=500)
    redirect_uris = models.TextField(blank=True)
    scopes = models.CharField(max_length=500, default="read")
    client_id = models.CharField(max_length=64, unique=True)
    client_secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    owner = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE)


class AccessToken(SnowflakeModel):
    """A bearer token. Only its SHA-256 is stored, so a leaked database leaks no credentials."""

    token_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="tokens"
    )
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.CASCADE)
    scopes = models.CharField(max_length=500, default="read")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    @classmethod
    def issue(
        cls, *, user: User | None, scopes: str, application: Application | None = None
    ) -> tuple[AccessToken, str]:
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(
            token_hash=hash_token(raw), user=user, scopes=scopes, application=application
        )
        return token, raw
