"""Account-level moderation outside a queue item: the Mastodon admin API's account actions."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.accounts.services import user_approve
from balai.core.errors import BalaiError, Conflict, Forbidden
from balai.moderation.audit import audit_record
from balai.moderation.models import Decision, DecisionAction, Report, ReportCategory, ReportSource
from balai.moderation.services.decisions import decision_take
from balai.privacy.deletion import pending_deletion

# Mastodon's account action types, as Balai decisions.
ACTION_TYPES = {
    "none": DecisionAction.WARN,
    "sensitive": DecisionAction.SENSITIVE,
    "disable": DecisionAction.SUSPEND,
    "silence": DecisionAction.LIMIT,
    "suspend": DecisionAction.SUSPEND,
}
LIFTS: dict[str, dict[str, Any]] = {
    "unsilence": {"limited": False},
    "unsuspend": {"suspended_at": None, "suspended_until": None},
    "enable": {"is_active": True},
}


def account_action(
    *, moderator: User, account: User, type: str, report: Report | None = None, text: str = ""
) -> Decision:
    """Act on an account; without a report, the moderator's own report is filed and decided."""
    if type not in ACTION_TYPES:
        raise BalaiError(_("Unknown action."), field="type")
    if not moderator.is_moderator:
        raise Forbidden(_("Only moderators can do this."))
    if account.is_moderator and not moderator.is_admin:
        raise Forbidden(_("Only admins can act on staff accounts."))
    with transaction.atomic():
        if report is None or report.resolved_at is not None:
            report = Report.objects.create(
                reporter=moderator,
                account=account,
                category=ReportCategory.OTHER,
                comment=text[:1000],
                source=ReportSource.TRUSTED,
            )
        return decision_take(
            moderator=moderator,
            report=report,
            action=ACTION_TYPES[type],
            reason=text,
            force=True,
        )


def account_lift(*, moderator: User, account: User, what: str) -> User:
    """Lift a limit, suspension or disablement, or approve / reject a pending sign-up."""
    if not moderator.is_moderator:
        raise Forbidden(_("Only moderators can do this."))
    with transaction.atomic():
        if what == "approve":
            user_approve(user=account)
        elif what == "reject":
            if account.approved:
                raise BalaiError(_("Only pending accounts can be rejected."))
            User.objects.filter(pk=account.pk).update(is_active=False)
        elif what in LIFTS:
            if what == "enable" and pending_deletion(account.pk) is not None:
                raise Conflict(
                    _(
                        "The owner asked for this account to be deleted; only they can keep it, "
                        "with the link they were emailed."
                    )
                )
            User.objects.filter(pk=account.pk).update(**LIFTS[what])
        else:
            raise BalaiError(_("Unknown action."))
        audit_record(
            actor=moderator, action=f"account.{what}", target_type="account", target_id=account.pk
        )
    account.refresh_from_db()
    return account
