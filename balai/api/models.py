"""Rows the Mastodon client API needs beyond the core apps: OAuth 2 credentials, and the
client-facing features (lists, filters, markers, polls, pins, …) that live only in the API."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils import timezone

from balai.accounts.models import User
from balai.core.models import SnowflakeModel
from balai.posts.models import Hashtag, Post


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class Application(SnowflakeModel):
    name = models.CharField(max_length=200)
    website = models.URLField(blank=True, max_length=500)
    redirect_uris = models.TextField(blank=True)  # one per line
    scopes = models.CharField(max_length=500, default="read")
    client_id = models.CharField(max_length=64, unique=True)
    client_secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    owner = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE)

    @property
    def redirect_uri_list(self) -> list[str]:
        return [uri for uri in self.redirect_uris.split("\n") if uri]


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

    @property
    def scope_set(self) -> set[str]:
        return set(self.scopes.split())


class AuthorizationCode(SnowflakeModel):
    """A one-time code handed to the client after consent (RFC 6749 §4.1), optionally PKCE-bound."""

    code_hash = models.CharField(max_length=64, unique=True)
    application = models.ForeignKey(Application, on_delete=models.CASCADE)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    redirect_uri = models.TextField()
    scopes = models.CharField(max_length=500)
    code_challenge = models.CharField(max_length=128, blank=True)
    code_challenge_method = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)


class IdempotencyKey(SnowflakeModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", db_index=False)
    key = models.CharField(max_length=200)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_unique")]


class Pin(SnowflakeModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", db_index=False)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="pin_unique")]


class Marker(SnowflakeModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", db_index=False)
    timeline = models.CharField(max_length=20)
    last_read_id = models.BigIntegerField(default=0)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "timeline"], name="marker_unique")]


class UserList(SnowflakeModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    replies_policy = models.CharField(max_length=10, default="list")
    exclusive = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)


class ListAccount(SnowflakeModel):
    list = models.ForeignKey(
        UserList, on_delete=models.CASCADE, related_name="members", db_index=False
    )
    account = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["list", "account"], name="list_account_unique")
        ]


class Filter(SnowflakeModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    context = models.JSONField(default=list)
    filter_action = models.CharField(max_length=10, default="warn")
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)


class FilterKeyword(SnowflakeModel):
    filter = models.ForeignKey(Filter, on_delete=models.CASCADE, related_name="keywords")
    keyword = models.CharField(max_length=200)
    whole_word = models.BooleanField(default=True)


class FilterStatus(SnowflakeModel):
    filter = models.ForeignKey(Filter, on_delete=models.CASCADE, related_name="statuses")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")


class FollowedTag(SnowflakeModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", db_index=False)
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "hashtag"], name="followed_tag_unique")
        ]


class Announcement(SnowflakeModel):
    """An instance-wide notice written by the administrators (shown by Mastodon apps)."""

    text = models.TextField()
    published = models.BooleanField(default=True)
    all_day = models.BooleanField(default=False)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)


class AnnouncementRead(SnowflakeModel):
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "user"], name="announcement_read_unique"
            )
        ]


class Poll(SnowflakeModel):
    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="poll")
    expires_at = models.DateTimeField()
    multiple = models.BooleanField(default=False)
    hide_totals = models.BooleanField(default=False)
    votes_count = models.PositiveIntegerField(default=0)
    voters_count = models.PositiveIntegerField(default=0)


class PollOption(SnowflakeModel):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=100)
    votes_count = models.PositiveIntegerField(default=0)


class PollVote(SnowflakeModel):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, related_name="votes", db_index=False
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["option", "user"], name="poll_vote_unique")]


class ConversationState(SnowflakeModel):
    """Per-user read/hidden state of a direct conversation (keyed by its thread root post id)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", db_index=False)
    root_id = models.BigIntegerField()
    last_read_id = models.BigIntegerField(default=0)
    hidden_before_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "root_id"], name="conversation_state_unique")
        ]


class SuggestionDismissal(SnowflakeModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", db_index=False)
    account = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "account"], name="suggestion_dismissal_unique")
        ]
