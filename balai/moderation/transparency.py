"""The transparency report: what the EU DSA templates ask for, over a date range."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import datetime
from typing import Any

from balai.moderation.metrics import decision_seconds, quantile
from balai.moderation.models import Appeal, Decision, Report, Verdict


def transparency_report(since: datetime, until: datetime) -> dict[str, Any]:
    reports = Report.objects.filter(created_at__gte=since, created_at__lt=until)
    decisions = Decision.objects.filter(created_at__gte=since, created_at__lt=until)
    appeals = Appeal.objects.filter(created_at__gte=since, created_at__lt=until)
    times = decision_seconds(since, until)
    verdicts = Verdict.objects.filter(created_at__gte=since, created_at__lt=until)
    return {
        "period": {"since": since.date().isoformat(), "until": until.date().isoformat()},
        "notices_received": {
            "total": reports.count(),
            "by_category": dict(Counter(reports.values_list("category", flat=True))),
            "by_source": dict(Counter(reports.values_list("source", flat=True))),
        },
        "screening": {
            "posts_screened": verdicts.filter(stage="sync").count(),
            "by_action": dict(Counter(verdicts.values_list("action", flat=True))),
        },
        "actions": {
            "total": decisions.count(),
            "by_action": dict(Counter(decisions.values_list("action", flat=True))),
            "by_rule": dict(Counter(decisions.values_list("rule", flat=True))),
            "automated": decisions.filter(automated=True).count(),
            "human": decisions.filter(automated=False).count(),
            "proactive": decisions.filter(proactive=True).count(),
            "views_before_action": sum(decisions.values_list("views_before", flat=True)),
        },
        "time_to_action_seconds": {
            "count": len(times),
            "median": quantile(times, 0.5),
            "p90": quantile(times, 0.9),
        },
        "appeals": {
            "total": appeals.count(),
            "by_outcome": dict(Counter(appeals.values_list("status", flat=True))),
        },
    }


def flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows.extend(flatten(value, f"{name}."))
        else:
            rows.append((name, value))
    return rows


def as_csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["metric", "value"])
    writer.writerows(flatten(data))
    return out.getvalue()
