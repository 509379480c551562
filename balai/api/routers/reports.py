"""POST /api/v1/reports: users report accounts and statuses into the one moderation queue."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from balai.api.auth import current_user, scoped
from balai.api.lookups import get_account
from balai.api.params import Params
from balai.api.schemas.account import serialize_account
from balai.api.schemas.common import iso
from balai.moderation.models import Decision, Report
from balai.moderation.services import report_create

router = Router(tags=["reports"])

# Mastodon's categories onto Balai's; Balai's own names are accepted as they are.
CATEGORY_IN = {"legal": "illegal", "violation": "other", "spam": "spam", "other": "other"}
CATEGORY_OUT = {
    "violence": "violation",
    "hate": "violation",
    "harassment": "violation",
    "illegal": "legal",
    "spam": "spam",
    "other": "other",
}


def serialize_report(report: Report) -> dict[str, Any]:
    """The Report entity, as its reporter sees it."""
    decision = Decision.objects.filter(report=report).order_by("-id").first()
    acted = decision is not None and decision.action not in ("dismiss", "approve")
    return {
        "id": str(report.pk),
        "action_taken": report.resolved_at is not None,
        "action_taken_at": iso(report.resolved_at) if acted else None,
        "category": CATEGORY_OUT.get(report.category, "other"),
        "comment": report.comment,
        "forwarded": False,
        "created_at": iso(report.created_at),
        "status_ids": [str(p) for p in report.posts.values_list("id", flat=True)] or None,
        "rule_ids": report.rule_ids or None,
        "target_account": serialize_account(report.account),
        "balai_category": report.category,
    }


@router.post("/v1/reports", auth=scoped("write:reports"))
def create(request: HttpRequest) -> dict[str, Any]:
    user = current_user(request)
    p = Params(request)
    account = get_account(user, p.text("account_id", required=True, max_length=30))
    raw_category = p.text("category", "other", max_length=20)
    category = CATEGORY_IN.get(raw_category, raw_category)
    report = report_create(
        reporter=user,
        account=account,
        post_ids=list(p.items("status_ids")),
        category=category,
        rule_ids=p.items("rule_ids"),
        comment=p.text("comment", max_length=1000),
    )
    return serialize_report(report)
