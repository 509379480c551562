"""Mastodon's admin API over Balai's moderation: reports (the one queue) and account actions."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router

from balai.accounts.models import User
from balai.api.auth import current_user, scoped
from balai.api.errors import not_found
from balai.api.lookups import parse_id
from balai.api.pagination import cursor_from, page_rows, paged
from balai.api.params import Params
from balai.api.routers.reports import CATEGORY_OUT
from balai.api.schemas.account import serialize_account
from balai.api.schemas.common import iso
from balai.api.schemas.status import serialize_statuses
from balai.moderation import services
from balai.moderation.models import Report
from balai.moderation.selectors import posts_for_moderation

router = Router(tags=["admin"])
READ_REPORTS = scoped("admin:read:reports", role="moderator")
WRITE_REPORTS = scoped("admin:write:reports", role="moderator")
READ_ACCOUNTS = scoped("admin:read:accounts", role="moderator")
WRITE_ACCOUNTS = scoped("admin:write:accounts", role="moderator")


def admin_account(user: User) -> dict[str, Any]:
    return {
        "id": str(user.pk),
        "username": user.username,
        "domain": None,
        "created_at": iso(user.date_joined),
        "email": user.email,
        "ip": None,
        "ips": [],
        "locale": user.language or "en",
        "invite_request": user.signup_reason or None,
        "role": {"id": {"user": "0", "moderator": "1", "admin": "2"}[user.role], "name": user.role},
        "confirmed": user.email_confirmed,
        "approved": user.approved,
        "disabled": not user.is_active,
        "silenced": user.limited,
        "suspended": user.is_suspended,
        "sensitized": False,
        "account": serialize_account(user),
    }


def admin_report(report: Report, moderator: User) -> dict[str, Any]:
    """Admin::Report, with the statuses attached whatever their state (held, removed, …)."""
    return {
        "id": str(report.pk),
        "action_taken": report.resolved_at is not None,
        "action_taken_at": iso(report.resolved_at),
        "category": CATEGORY_OUT.get(report.category, "other"),
        "comment": report.comment,
        "forwarded": False,
        "created_at": iso(report.created_at),
        "updated_at": iso(report.resolved_at or report.created_at),
        "account": admin_account(report.reporter),
        "target_account": admin_account(report.account),
        "assigned_account": admin_account(report.assigned_to) if report.assigned_to else None,
        "action_taken_by_account": (
            admin_account(report.resolved_by) if report.resolved_by else None
        ),
        "statuses": serialize_statuses(moderator, posts_for_moderation(report), count_views=False),
        "rules": [],
        "balai": {"source": report.source, "category": report.category, "detail": report.detail},
    }


def _report(report_id: str) -> Report:
    report = (
        Report.objects.select_related("reporter", "account", "assigned_to", "resolved_by")
        .filter(pk=parse_id(report_id))
        .first()
    )
    if report is None:
        raise not_found()
    return report


@router.get("/v1/admin/reports", auth=READ_REPORTS)
def reports(request: HttpRequest) -> HttpResponse:
    moderator = current_user(request)
    p = Params(request)
    rows = Report.objects.select_related("reporter", "account", "assigned_to", "resolved_by")
    rows = rows.filter(resolved_at__isnull=not p.flag("resolved"))
    if p.has("account_id"):
        rows = rows.filter(reporter_id=parse_id(p.raw("account_id")))
    if p.has("target_account_id"):
        rows = rows.filter(account_id=parse_id(p.raw("target_account_id")))
    page = page_rows(rows, cursor_from(request, 100, 200))
    return paged(request, [admin_report(r, moderator) for r in page], [r.pk for r in page])


@router.get("/v1/admin/reports/{report_id}", auth=READ_REPORTS)
def report(request: HttpRequest, report_id: str) -> dict[str, Any]:
    return admin_report(_report(report_id), current_user(request))


@router.post("/v1/admin/reports/{report_id}/{action}", auth=WRITE_REPORTS)
def report_action(request: HttpRequest, report_id: str, action: str) -> dict[str, Any]:
    moderator = current_user(request)
    item = _report(report_id)
    if action == "assign_to_self":
        services.report_assign(moderator=moderator, report=item, assignee=moderator)
    elif action == "unassign":
        services.report_assign(moderator=moderator, report=item, assignee=None)
    elif action == "resolve":  # resolved with no further action: nothing broke the rules
        services.decision_take(moderator=moderator, report=item, action="dismiss", force=True)
    elif action == "reopen":
        services.report_reopen(moderator=moderator, report=item)
    else:
        raise not_found()
    return admin_report(_report(report_id), moderator)


def _account(account_id: str) -> User:
    user = User.objects.filter(pk=parse_id(account_id), is_system=False).first()
    if user is None:
        raise not_found()
    return user


STATUS_FILTERS = {
    "active": Q(is_active=True, approved=True, suspended_at__isnull=True),
    "pending": Q(approved=False, is_active=True),
    "disabled": Q(is_active=False),
    "silenced": Q(limited=True),
    "suspended": Q(suspended_at__isnull=False),
}


def _filtered_accounts(p: Params) -> QuerySet[User]:
    users = User.objects.filter(is_system=False)
    if p.text("origin") == "remote":
        return users.none()
    status = p.text("status", max_length=20)
    if status in STATUS_FILTERS:
        users = users.filter(STATUS_FILTERS[status])
    for field in ("username", "display_name", "email"):
        if p.text(field, max_length=200):
            users = users.filter(**{f"{field}__icontains": p.text(field, max_length=200)})
    if p.has("permissions") or p.has("staff"):
        users = users.filter(role__in=["moderator", "admin"])
    return users


@router.get("/v2/admin/accounts", auth=READ_ACCOUNTS)
def accounts(request: HttpRequest) -> HttpResponse:
    page = page_rows(_filtered_accounts(Params(request)), cursor_from(request, 100, 200))
    return paged(request, [admin_account(u) for u in page], [u.pk for u in page])


@router.get("/v1/admin/accounts/{account_id}", auth=READ_ACCOUNTS)
def account(request: HttpRequest, account_id: str) -> dict[str, Any]:
    return admin_account(_account(account_id))


@router.post("/v1/admin/accounts/{account_id}/action", auth=WRITE_ACCOUNTS)
def account_action(request: HttpRequest, account_id: str) -> HttpResponse:
    moderator = current_user(request)
    p = Params(request)
    target = _account(account_id)
    report_id = p.text("report_id", max_length=30)
    services.account_action(
        moderator=moderator,
        account=target,
        type=p.text("type", "none", max_length=20),
        report=_report(report_id) if report_id else None,
        text=p.text("text", max_length=2000),
    )
    return JsonResponse({})


@router.post("/v1/admin/accounts/{account_id}/{what}", auth=WRITE_ACCOUNTS)
def account_lift(request: HttpRequest, account_id: str, what: str) -> dict[str, Any]:
    if what not in ("approve", "reject", "unsilence", "unsuspend", "enable"):
        raise not_found()
    target = services.account_lift(
        moderator=current_user(request), account=_account(account_id), what=what
    )
    return admin_account(target)
