"""Trust & safety records: verdicts, policy versions, the bank, reports, decisions, appeals, audit.

Posts and users belong to their own apps; everything moderation knows about them lives here,
keyed by their ids.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import User
from balai.core.models import SnowflakeModel
from balai.posts.models import Notification, Post


class Category(models.TextChoices):
    VIOLENT_THREAT = "violent_threat", _("Violent threat")
    INCITEMENT = "incitement", _("Incitement to violence")
    GLORIFICATION = "glorification", _("Glorification of violence")
    HATE = "hate", _("Hate speech")
    HARASSMENT = "harassment", _("Harassment")
    SPAM = "spam", _("Spam")


class ScreenAction(models.TextChoices):
    ALLOW = "allow", _("Allow")
    LABEL = "label", _("Label")
    HOLD = "hold", _("Hold for review")
    REJECT = "reject", _("Reject")


class PolicyVersion(SnowflakeModel):
    """One immutable version of the screening policy; the newest one is in force."""

    version = models.PositiveIntegerField(unique=True)
    thresholds = models.JSONField()  # {category: {"label": t, "hold": t, "reject": t}}
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)


class Verdict(SnowflakeModel):
    """What one screening run decided about one text, and exactly what produced the decision."""

    post = models.ForeignKey(
        Post,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="verdicts",
        db_index=False,
    )
    stage = models.CharField(max_length=10, default="sync")  # sync | deep
    is_edit = models.BooleanField(default=False)
    action = models.CharField(max_length=10, choices=ScreenAction.choices)
    category = models.CharField(max_length=20, blank=True)  # the category that drove the action
    scores = models.JSONField(default=dict)
    evidence = models.JSONField(default=list)
    model_versions = models.JSONField(default=dict)
    policy_version = models.PositiveIntegerField()
    latency_ms = models.FloatField()
    language = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["post", "-id"], name="verdict_post_idx")]


class BankEntry(SnowflakeModel):
    """Normalised text of removed content; identical or near-identical reposts are held."""

    text = models.TextField()
    digest = models.CharField(max_length=64, db_index=True)
    signature = models.JSONField()  # MinHash values
    category = models.CharField(max_length=20, blank=True)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)


class BankBand(models.Model):
    """Locality-sensitive hash bands of a bank entry, for near-duplicate look-up."""

    id = models.BigAutoField(primary_key=True)
    entry = models.ForeignKey(BankEntry, on_delete=models.CASCADE, related_name="bands")
    band = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["band"], name="bankband_band_idx")]

    def __str__(self) -> str:
        return self.band


class Exemplar(SnowflakeModel):
    """Removed content the deep tier matches against, so moderators teach it without retraining."""

    text = models.TextField()
    category = models.CharField(max_length=20)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)


class BlockedHashtag(SnowflakeModel):
    name = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(default=timezone.now)


class PostViews(models.Model):
    """How many times a post was shown to someone other than its author."""

    post = models.OneToOneField(Post, primary_key=True, on_delete=models.CASCADE)
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.post_id}: {self.count}"


class ReportCategory(models.TextChoices):
    VIOLENCE = "violence", _("Violence")
    HATE = "hate", _("Hate")
    HARASSMENT = "harassment", _("Harassment")
    SPAM = "spam", _("Spam")
    ILLEGAL = "illegal", _("Illegal content")
    OTHER = "other", _("Other")


class ReportSource(models.TextChoices):
    USER = "user", _("User report")
    AUTOMATED = "automated", _("Automated detection")
    TRUSTED = "trusted", _("Trusted flagger")
    APPEAL = "appeal", _("Appeal")


class Report(SnowflakeModel):
    """One item of the one moderation queue."""

    reporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reports_made")
    account = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reports_received")
    posts = models.ManyToManyField(Post, blank=True, related_name="+")
    category = models.CharField(max_length=20, choices=ReportCategory.choices)
    detail = models.CharField(max_length=20, blank=True)  # screening category, when automated
    rule_ids = models.JSONField(default=list, blank=True)
    comment = models.TextField(blank=True, max_length=1000)
    source = models.CharField(max_length=10, choices=ReportSource.choices)
    severity = models.FloatField(default=0.5)
    language = models.CharField(max_length=8, blank=True)
    verdict = models.ForeignKey(Verdict, null=True, blank=True, on_delete=models.SET_NULL)
    appeal = models.ForeignKey(
        "Appeal", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    assigned_to = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["resolved_at", "-id"], name="report_open_idx")]

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class DecisionAction(models.TextChoices):
    DISMISS = "dismiss", _("Dismiss")
    APPROVE = "approve", _("Publish")
    REMOVE = "remove", _("Remove post")
    SENSITIVE = "sensitive", _("Add content warning")
    LIMIT = "limit", _("Limit account")
    SUSPEND = "suspend", _("Suspend account")
    WARN = "warn", _("Warn (strike)")
    BLOCK_HASHTAG = "block_hashtag", _("Block hashtag")
    REJECT = "reject", _("Rejected by screening")


class Decision(SnowflakeModel):
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    moderator = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    automated = models.BooleanField(default=False)
    action = models.CharField(max_length=20, choices=DecisionAction.choices)
    account = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="moderation_decisions"
    )
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL)
    rule = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    hashtag = models.CharField(max_length=100, blank=True)
    policy_version = models.PositiveIntegerField(null=True, blank=True)
    views_before = models.PositiveIntegerField(default=0)
    proactive = models.BooleanField(default=False)  # found by screening before any user report
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    reversed_at = models.DateTimeField(null=True, blank=True)


class Strike(SnowflakeModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="strikes")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="strikes")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Decision upheld")
    OVERTURNED = "overturned", _("Decision overturned")


class Appeal(SnowflakeModel):
    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="appeal")
    appellant = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=2000)
    status = models.CharField(
        max_length=12, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)


class ModerationNotice(SnowflakeModel):
    """A message to a user about moderation of their content or of what they reported."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    notification = models.OneToOneField(
        Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="notice"
    )
    kind = models.CharField(max_length=30)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.SET_NULL)
    rule = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)


class AuditQuerySet(models.QuerySet["AuditLog"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("the audit log is append-only")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise PermissionError("the audit log is append-only")


class AuditLog(models.Model):
    """Append-only record of every moderation action. No foreign keys, so nothing cascades."""

    id = models.BigAutoField(primary_key=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=60)
    action = models.CharField(max_length=40)
    target_type = models.CharField(max_length=20, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    report_id = models.BigIntegerField(null=True, blank=True)
    decision_id = models.BigIntegerField(null=True, blank=True)
    policy_version = models.PositiveIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise PermissionError("the audit log is append-only")
