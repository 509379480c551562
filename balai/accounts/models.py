"""Users and the social graph between them."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core.ids import snowflake
from balai.core.models import SnowflakeModel


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    UNLISTED = "unlisted", _("Unlisted")
    PRIVATE = "private", _("Followers only")
    DIRECT = "direct", _("Mentioned people only")


class Role(models.TextChoices):
    USER = "user", _("User")
    MODERATOR = "moderator", _("Moderator")
    ADMIN = "admin", _("Admin")


username_validator = RegexValidator(
    r"^[A-Za-z0-9_]{1,30}\Z",
    _("Usernames may contain only letters, digits and underscores (at most 30)."),
)


class User(AbstractUser):
    id = models.BigIntegerField(primary_key=True, default=snowflake, editable=False)
    username = models.CharField(
        _("username"), max_length=30, unique=True, validators=[username_validator]
    )
    email = models.EmailField(_("email address"))
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    bio = models.TextField(_("bio"), max_length=500, blank=True)
    fields = models.JSONField(_("profile fields"), default=list, blank=True)
    locked = models.BooleanField(_("approve followers by hand"), default=False)
    default_visibility = models.CharField(
        _("default post visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    language = models.CharField(_("interface language"), max_length=8, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.USER)
    email_confirmed = models.BooleanField(default=False)
    approved = models.BooleanField(default=True)
    signup_reason = models.TextField(blank=True, max_length=500)
    # Moderation state of the account (decided by moderators, see balai.moderation).
    limited = models.BooleanField(default=False)
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspended_until = models.DateTimeField(null=True, blank=True)
    is_system = models.BooleanField(default=False)
    # Two-factor authentication (TOTP, RFC 6238).
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_enabled = models.BooleanField(default=False)
    # Counters shown with every embedded account, kept by accounts.counters / posts.counters.
    followers_count = models.PositiveIntegerField(default=0, editable=False)
    following_count = models.PositiveIntegerField(default=0, editable=False)
    statuses_count = models.PositiveIntegerField(default=0, editable=False)
    last_status_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Storage paths of the avatar and header (media.services.profile_image_set keeps them, as a
    # copy of the ProfileImage rows): every list that shows an account needs them.
    avatar_path = models.CharField(max_length=200, blank=True, editable=False)
    header_path = models.CharField(max_length=200, blank=True, editable=False)
    # Below this post id the account's materialised home list may be incomplete (0: complete).
    # Kept by balai.posts.home; on the user row because every home request has it loaded.
    home_listed_from = models.BigIntegerField(default=0, editable=False)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique")
        ]
        indexes = [  # the few accounts whose posts nobody else sees (accounts.access)
            models.Index(
                fields=["id"],
                condition=models.Q(is_active=False) | models.Q(suspended_at__isnull=False),
                name="user_hidden_idx",
            )
        ]

    def __str__(self) -> str:
        return f"@{self.username}"

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @property
    def is_moderator(self) -> bool:
        return self.role in (Role.MODERATOR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_suspended(self) -> bool:
        if self.suspended_at is None:
            return False
        return self.suspended_until is None or self.suspended_until > timezone.now()


class RecoveryCode(SnowflakeModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)


class Follow(SnowflakeModel):
    follower = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="following_set", db_index=False
    )
    followee = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="follower_set", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followee"], name="follow_unique"),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("followee")), name="follow_not_self"
            ),
        ]
        indexes = [models.Index(fields=["followee", "follower"], name="follow_followee_idx")]


class FollowRequest(SnowflakeModel):
    requester = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="sent_requests", db_index=False
    )
    target = models.ForeignKey(User, on_delete=models.CASCADE, related_name="received_requests")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["requester", "target"], name="follow_request_unique")
        ]


class Block(SnowflakeModel):
    blocker = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="blocks_made", db_index=False
    )
    blocked = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="blocks_received", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique")]
        indexes = [models.Index(fields=["blocked", "blocker"], name="block_blocked_idx")]


class Mute(SnowflakeModel):
    muter = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="mutes_made", db_index=False
    )
    muted = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mutes_received")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["muter", "muted"], name="mute_unique")]


class AccountDeletion(models.Model):
    """A person's request to delete their account: deactivated at once, purged after a grace period.

    Keyed by the user's id, not a foreign key, so the row outlives the purge as a record that it
    happened. It keeps a digest of the lowered username, not the name, so that nobody can sign up
    as a purged account and inherit the links and mentions that pointed to it. `nonce` changes
    with every request, so a cancel link e-mailed for an earlier request stops working.
    """

    user_id = models.BigIntegerField(primary_key=True)
    username_digest = models.CharField(max_length=64, blank=True, default="", db_index=True)
    requested_at = models.DateTimeField(default=timezone.now)
    purge_after = models.DateTimeField(db_index=True)
    nonce = models.CharField(max_length=32)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"deletion of {self.user_id} after {self.purge_after:%Y-%m-%d}"

    @staticmethod
    def digest_of(username: str) -> str:
        return hashlib.sha256(username.strip().lower().encode()).hexdigest()
