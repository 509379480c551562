"""Filing reports and working the queue: claim, assign, unassign, reopen."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.core.errors import BalaiError, Forbidden, NotFound
from balai.moderation.audit import audit_record
from balai.moderation.models import Report, ReportCategory, ReportSource
from balai.posts.access import get_visible_post

MAX_REPORTED_POSTS = 20
SEVERITY = {
    ReportCategory.VIOLENCE: 0.9,
    ReportCategory.ILLEGAL: 0.8,
    ReportCategory.HATE: 0.7,
    ReportCategory.HARASSMENT: 0.6,
    ReportCategory.OTHER: 0.4,
    ReportCategory.SPAM: 0.3,
}


def report_create(
    *,
    reporter: User,
    account: User,
    post_ids: list[int | str] | None = None,
    category: str = ReportCategory.OTHER,
    rule_ids: list[str] | None = None,
    comment: str = "",
) -> Report:
    """File a user report about an account and, optionally, some of its posts the reporter sees."""
    if category not in ReportCategory.values:
        raise BalaiError(_("Unknown report category."), field="category")
    if account.pk == reporter.pk or account.is_system:
        raise BalaiError(_("You cannot report this account."), field="account_id")
    if len(comment) > 1000:
        raise BalaiError(_("The comment can be at most 1000 characters."), field="comment")
    posts = []
    for post_id in (post_ids or [])[:MAX_REPORTED_POSTS]:
        post = get_visible_post(reporter, post_id)
        if post is None or post.author_id != account.pk:
            raise NotFound(_("The reported post was not found."))
        posts.append(post)
    source = ReportSource.TRUSTED if reporter.is_moderator else ReportSource.USER
    with transaction.atomic():
        report = Report.objects.create(
            reporter=reporter,
            account=account,
            category=category,
            rule_ids=[str(r)[:40] for r in (rule_ids or [])][:10],
            comment=comment,
            source=source,
            severity=SEVERITY.get(ReportCategory(category), 0.4),
            language=posts[0].language if posts else (account.language or ""),
        )
        report.posts.add(*posts)
        audit_record(
            actor=reporter,
            action="report.create",
            target_type="account",
            target_id=account.pk,
            report_id=report.pk,
            data={"category": category, "posts": [str(p.pk) for p in posts], "source": source},
        )
    return report


def _require_moderator(user: User) -> None:
    if not user.is_moderator:
        raise Forbidden(_("Only moderators can do this."))


def report_assign(*, moderator: User, report: Report, assignee: User | None) -> Report:
    """Claim (assignee = moderator), hand over, or release (None) a queue item."""
    _require_moderator(moderator)
    if assignee is not None:
        _require_moderator(assignee)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if (
            locked.assigned_to_id not in (None, moderator.pk)
            and assignee is not None
            and assignee.pk == moderator.pk
        ):
            raise Forbidden(_("Another moderator has already claimed this report."))
        locked.assigned_to = assignee
        locked.save(update_fields=["assigned_to"])
        audit_record(
            actor=moderator,
            action="report.assign" if assignee else "report.unassign",
            target_type="report",
            target_id=locked.pk,
            report_id=locked.pk,
            data={"assignee": assignee.username if assignee else None},
        )
    return locked


def report_reopen(*, moderator: User, report: Report) -> Report:
    _require_moderator(moderator)
    Report.objects.filter(pk=report.pk).update(resolved_at=None, resolved_by=None)
    audit_record(
        actor=moderator,
        action="report.reopen",
        target_type="report",
        target_id=report.pk,
        report_id=report.pk,
    )
    report.refresh_from_db()
    return report
