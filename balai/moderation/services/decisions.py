"""Moderators' decisions on queue items. Each one is applied, recorded, audited and announced."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.core.errors import BalaiError, Forbidden
from balai.moderation import bank
from balai.moderation.audit import audit_record
from balai.moderation.media_screen import bank_post_media
from balai.moderation.models import (
    BlockedHashtag,
    Decision,
    DecisionAction,
    Exemplar,
    Report,
    ReportSource,
    Strike,
)
from balai.moderation.notices import notice_send
from balai.moderation.policy import current_policy
from balai.moderation.screening import screened_text
from balai.moderation.selectors import views_of
from balai.posts.models import Post, PostState
from balai.posts.notifications import notify_post_published, withdraw_post_notifications
from balai.posts.services import post_state_set

AUTHOR_NOTICE = {
    DecisionAction.REMOVE: "removed",
    DecisionAction.SENSITIVE: "sensitive",
    DecisionAction.LIMIT: "limited",
    DecisionAction.SUSPEND: "suspended",
    DecisionAction.WARN: "warned",
}
STRIKING = {DecisionAction.REMOVE, DecisionAction.WARN, DecisionAction.SUSPEND}
DECIDABLE = {a for a in DecisionAction.values if a not in (DecisionAction.REJECT,)}


def _publish(post: Post) -> None:
    if post.state == PostState.HELD:
        post_state_set(post=post, state=PostState.PUBLISHED)
        transaction.on_commit(lambda: notify_post_published(post.pk))


def _apply(decision: Decision, posts: list[Post], account: User, days: int | None) -> None:
    action = decision.action
    if action in (DecisionAction.DISMISS, DecisionAction.APPROVE):
        for post in posts:
            _publish(post)
    elif action == DecisionAction.REMOVE:
        for post in posts:
            post_state_set(post=post, state=PostState.REMOVED)
            bank.bank_add(  # banked exactly as the screen reads it, warning included
                text=screened_text(post),
                lang=post.language.split("-")[0] or None,
                category=decision.rule,
                post_id=post.pk,
            )
            Exemplar.objects.create(text=post.text, category=decision.rule, post=post)
            bank_post_media(post_id=post.pk, category=decision.rule)
            _withdraw_on_commit(post.pk)
    elif action == DecisionAction.SENSITIVE:
        for post in posts:
            Post.objects.filter(pk=post.pk).update(sensitive=True)
            _publish(post)
    elif action == DecisionAction.LIMIT:
        User.objects.filter(pk=account.pk).update(limited=True)
    elif action == DecisionAction.SUSPEND:
        now = timezone.now()
        decision.expires_at = now + timedelta(days=days) if days else None
        User.objects.filter(pk=account.pk).update(
            suspended_at=now, suspended_until=decision.expires_at
        )
    elif action == DecisionAction.BLOCK_HASHTAG:
        if not decision.hashtag:
            raise BalaiError(_("Name the hashtag to block."), field="hashtag")
        BlockedHashtag.objects.get_or_create(name=decision.hashtag)
    if action in STRIKING:
        Strike.objects.create(user=account, decision=decision)


def _withdraw_on_commit(post_id: int) -> None:
    transaction.on_commit(lambda: withdraw_post_notifications(post_id))


def _check_claim(moderator: User, report: Report, force: bool) -> None:
    if not moderator.is_moderator:
        raise Forbidden(_("Only moderators can do this."))
    if report.resolved_at is not None:
        raise BalaiError(_("This report has already been resolved."))
    if report.assigned_to_id not in (None, moderator.pk) and not force:
        raise Forbidden(_("Another moderator has claimed this report."))
    if report.source == ReportSource.APPEAL:
        raise BalaiError(_("Decide appeals by upholding or overturning them."))


def decision_take(
    *,
    moderator: User,
    report: Report,
    action: str,
    reason: str = "",
    rule: str = "",
    suspend_days: int | None = None,
    hashtag: str = "",
    force: bool = False,
) -> Decision:
    """Decide a queue item; sibling open reports about the same posts are resolved with it."""
    if action not in DECIDABLE:
        raise BalaiError(_("Unknown action."), field="action")
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        _check_claim(moderator, report, force)
        posts = list(report.posts.all())
        siblings = _siblings(report, posts)
        proactive = report.source == ReportSource.AUTOMATED and not any(
            s.source == ReportSource.USER for s in siblings
        )
        decision = Decision.objects.create(
            report=report,
            moderator=moderator,
            action=action,
            account=report.account,
            post=posts[0] if posts else None,
            rule=rule or report.detail or report.category,
            reason=reason[:2000],
            hashtag=hashtag.lstrip("#").lower()[:100],
            policy_version=current_policy().version,
            views_before=views_of([p.pk for p in posts]),
            proactive=proactive,
        )
        _apply(decision, posts, report.account, suspend_days)
        decision.save()
        now = timezone.now()
        for item in [report, *siblings]:
            Report.objects.filter(pk=item.pk).update(resolved_at=now, resolved_by=moderator)
            _tell_reporter(item, decision)
        audit_record(
            actor=moderator,
            action=f"decision.{action}",
            target_type="post" if posts else "account",
            target_id=posts[0].pk if posts else report.account_id,
            report_id=report.pk,
            decision_id=decision.pk,
            policy_version=decision.policy_version,
            reason=decision.reason,
            data={"siblings": [str(s.pk) for s in siblings], "views_before": decision.views_before},
        )
        _tell_author(decision, posts)
    return decision


def _siblings(report: Report, posts: list[Post]) -> list[Report]:
    if not posts:
        return []
    return list(
        Report.objects.filter(posts__in=posts, resolved_at__isnull=True)
        .exclude(pk=report.pk)
        .exclude(source=ReportSource.APPEAL)
        .distinct()
    )


def _tell_reporter(report: Report, decision: Decision) -> None:
    if report.source not in (ReportSource.USER, ReportSource.TRUSTED):
        return
    dismissed = decision.action in (DecisionAction.DISMISS, DecisionAction.APPROVE)
    notice_send(
        recipient_id=report.reporter_id,
        kind="report_dismissed" if dismissed else "report_actioned",
        decision_id=decision.pk,
        rule=decision.rule,
    )


def _tell_author(decision: Decision, posts: list[Post]) -> None:
    kind = AUTHOR_NOTICE.get(DecisionAction(decision.action))
    held = any(p.state == PostState.HELD for p in posts)
    if kind is None and held and decision.action != DecisionAction.BLOCK_HASHTAG:
        kind = "published"
    if kind is None or decision.account_id is None:
        return
    notice_send(
        recipient_id=decision.account_id,
        kind=kind,
        post_id=decision.post_id,
        decision_id=decision.pk,
        rule=decision.rule,
        reason=decision.reason,
    )
