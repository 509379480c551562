"""Moderation reads. The console legitimately sees held, rejected and removed posts: the
selectors that do so are named `*_for_moderation` and are only called behind a moderator check.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from balai.accounts.models import Follow, User
from balai.media.models import KnownBadHash
from balai.moderation.models import (
    Appeal,
    AuditLog,
    BlockedHashtag,
    Decision,
    ModerationNotice,
    PostViews,
    Report,
    Strike,
    Verdict,
)
from balai.posts.models import Post, PostHashtag

CATEGORY_WEIGHT = {"violence": 1.0, "illegal": 0.9, "hate": 0.8, "harassment": 0.6, "other": 0.4}
PAGE = 50


@dataclass
class QueueItem:
    report: Report
    priority: float
    views: int
    followers: int


def queue(
    *,
    category: str = "",
    language: str = "",
    source: str = "",
    assigned: str = "",
    moderator: User | None = None,
    now: datetime | None = None,
) -> list[QueueItem]:
    """Open reports, most urgent first: severity × reach × age."""
    reports = Report.objects.filter(resolved_at__isnull=True).select_related(
        "account", "reporter", "assigned_to", "appeal"
    )
    if category:
        reports = reports.filter(category=category)
    if language:
        reports = reports.filter(language__startswith=language)
    if source:
        reports = reports.filter(source=source)
    if assigned == "me" and moderator is not None:
        reports = reports.filter(assigned_to=moderator)
    elif assigned == "none":
        reports = reports.filter(assigned_to__isnull=True)
    rows = list(reports.prefetch_related("posts").order_by("id")[:1000])
    followers = dict(
        Follow.objects.filter(followee__in={r.account_id for r in rows})
        .values("followee")
        .annotate(n=Count("id"))
        .values_list("followee", "n")
    )
    post_ids = {p.pk for r in rows for p in r.posts.all()}
    views = dict(PostViews.objects.filter(post_id__in=post_ids).values_list("post_id", "count"))
    now = now or timezone.now()
    items = []
    for r in rows:
        seen = sum(views.get(p.pk, 0) for p in r.posts.all())
        reach = 1 + math.log1p(followers.get(r.account_id, 0) + seen)
        hours = max(0.0, (now - r.created_at).total_seconds() / 3600)
        weight = CATEGORY_WEIGHT.get(r.category, 0.5)
        priority = (r.severity + weight) * reach * (1 + hours / 6)
        items.append(QueueItem(r, round(priority, 3), seen, followers.get(r.account_id, 0)))
    items.sort(key=lambda i: i.priority, reverse=True)
    return items[:PAGE]


@dataclass
class Context:
    report: Report
    posts: list[Post]
    thread: dict[int, list[Post]] = field(default_factory=dict)
    verdicts: list[Verdict] = field(default_factory=list)
    history: list[Post] = field(default_factory=list)
    strikes: list[Strike] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    views: int = 0
    appeal: Appeal | None = None


def posts_for_moderation(report: Report) -> list[Post]:
    """The reported posts in whatever state (held, removed, …), for the console only."""
    return list(report.posts.select_related("author", "in_reply_to__author").order_by("id"))


def report_context(report: Report) -> Context:
    posts = posts_for_moderation(report)
    thread: dict[int, list[Post]] = {}
    for post in posts:
        root = post.thread_root_id or post.pk
        thread[post.pk] = list(
            Post.objects.filter(thread_root_id=root).select_related("author").order_by("id")[:20]
        ) + ([post.in_reply_to] if post.in_reply_to else [])
    return Context(
        report=report,
        posts=posts,
        thread=thread,
        verdicts=list(Verdict.objects.filter(post__in=posts).order_by("-id")[:10]),
        history=list(
            Post.objects.filter(author=report.account, reblog_of__isnull=True)
            .exclude(pk__in=[p.pk for p in posts])
            .order_by("-id")[:10]
        ),
        strikes=list(Strike.objects.filter(user=report.account).select_related("decision")),
        decisions=list(
            Decision.objects.filter(account=report.account).select_related("moderator")[:20]
        ),
        views=views_of([p.pk for p in posts]),
        appeal=report.appeal,
    )


def audit_entries(*, action: str = "", actor: str = "", limit: int = 200) -> QuerySet[AuditLog]:
    entries = AuditLog.objects.order_by("-id")
    if action:
        entries = entries.filter(action__startswith=action)
    if actor:
        entries = entries.filter(actor_name=actor)
    return entries[:limit]


def notices_for(user: User) -> QuerySet[ModerationNotice]:
    return (
        ModerationNotice.objects.filter(recipient=user)
        .select_related("decision", "decision__appeal", "recipient")
        .order_by("-id")
    )


def highlight_spans(text: str, evidence: list[dict[str, Any]]) -> list[tuple[str, bool]]:
    """Split `text` into (segment, highlighted) parts where rule evidence matches it."""
    marks: list[tuple[int, int]] = []
    lowered = text.casefold()
    for item in evidence:
        needle = str(item.get("text") or "").casefold()
        start = lowered.find(needle) if needle else -1
        if start >= 0:
            marks.append((start, start + len(needle)))
    parts: list[tuple[str, bool]] = []
    position = 0
    for start, end in sorted(marks):
        if start < position:
            start = position
        if start >= end:
            continue
        parts.append((text[position:start], False))
        parts.append((text[start:end], True))
        position = end
    parts.append((text[position:], False))
    return [p for p in parts if p[0]]


def trending_allowed_q() -> Q:
    """Posts that may appear in trends: not labelled (sensitive) and without a blocked hashtag.
    For trend selectors to apply on top of `balai.posts.access`."""
    blocked = BlockedHashtag.objects.values("name")
    return ~Q(sensitive=True) & ~Q(
        pk__in=PostHashtag.objects.filter(hashtag__name__in=blocked).values("post_id")
    )


def notices_by_notification(notification_ids: list[int]) -> dict[int, dict[str, Any]]:
    """For notification lists (web and API): the moderation notice behind each "moderation"
    notification, rendered in its recipient's language, with where to appeal when one may."""
    from django.urls import reverse

    from balai.moderation.notices import notice_text

    out: dict[int, dict[str, Any]] = {}
    rows = ModerationNotice.objects.filter(notification_id__in=notification_ids).select_related(
        "recipient", "decision", "decision__appeal"
    )
    for notice in rows:
        decision = notice.decision
        appealable = (
            decision is not None
            and decision.account_id == notice.recipient_id
            and decision.reversed_at is None
            and not hasattr(decision, "appeal")  # loaded with the notice (select_related)
            and notice.kind not in ("appeal_upheld", "appeal_overturned", "published")
        )
        out[notice.notification_id or 0] = {
            "kind": notice.kind,
            "text": notice_text(notice),
            "rule": notice.rule,
            "reason": notice.reason,
            "post_id": notice.post_id,
            "decision_id": decision.pk if decision else None,
            "appeal_url": (
                reverse("moderation:appeal", args=[decision.pk])
                if appealable and decision
                else None
            ),
        }
    return out


def hash_bank_sizes() -> list[tuple[str, int]]:
    """For the console: how many active known-bad image hashes each source has given the bank,
    largest first."""
    rows = (
        KnownBadHash.objects.filter(active=True)
        .values("source")
        .annotate(n=Count("id"))
        .order_by("-n", "source")
    )
    return [(row["source"], row["n"]) for row in rows]


def views_of(post_ids: list[int]) -> int:
    """How often these posts were shown to people other than their authors."""
    return sum(PostViews.objects.filter(post_id__in=post_ids).values_list("count", flat=True))
