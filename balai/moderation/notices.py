"""Moderation notices: what a user is told about moderation of their content or their reports.

Each notice is a `Notification` of type "moderation" (so it shows wherever notifications do) plus
a `ModerationNotice` row carrying the rule and reason; the text renders in the recipient's
language at display time.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import override

from balai.accounts.models import User
from balai.moderation.models import Category, DecisionAction, ModerationNotice
from balai.posts.models import Notification, NotificationType

SYSTEM_USERNAME = "balai_safety"


def system_user() -> User:
    """The account that files automated reports and sends notices (created on first use).

    Found by `is_system`, never by name, so a person who registered the name gains nothing.
    """
    user = User.objects.filter(is_system=True).order_by("id").first()
    if user is not None:
        return user
    name = SYSTEM_USERNAME
    while User.objects.filter(username__iexact=name).exists():
        name = f"{SYSTEM_USERNAME}_{secrets.token_hex(2)}"
    try:
        with transaction.atomic():
            return User.objects.create(
                username=name,
                is_system=True,
                display_name="Balai Trust & Safety",
                email="",
                password=make_password(None),
            )
    except IntegrityError:  # created concurrently
        return User.objects.filter(is_system=True).order_by("id").first() or system_user()


def notice_send(
    *,
    recipient_id: int,
    kind: str,
    post_id: int | None = None,
    decision_id: int | None = None,
    rule: str = "",
    reason: str = "",
) -> None:
    """Create the notice after the current transaction commits."""

    def create() -> None:
        notification = Notification.objects.create(
            recipient_id=recipient_id, actor=system_user(), type=NotificationType.MODERATION
        )
        ModerationNotice.objects.create(
            recipient_id=recipient_id,
            notification=notification,
            kind=kind,
            post_id=post_id,
            decision_id=decision_id,
            rule=rule,
            reason=reason,
        )

    transaction.on_commit(create)


def rule_label(rule: str) -> str:
    if rule in Category.values:
        return str(Category(rule).label)
    return rule or _("community rules")


def _messages() -> dict[str, str]:
    return {
        "held": _(
            "Your post is under review because it may break the rule “%(rule)s”. "
            "Only you can see it until a moderator decides."
        ),
        "rejected": _(
            "Your post was not published because it breaks the rule “%(rule)s”. "
            "You can appeal this decision once."
        ),
        "removed": _(
            "A moderator removed your post for breaking the rule “%(rule)s”. "
            "You can appeal this decision once."
        ),
        "sensitive": _("A moderator added a content warning to your post (%(rule)s)."),
        "limited": _(
            "Your account was limited for breaking the rule “%(rule)s”: your posts no longer "
            "appear in public timelines or search. You can appeal this decision once."
        ),
        "suspended": _(
            "Your account was suspended %(until)s for breaking the rule “%(rule)s”. "
            "You can appeal this decision once."
        ),
        "warned": _(
            "You received a strike for breaking the rule “%(rule)s”. "
            "You can appeal this decision once."
        ),
        "published": _("A moderator reviewed your post and published it."),
        "report_actioned": _("Thank you for your report. A moderator acted on it: %(action)s."),
        "report_dismissed": _(
            "Thank you for your report. A moderator reviewed it and found no violation."
        ),
        "appeal_upheld": _("Another moderator reviewed your appeal. The decision stands."),
        "appeal_overturned": _(
            "Another moderator reviewed your appeal and reversed the decision. "
            "Your content is restored."
        ),
    }


def notice_text(notice: ModerationNotice, language: str | None = None) -> str:
    """The notice in its recipient's language (or `language` when given)."""
    with override(language or notice.recipient.language or "en"):
        until = _("permanently")
        action = ""
        if notice.decision is not None:
            action = str(DecisionAction(notice.decision.action).label)
            if notice.decision.expires_at is not None:
                until = _("until %(date)s") % {
                    "date": formats.date_format(notice.decision.expires_at, "DATE_FORMAT")
                }
        text = _messages().get(notice.kind, notice.kind) % {
            "rule": rule_label(notice.rule),
            "until": until,
            "action": action,
        }
        if notice.reason:
            text += " " + _("Reason: %(reason)s") % {"reason": notice.reason}
        return text
