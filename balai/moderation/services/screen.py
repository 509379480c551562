"""Screening live posts: the hook every new or edited post passes before anyone else sees it."""

from __future__ import annotations

from collections import Counter

from django.db import connection, transaction

from balai.core.compiled import compiled
from balai.moderation.audit import audit_record
from balai.moderation.media_screen import apply_media_bank
from balai.moderation.models import (
    BlockedHashtag,
    Decision,
    DecisionAction,
    Report,
    ReportCategory,
    ReportSource,
    ScreenAction,
    Verdict,
)
from balai.moderation.notices import notice_send, system_user
from balai.moderation.screening import ScreenOutcome, screen_text, screened_text
from balai.posts.models import Post, PostHashtag, PostState

CATEGORY_TO_REPORT = {
    "violent_threat": ReportCategory.VIOLENCE,
    "incitement": ReportCategory.VIOLENCE,
    "glorification": ReportCategory.VIOLENCE,
    "hate": ReportCategory.HATE,
    "harassment": ReportCategory.HARASSMENT,
    "spam": ReportCategory.SPAM,
}
STATE_FOR_ACTION = {
    ScreenAction.ALLOW: PostState.PUBLISHED,
    ScreenAction.LABEL: PostState.PUBLISHED,
    ScreenAction.HOLD: PostState.HELD,
    ScreenAction.REJECT: PostState.REJECTED,
}


def _blocked_hashtag(post: Post) -> str | None:
    """The first of the post's hashtags that moderators blocked (compiled once: every post with a
    hashtag asks)."""
    query = compiled(
        ("blocked hashtag of post",),
        lambda m: (
            PostHashtag.objects.filter(
                post_id=m.number("post"), hashtag__name__in=BlockedHashtag.objects.values("name")
            )
            .order_by("id")
            .values_list("hashtag__name")[:1]
        ),
    )
    rows = query.fetch({"post": post.pk})
    return str(rows[0][0]) if rows else None


def _apply_blocked_hashtag(post: Post, outcome: ScreenOutcome) -> None:
    if outcome.action in (ScreenAction.HOLD, ScreenAction.REJECT) or "#" not in post.text:
        return
    name = _blocked_hashtag(post)
    if name is not None:
        outcome.action, outcome.category = str(ScreenAction.HOLD), outcome.category or "spam"
        outcome.evidence.append({"kind": "blocked_hashtag", "hashtag": name})


def verdict_store(
    *, post: Post | None, outcome: ScreenOutcome, stage: str, is_edit: bool
) -> Verdict:
    return Verdict.objects.create(
        post=post,
        stage=stage,
        is_edit=is_edit,
        action=outcome.action,
        category=outcome.category,
        scores=outcome.scores,
        evidence=outcome.evidence,
        model_versions=outcome.model_versions,
        policy_version=outcome.policy_version,
        latency_ms=outcome.latency_ms,
        language=outcome.lang,
    )


def post_screen(post: Post, *, is_edit: bool, has_media: bool = True) -> str:
    """Decide the state of a new or edited post (runs inside the transaction that writes it)."""
    previous = post.state
    if is_edit and previous == PostState.REMOVED:
        return PostState.REMOVED  # an edit never undoes a moderator's removal
    outcome = screen_text(screened_text(post), post.language)
    _apply_blocked_hashtag(post, outcome)
    if has_media:
        apply_media_bank(post, outcome)
    verdict = verdict_store(post=post, outcome=outcome, stage="sync", is_edit=is_edit)
    if is_edit and previous == PostState.HELD and _open_report_exists(post):
        return PostState.HELD  # still waiting for its moderator; the new text joins the case
    if outcome.action == ScreenAction.LABEL:
        post.sensitive = True
        Post.objects.filter(pk=post.pk).update(sensitive=True)
    elif outcome.action == ScreenAction.HOLD:
        hold_file(post=post, verdict=verdict)
    elif outcome.action == ScreenAction.REJECT:
        _reject(post, verdict)
    if outcome.action == ScreenAction.ALLOW or outcome.action == ScreenAction.LABEL:
        transaction.on_commit(lambda: _enqueue_deep(post.pk))
    return STATE_FOR_ACTION[ScreenAction(outcome.action)]


def _open_report_exists(post: Post) -> bool:
    return Report.objects.filter(posts=post, resolved_at__isnull=True).exists()


def hold_file(*, post: Post, verdict: Verdict, views: int = 0) -> Report:
    """An automated hold becomes a report filed by the system account: one queue."""
    top = max(verdict.scores.values(), default=1.0)
    report = Report.objects.create(
        reporter=system_user(),
        account_id=post.author_id,
        category=CATEGORY_TO_REPORT.get(verdict.category, ReportCategory.OTHER),
        detail=verdict.category,
        rule_ids=sorted({e["rule"] for e in verdict.evidence if e.get("kind") == "rule"}),
        source=ReportSource.AUTOMATED,
        severity=min(1.0, top),
        language=verdict.language,
        verdict=verdict,
    )
    report.posts.add(post)
    audit_record(
        actor=None,
        action="screen.hold",
        target_type="post",
        target_id=post.pk,
        report_id=report.pk,
        policy_version=verdict.policy_version,
        data={"verdict": str(verdict.pk), "stage": verdict.stage, "views_before": views},
    )
    notice_send(recipient_id=post.author_id, kind="held", post_id=post.pk, rule=verdict.category)
    return report


def _reject(post: Post, verdict: Verdict) -> None:
    decision = Decision.objects.create(
        automated=True,
        action=DecisionAction.REJECT,
        account_id=post.author_id,
        post=post,
        rule=verdict.category,
        policy_version=verdict.policy_version,
        proactive=True,
    )
    audit_record(
        actor=None,
        action="screen.reject",
        target_type="post",
        target_id=post.pk,
        decision_id=decision.pk,
        policy_version=verdict.policy_version,
        data={"verdict": str(verdict.pk)},
    )
    notice_send(
        recipient_id=post.author_id,
        kind="rejected",
        post_id=post.pk,
        decision_id=decision.pk,
        rule=verdict.category,
    )


def _enqueue_deep(post_id: int) -> None:
    from balai.moderation.classifiers import deep_backend
    from balai.moderation.tasks import deep_screen

    if deep_backend() is not None:
        deep_screen.enqueue(post_id)


def views_record(*, post_ids: list[int]) -> None:
    """Count that these posts were shown now (written at once; timelines use views_counter)."""
    from balai.moderation.views_counter import UPSERT

    counts = Counter(post_ids)
    existing = set(Post.objects.filter(pk__in=counts).values_list("pk", flat=True))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(UPSERT, [(pk, n) for pk, n in counts.items() if pk in existing])
