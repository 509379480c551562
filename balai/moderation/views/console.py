"""The moderator console: the one queue, a report in context, decisions, claims, bulk actions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts.models import User
from balai.core.errors import BalaiError
from balai.moderation import selectors, services
from balai.moderation.models import (
    Appeal,
    Category,
    DecisionAction,
    Report,
    ReportCategory,
    ReportSource,
)
from balai.moderation.views import moderator_required, run_or_flash

CONSOLE_ACTIONS = [
    (a, label) for a, label in DecisionAction.choices if a not in ("reject", "approve")
]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@moderator_required
def queue_view(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "") for k in ("category", "language", "source", "assigned")}
    items = selectors.queue(
        moderator=_user(request),
        category=filters["category"],
        language=filters["language"],
        source=filters["source"],
        assigned=filters["assigned"],
    )
    return render(
        request,
        "moderation/queue.html",
        {
            "items": items,
            "filters": filters,
            "categories": ReportCategory.choices,
            "sources": ReportSource.choices,
            "actions": CONSOLE_ACTIONS,
            "title": _("Moderation queue"),
        },
    )


@moderator_required
def report_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("account", "reporter"), pk=report_id)
    context = selectors.report_context(report)
    evidence = [e for v in context.verdicts for e in v.evidence]
    highlighted = {p.pk: selectors.highlight_spans(p.text, evidence) for p in context.posts}
    return render(
        request,
        "moderation/report.html",
        {
            "ctx": context,
            "report": report,
            "highlighted": highlighted,
            "actions": CONSOLE_ACTIONS,
            "rules": Category.choices,
            "moderators": User.objects.filter(role__in=["moderator", "admin"]).order_by("username"),
            "title": _("Report %(id)s") % {"id": report.pk},
        },
    )


@require_POST
@moderator_required
def claim(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=report_id)
    to = request.POST.get("to", "me")
    assignee: User | None = _user(request)
    if to == "none":
        assignee = None
    elif to != "me":
        assignee = get_object_or_404(User, username=to)
    back = reverse("moderation:report", args=[report.pk])
    return run_or_flash(
        request,
        lambda: services.report_assign(moderator=_user(request), report=report, assignee=assignee),
        back,
    )


def _days(raw: str | None) -> int | None:
    try:
        return max(1, int(raw)) if raw else None
    except ValueError:
        return None


@require_POST
@moderator_required
def act(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=report_id)
    data = request.POST

    def decide() -> None:
        services.decision_take(
            moderator=_user(request),
            report=report,
            action=data.get("action", ""),
            reason=data.get("reason", ""),
            rule=data.get("rule", ""),
            suspend_days=_days(data.get("days")),
            hashtag=data.get("hashtag", ""),
            force=data.get("force") == "1",
        )
        messages.success(request, _("Decision recorded."))

    return run_or_flash(request, decide, reverse("moderation:queue"))


@require_POST
@moderator_required
def appeal_decide_view(request: HttpRequest, appeal_id: int) -> HttpResponse:
    appeal = get_object_or_404(Appeal, pk=appeal_id)

    def decide() -> None:
        services.appeal_decide(
            moderator=_user(request),
            appeal=appeal,
            overturn=request.POST.get("outcome") == "overturn",
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Appeal decided."))

    return run_or_flash(request, decide, reverse("moderation:queue"))


@require_POST
@moderator_required
def bulk(request: HttpRequest) -> HttpResponse:
    ids = request.POST.getlist("report")
    action = request.POST.get("action", "")
    done = 0
    for report in Report.objects.filter(pk__in=[i for i in ids if i.isdigit()]):
        try:
            services.decision_take(
                moderator=_user(request),
                report=report,
                action=action,
                reason=request.POST.get("reason", ""),
            )
            done += 1
        except BalaiError as error:
            messages.error(request, f"{report.pk}: {error.message}")
    messages.success(request, _("%(n)d reports decided.") % {"n": done})
    return run_or_flash(request, lambda: None, reverse("moderation:queue"))
