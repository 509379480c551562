"""Posts, their interactions, hashtags and notifications."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import User, Visibility
from balai.core.models import SnowflakeModel, indexes_of_links


class PostState(models.TextChoices):
    """Where a post stands in screening. Only PUBLISHED posts are seen by other people."""

    PENDING = "pending", _("Being screened")
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Under review")
    REJECTED = "rejected", _("Not published")
    REMOVED = "removed", _("Removed by moderators")


@dataclass(frozen=True)
class WrittenParts:
    """What `post_create` wrote beside a post's row, kept on the instance it returns so the echo
    of a new post is rendered without reading it back."""

    mentions: list[tuple[int, str]]  # (user id, username), in the order they were written
    hashtags: list[str]
    has_attachments: bool  # media or a poll, which the echo still reads


class Post(SnowflakeModel):
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="posts", db_index=False)
    text = models.TextField(blank=True)
    content_html = models.TextField(blank=True)
    spoiler_text = models.CharField(max_length=500, blank=True)
    sensitive = models.BooleanField(default=False)
    visibility = models.CharField(max_length=10, choices=Visibility.choices)
    language = models.CharField(max_length=8, blank=True)
    in_reply_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
        db_index=False,
    )
    in_reply_to_account = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    thread_root_id = models.BigIntegerField(null=True, blank=True)
    reblog_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reblogs",
        db_index=False,
    )
    quote_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
        db_index=False,
    )
    state = models.CharField(max_length=10, choices=PostState.choices, default=PostState.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    replies_count = models.PositiveIntegerField(default=0)
    reblogs_count = models.PositiveIntegerField(default=0)
    likes_count = models.PositiveIntegerField(default=0)
    quotes_count = models.PositiveIntegerField(default=0)

    written: WrittenParts | None = None  # set by post_create on the instance it returns

    class Meta:
        indexes = [
            models.Index(fields=["author", "-id"], name="post_author_id_idx"),
            models.Index(
                fields=["-id"],
                name="post_local_timeline_idx",
                condition=Q(
                    visibility="public",
                    state="published",
                    deleted_at__isnull=True,
                    reblog_of__isnull=True,
                ),
            ),
            models.Index(fields=["thread_root_id", "id"], name="post_thread_idx"),
            *indexes_of_links(
                ("in_reply_to", "post_reply_to_idx"),
                ("in_reply_to_account", "post_reply_account_idx"),
                ("reblog_of", "post_reblog_of_idx"),
                ("quote_of", "post_quote_of_idx"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "reblog_of"],
                condition=Q(reblog_of__isnull=False, deleted_at__isnull=True),
                name="post_one_reblog_per_author",
            )
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} by {self.author_id}"

    @property
    def is_reblog(self) -> bool:
        return self.reblog_of_id is not None


class HomeEntry(models.Model):
    """A post that may belong on `user`'s home timeline: the candidates a home page reads,
    newest first, before the visibility and follow rules are applied (balai.posts.home).

    Derived data: no constraint or cascade on the post (a purge would otherwise check this, the
    largest table, once per deleted post); an entry whose post is gone is never joined. No
    database constraint on the account either: each post enters dozens of entries, and checking
    each one locked its account's row (a WAL record and a dirtied page apiece); deleting an
    account still deletes its entries (Django's cascade)."""

    pk = models.CompositePrimaryKey("user", "post")
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="home_entries",
    )

    def __str__(self) -> str:
        return f"home of {self.user_id}: post {self.post_id}"


class PostVersion(SnowflakeModel):
    """Every version of a post, the first included, so edits have a visible history."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="versions", db_index=False
    )
    text = models.TextField(blank=True)
    content_html = models.TextField(blank=True)
    spoiler_text = models.CharField(max_length=500, blank=True)
    sensitive = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["post", "id"], name="postversion_post_idx")]

    @classmethod
    def of(cls, post: Post, **extra: Any) -> PostVersion:
        """What `post` says now, as an unsaved version."""
        return cls(
            post=post,
            text=post.text,
            content_html=post.content_html,
            spoiler_text=post.spoiler_text,
            sensitive=post.sensitive,
            **extra,
        )


class Mention(SnowflakeModel):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="mentions", db_index=False
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="mentioned_in", db_index=False
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="mention_unique")]
        indexes = [models.Index(fields=["user", "-post"], name="mention_user_idx")]


class Hashtag(SnowflakeModel):
    name = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"#{self.name}"


class PostHashtag(SnowflakeModel):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="post_hashtags", db_index=False
    )
    hashtag = models.ForeignKey(
        Hashtag, on_delete=models.CASCADE, related_name="post_hashtags", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "hashtag"], name="post_hashtag_unique")
        ]
        indexes = [models.Index(fields=["hashtag", "-post"], name="posthashtag_tag_idx")]


class Like(SnowflakeModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="likes", db_index=False)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes", db_index=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="like_unique")]
        indexes = [models.Index(fields=["post", "-id"], name="like_post_idx")]


class Bookmark(SnowflakeModel):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="bookmarks", db_index=False
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="bookmark_unique")]


class NotificationType(models.TextChoices):
    MENTION = "mention", _("mentioned you")
    REPLY = "reply", _("replied to you")
    FOLLOW = "follow", _("followed you")
    FOLLOW_REQUEST = "follow_request", _("asked to follow you")
    FAVOURITE = "favourite", _("liked your post")
    REBLOG = "reblog", _("reposted your post")
    QUOTE = "quote", _("quoted your post")
    MODERATION = "moderation", _("moderation notice")


class Notification(SnowflakeModel):
    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    actor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    type = models.CharField(max_length=20, choices=NotificationType.choices)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)
    read = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_recipient_idx"),
            *indexes_of_links(("post", "notification_post_idx")),
        ]
