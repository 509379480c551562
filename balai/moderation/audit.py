"""Appending to the audit log: who did what, why, when, under which policy, for which report."""

from __future__ import annotations

from typing import Any

from balai.accounts.models import User
from balai.moderation.models import AuditLog


def audit_record(
    *,
    actor: User | None,
    action: str,
    target_type: str = "",
    target_id: int | None = None,
    report_id: int | None = None,
    decision_id: int | None = None,
    policy_version: int | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditLog:
    return AuditLog.objects.create(
        actor_id=actor.pk if actor else None,
        actor_name=actor.username if actor else "screening",
        action=action,
        target_type=target_type,
        target_id=target_id,
        report_id=report_id,
        decision_id=decision_id,
        policy_version=policy_version,
        reason=reason,
        data=data or {},
    )
