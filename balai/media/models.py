"""Media rows: attachments (a processing state machine), profile images, the known-bad hash bank.

Files live in the default storage under `<kind>/<token>/...` where the token is 192 random bits,
so no file can be found by walking ids. The name a user gave the file is never stored or used.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from balai.core.models import SnowflakeModel


class MediaType(models.TextChoices):
    IMAGE = "image"
    VIDEO = "video"
    GIFV = "gifv"
    UNKNOWN = "unknown"


class MediaState(models.TextChoices):
    UPLOADED = "uploaded"
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class MediaAttachment(SnowflakeModel):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="media_attachments"
    )
    post = models.ForeignKey(
        "posts.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="media_attachments",
        db_index=False,
    )
    position = models.PositiveSmallIntegerField(default=0)
    type = models.CharField(max_length=10, choices=MediaType.choices, default=MediaType.UNKNOWN)
    detected_format = models.CharField(max_length=10, blank=True)  # from magic bytes
    state = models.CharField(max_length=12, choices=MediaState.choices, default=MediaState.UPLOADED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    token = models.CharField(max_length=64, unique=True)
    incoming_path = models.CharField(max_length=200, blank=True)  # raw upload, never served
    file_path = models.CharField(max_length=200, blank=True)
    thumbnail_path = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True, max_length=1500)
    focus_x = models.FloatField(default=0.0)
    focus_y = models.FloatField(default=0.0)
    meta = models.JSONField(default=dict, blank=True)
    blurhash = models.CharField(max_length=64, blank=True)
    pdq_hashes = models.JSONField(default=list, blank=True)  # hex PDQ of the image/keyframes
    created_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["post", "position"], name="media_post_pos_idx"),
            models.Index(fields=["state", "created_at"], name="media_state_created_idx"),
        ]

    def __str__(self) -> str:
        return f"media {self.pk} ({self.type}, {self.state})"

    @property
    def stored_paths(self) -> list[str]:
        return [p for p in (self.incoming_path, self.file_path, self.thumbnail_path) if p]


class ProfileImageKind(models.TextChoices):
    AVATAR = "avatar"
    HEADER = "header"


class ProfileImage(SnowflakeModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile_images",
        db_index=False,
    )
    kind = models.CharField(max_length=10, choices=ProfileImageKind.choices)
    token = models.CharField(max_length=64, unique=True)
    file_path = models.CharField(max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    pdq_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="media_profile_image_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.user_id}"


class KnownBadHash(SnowflakeModel):
    """A PDQ hash of removed or industry-flagged imagery; near matches are held by the screen."""

    pdq = models.CharField(max_length=64)  # 256 bits as 64 lowercase hex digits
    source = models.CharField(max_length=100)  # "removal", "import:<file>", a programme name
    category = models.CharField(max_length=50, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    media_id_ref = models.BigIntegerField(null=True, blank=True)  # the removed attachment, if any
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pdq"], name="media_known_bad_pdq_unique")]

    def __str__(self) -> str:
        return f"{self.pdq[:12]}… ({self.source})"
