"""Appeals: once per decision, decided by a moderator other than the one who decided."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.core.errors import BalaiError, Forbidden, NotFound
from balai.moderation import bank
from balai.moderation.audit import audit_record
from balai.moderation.media_screen import retire_post_media
from balai.moderation.models import (
    Appeal,
    AppealStatus,
    BlockedHashtag,
    Decision,
    DecisionAction,
    Exemplar,
    Report,
    ReportSource,
)
from balai.moderation.notices import notice_send
from balai.moderation.services.screen import CATEGORY_TO_REPORT
from balai.posts.models import Post, PostState
from balai.posts.notifications import notify_post_published

APPEALABLE = {
    DecisionAction.REJECT,
    DecisionAction.REMOVE,
    DecisionAction.SENSITIVE,
    DecisionAction.LIMIT,
    DecisionAction.SUSPEND,
    DecisionAction.WARN,
}


def appeal_create(*, user: User, decision_id: int | str, text: str) -> Appeal:
    decision = Decision.objects.filter(pk=int(decision_id), account=user).first()
    if decision is None or decision.action not in APPEALABLE:
        raise NotFound(_("There is no decision to appeal."))
    if decision.reversed_at is not None:
        raise BalaiError(_("This decision has already been reversed."))
    if not text.strip() or len(text) > 2000:
        raise BalaiError(_("Explain your appeal in at most 2000 characters."), field="text")
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(decision=decision, appellant=user, text=text.strip())
            report = Report.objects.create(
                reporter=user,
                account=user,
                category=CATEGORY_TO_REPORT.get(decision.rule, "other"),
                detail=decision.rule,
                comment=appeal.text,
                source=ReportSource.APPEAL,
                severity=0.5,
                appeal=appeal,
            )
            if decision.post_id is not None:
                report.posts.add(decision.post_id)
            audit_record(
                actor=user,
                action="appeal.create",
                target_type="decision",
                target_id=decision.pk,
                report_id=report.pk,
                decision_id=decision.pk,
            )
    except IntegrityError:
        raise BalaiError(_("You have already appealed this decision.")) from None
    return appeal


def appeal_decide(*, moderator: User, appeal: Appeal, overturn: bool, reason: str = "") -> Appeal:
    """Uphold or overturn. An overturned decision is reversed and its content restored."""
    if not moderator.is_moderator:
        raise Forbidden(_("Only moderators can do this."))
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().select_related("decision").get(pk=appeal.pk)
        decision = appeal.decision
        if appeal.status != AppealStatus.PENDING:
            raise BalaiError(_("This appeal has already been decided."))
        if moderator.pk in (decision.moderator_id, appeal.appellant_id):
            raise Forbidden(_("A different moderator must decide this appeal."))
        if overturn:
            _reverse(decision)
        appeal.status = AppealStatus.OVERTURNED if overturn else AppealStatus.UPHELD
        appeal.decided_by, appeal.decided_at = moderator, timezone.now()
        appeal.save()
        Report.objects.filter(appeal=appeal).update(
            resolved_at=timezone.now(), resolved_by=moderator
        )
        report = Report.objects.filter(appeal=appeal).first()
        audit_record(
            actor=moderator,
            action="appeal.overturn" if overturn else "appeal.uphold",
            target_type="decision",
            target_id=decision.pk,
            report_id=report.pk if report else None,
            decision_id=decision.pk,
            policy_version=decision.policy_version,
            reason=reason,
        )
        notice_send(
            recipient_id=appeal.appellant_id,
            kind="appeal_overturned" if overturn else "appeal_upheld",
            post_id=decision.post_id,
            decision_id=decision.pk,
            rule=decision.rule,
            reason=reason,
        )
    return appeal


def _reverse(decision: Decision) -> None:
    action = decision.action
    post_id = decision.post_id
    if action in (DecisionAction.REMOVE, DecisionAction.REJECT) and post_id is not None:
        Post.objects.filter(pk=post_id).update(state=PostState.PUBLISHED)
        bank.bank_retire(post_id=post_id)
        retire_post_media(post_id=post_id)
        Exemplar.objects.filter(post_id=post_id).update(active=False)
        transaction.on_commit(lambda: notify_post_published(post_id))
    elif action == DecisionAction.SENSITIVE and post_id is not None:
        Post.objects.filter(pk=post_id).update(sensitive=False)
    elif action == DecisionAction.LIMIT:
        User.objects.filter(pk=decision.account_id or 0).update(limited=False)
    elif action == DecisionAction.SUSPEND:
        User.objects.filter(pk=decision.account_id or 0).update(
            suspended_at=None, suspended_until=None
        )
    elif action == DecisionAction.BLOCK_HASHTAG:
        BlockedHashtag.objects.filter(name=decision.hashtag).delete()
    decision.strikes.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    Decision.objects.filter(pk=decision.pk).update(reversed_at=timezone.now())
