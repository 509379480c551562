"""Measured moderation: the figures behind /metrics, the dashboard and the transparency report."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count
from django.utils import timezone

from balai.moderation.models import (
    Appeal,
    AppealStatus,
    Decision,
    DecisionAction,
    Report,
    ReportCategory,
    Verdict,
)

REMOVALS = (DecisionAction.REMOVE, DecisionAction.REJECT)


def quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def queue_by_category(now: datetime | None = None) -> dict[str, tuple[int, float]]:
    """category -> (open items, age in seconds of the oldest)."""
    now = now or timezone.now()
    out = {c: (0, 0.0) for c in ReportCategory.values}
    for category, created in Report.objects.filter(resolved_at__isnull=True).values_list(
        "category", "created_at"
    ):
        count, oldest = out.get(category, (0, 0.0))
        out[category] = (count + 1, max(oldest, (now - created).total_seconds()))
    return out


def decision_seconds(since: datetime | None = None, until: datetime | None = None) -> list[float]:
    reports = Report.objects.filter(resolved_at__isnull=False)
    if since is not None:
        reports = reports.filter(resolved_at__gte=since)
    if until is not None:
        reports = reports.filter(resolved_at__lt=until)
    return [
        (resolved - created).total_seconds()
        for created, resolved in reports.values_list("created_at", "resolved_at")
        if resolved is not None
    ]


def snapshot() -> dict[str, Any]:
    removals = Decision.objects.filter(action__in=REMOVALS)
    total_removals = removals.count()
    decided_appeals = Appeal.objects.exclude(status=AppealStatus.PENDING)
    latencies = list(
        Verdict.objects.filter(stage="sync")
        .order_by("-id")
        .values_list("latency_ms", flat=True)[:1000]
    )
    times = decision_seconds(since=timezone.now() - timedelta(days=30))
    return {
        "queue": queue_by_category(),
        "decision_p50": quantile(times, 0.5),
        "decision_p90": quantile(times, 0.9),
        "proactive_rate": (
            removals.filter(proactive=True).count() / total_removals if total_removals else 0.0
        ),
        "views_before_action": sum(removals.values_list("views_before", flat=True)),
        "removals": total_removals,
        "appeals_decided": decided_appeals.count(),
        "appeal_overturn_rate": (
            decided_appeals.filter(status=AppealStatus.OVERTURNED).count() / decided_appeals.count()
            if decided_appeals.exists()
            else 0.0
        ),
        "latency_p50": quantile(latencies, 0.5),
        "latency_p90": quantile(latencies, 0.9),
        "verdicts": dict(
            Verdict.objects.values("action").annotate(n=Count("id")).values_list("action", "n")
        ),
    }


def prometheus(data: dict[str, Any]) -> str:
    lines = [
        "# HELP balai_moderation_queue_size Open queue items.",
        "# TYPE balai_moderation_queue_size gauge",
    ]
    for category, (count, _oldest) in sorted(data["queue"].items()):
        lines.append(f'balai_moderation_queue_size{{category="{category}"}} {count}')
    lines += ["# TYPE balai_moderation_queue_oldest_seconds gauge"]
    for category, (_count, oldest) in sorted(data["queue"].items()):
        lines.append(f'balai_moderation_queue_oldest_seconds{{category="{category}"}} {oldest:.0f}')
    lines += [
        "# TYPE balai_moderation_time_to_decision_seconds summary",
        f'balai_moderation_time_to_decision_seconds{{quantile="0.5"}} {data["decision_p50"]:.1f}',
        f'balai_moderation_time_to_decision_seconds{{quantile="0.9"}} {data["decision_p90"]:.1f}',
        "# TYPE balai_moderation_proactive_rate gauge",
        f"balai_moderation_proactive_rate {data['proactive_rate']:.4f}",
        "# TYPE balai_moderation_views_before_action_total counter",
        f"balai_moderation_views_before_action_total {data['views_before_action']}",
        "# TYPE balai_moderation_removals_total counter",
        f"balai_moderation_removals_total {data['removals']}",
        "# TYPE balai_moderation_appeal_overturn_rate gauge",
        f"balai_moderation_appeal_overturn_rate {data['appeal_overturn_rate']:.4f}",
        "# TYPE balai_moderation_screen_latency_ms summary",
        f'balai_moderation_screen_latency_ms{{quantile="0.5"}} {data["latency_p50"]:.3f}',
        f'balai_moderation_screen_latency_ms{{quantile="0.9"}} {data["latency_p90"]:.3f}',
        "# TYPE balai_moderation_verdicts_total counter",
    ]
    for action, n in sorted(data["verdicts"].items()):
        lines.append(f'balai_moderation_verdicts_total{{action="{action}"}} {n}')
    return "\n".join(lines) + "\n"


def queue_history(days: int = 14, today: date | None = None) -> list[tuple[str, int]]:
    """Open queue size at the end of each of the last `days` days."""
    today = today or timezone.localdate()
    points = []
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
        open_then = Report.objects.filter(created_at__lt=end).exclude(resolved_at__lt=end).count()
        points.append((day.strftime("%m-%d"), open_then))
    return points
