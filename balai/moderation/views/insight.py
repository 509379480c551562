"""Accountability views: the audit log and its export, the policy editor, dashboard, /metrics."""

from __future__ import annotations

import csv
import hmac
import io
import json
import os
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from balai.moderation import selectors
from balai.moderation.audit import audit_record
from balai.moderation.metrics import prometheus, queue_history, snapshot
from balai.moderation.models import Category, PolicyVersion
from balai.moderation.policy import (
    LEVELS,
    current_policy,
    forget_cached_policy,
    validate_thresholds,
)
from balai.moderation.views import admin_required, moderator_required

AUDIT_FIELDS = [
    "id", "created_at", "actor_name", "action", "target_type", "target_id", "report_id",
    "decision_id", "policy_version", "reason", "data",
]  # fmt: skip


@moderator_required
def audit(request: HttpRequest) -> HttpResponse:
    entries = selectors.audit_entries(
        action=request.GET.get("action", ""), actor=request.GET.get("actor", "")
    )
    return render(request, "moderation/audit.html", {"entries": entries, "title": _("Audit log")})


def _row(entry: Any) -> dict[str, Any]:
    row = {f: getattr(entry, f) for f in AUDIT_FIELDS}
    row["created_at"] = entry.created_at.isoformat()
    for key in ("id", "target_id", "report_id", "decision_id"):
        row[key] = str(row[key]) if row[key] is not None else None
    return row


@moderator_required
def audit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = [_row(e) for e in selectors.audit_entries(limit=100_000)]
    if fmt == "json":
        response = HttpResponse(json.dumps(rows, ensure_ascii=False), "application/json")
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=AUDIT_FIELDS)
        writer.writeheader()
        writer.writerows({**r, "data": json.dumps(r["data"])} for r in rows)
        response = HttpResponse(out.getvalue(), "text/csv")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="balai-audit.{fmt}"'
    return response


@admin_required
def policy(request: HttpRequest) -> HttpResponse:
    current = current_policy()
    if request.method == "POST":
        raw = {
            c: {str(level): request.POST.get(f"{c}.{level}", "") for level in LEVELS}
            for c in Category.values
        }
        try:
            thresholds = validate_thresholds(raw)
        except ValueError as error:
            messages.error(request, str(error))
        else:
            with transaction.atomic():
                row = PolicyVersion.objects.create(
                    version=current.version + 1,
                    thresholds=thresholds,
                    note=request.POST.get("note", "")[:300],
                    created_by=request.user,  # type: ignore[misc]
                )
                audit_record(
                    actor=request.user,  # type: ignore[arg-type]
                    action="policy.update",
                    target_type="policy",
                    target_id=row.version,
                    policy_version=row.version,
                    reason=row.note,
                    data={"thresholds": thresholds},
                )
            forget_cached_policy()
            messages.success(request, _("Policy version %(v)d is in force.") % {"v": row.version})
            return redirect("moderation:policy")
    hints = _recommended_thresholds()
    rows = [
        (
            value,
            label,
            [(str(lv), current.thresholds.get(value, {}).get(str(lv))) for lv in LEVELS],
            hints.get(value),
        )
        for value, label in Category.choices
    ]
    return render(
        request,
        "moderation/policy.html",
        {
            "policy": current,
            "rows": rows,
            "versions": PolicyVersion.objects.order_by("-version")[:20],
            "title": _("Screening policy"),
        },
    )


def _recommended_thresholds() -> dict[str, float]:
    """Advisory hold thresholds from the loaded models' cards, shown beside the policy."""
    from balai.moderation.classifiers import sync_backends

    hints: dict[str, float] = {}
    for backend in sync_backends():
        model = getattr(backend, "model", None)
        for category, value in (getattr(model, "recommended_thresholds", None) or {}).items():
            hints[category] = round(float(value), 3)
    return hints


def svg_bars(points: list[tuple[str, float]], width: int = 560, height: int = 160) -> SafeString:
    """A small bar chart as inline SVG, built only from numbers and escaped labels."""
    top = max([v for _, v in points] + [1])
    step = width / max(1, len(points))
    parts = [f'<svg viewBox="0 0 {width} {height + 30}" role="img" class="chart">']
    for i, (label, value) in enumerate(points):
        h = (value / top) * height
        x = i * step
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{height - h:.1f}" width="{step - 4:.1f}" height="{h:.1f}">'
            f"<title>{escape(label)}: {value:g}</title></rect>"
            f'<text x="{x + step / 2:.1f}" y="{height + 14}" text-anchor="middle" '
            f'font-size="9">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped labels only


@moderator_required
def dashboard(request: HttpRequest) -> HttpResponse:
    data = snapshot()
    queue_points = [(c, float(n)) for c, (n, _o) in sorted(data["queue"].items())]
    return render(
        request,
        "moderation/dashboard.html",
        {
            "data": data,
            "history_svg": svg_bars([(d, float(n)) for d, n in queue_history()]),
            "queue_svg": svg_bars(queue_points),
            "verdict_svg": svg_bars([(a, float(n)) for a, n in sorted(data["verdicts"].items())]),
            "title": _("Moderation dashboard"),
        },
    )


def _metrics_token() -> str:
    return str(getattr(settings, "BALAI_METRICS_TOKEN", os.environ.get("BALAI_METRICS_TOKEN", "")))


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, for admins or a scraper holding BALAI_METRICS_TOKEN."""
    token = _metrics_token()
    header = request.headers.get("Authorization", "")
    by_token = bool(token) and hmac.compare_digest(header, f"Bearer {token}")
    user = request.user
    if not by_token and not (user.is_authenticated and user.is_admin):  # type: ignore[union-attr]
        raise PermissionDenied
    return HttpResponse(prometheus(snapshot()), content_type="text/plain; version=0.0.4")
