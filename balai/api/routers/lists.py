"""Lists of followed accounts, each with its own timeline."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from balai.accounts.models import Follow, User
from balai.api.auth import current_user, scoped
from balai.api.errors import ApiError
from balai.api.lookups import get_own, parse_id
from balai.api.models import ListAccount, UserList
from balai.api.pagination import cursor_from, page_rows, paged
from balai.api.params import Params
from balai.api.schemas.account import serialize_accounts

router = Router(tags=["lists"])
POLICIES = ("followed", "list", "none")


def serialize_list(item: UserList) -> dict[str, Any]:
    return {
        "id": str(item.pk),
        "title": item.title,
        "replies_policy": item.replies_policy,
        "exclusive": item.exclusive,
    }


def _apply(item: UserList, p: Params, *, creating: bool) -> UserList:
    if creating or p.has("title"):
        item.title = p.text("title", required=True, max_length=200)
    if p.has("replies_policy"):
        policy = p.text("replies_policy", max_length=20)
        if policy not in POLICIES:
            raise ApiError(
                422, _("Validation failed: replies_policy must be followed, list or none")
            )
        item.replies_policy = policy
    if p.has("exclusive"):
        item.exclusive = p.flag("exclusive")
    item.save()
    return item


@router.get("/v1/lists", auth=scoped("read:lists"))
def index(request: HttpRequest) -> list[dict[str, Any]]:
    items = UserList.objects.filter(user=current_user(request)).order_by("id")
    return [serialize_list(i) for i in items]


@router.post("/v1/lists", auth=scoped("write:lists"))
def create(request: HttpRequest) -> dict[str, Any]:
    item = UserList(user=current_user(request))
    return serialize_list(_apply(item, Params(request), creating=True))


@router.get("/v1/lists/{list_id}", auth=scoped("read:lists"))
def get(request: HttpRequest, list_id: str) -> dict[str, Any]:
    return serialize_list(get_own(UserList, current_user(request), list_id))


@router.put("/v1/lists/{list_id}", auth=scoped("write:lists"))
def update(request: HttpRequest, list_id: str) -> dict[str, Any]:
    item = get_own(UserList, current_user(request), list_id)
    return serialize_list(_apply(item, Params(request), creating=False))


@router.delete("/v1/lists/{list_id}", auth=scoped("write:lists"))
def delete(request: HttpRequest, list_id: str) -> dict[str, Any]:
    get_own(UserList, current_user(request), list_id).delete()
    return {}


@router.get("/v1/lists/{list_id}/accounts", auth=scoped("read:lists"))
def accounts(request: HttpRequest, list_id: str) -> HttpResponse:
    item = get_own(UserList, current_user(request), list_id)
    rows = page_rows(item.members.select_related("account"), cursor_from(request, 40, 80))
    return paged(request, serialize_accounts(r.account for r in rows), [r.pk for r in rows])


def _account_ids(p: Params) -> list[int]:
    ids = [parse_id(i) for i in p.items("account_ids")]
    if not ids:
        raise ApiError(422, _("Validation failed: account_ids can't be blank"))
    return ids


@router.post("/v1/lists/{list_id}/accounts", auth=scoped("write:lists"))
def add_accounts(request: HttpRequest, list_id: str) -> dict[str, Any]:
    user = current_user(request)
    item = get_own(UserList, user, list_id)
    ids = _account_ids(Params(request))
    followed = set(
        Follow.objects.filter(follower=user, followee_id__in=ids).values_list(
            "followee_id", flat=True
        )
    )
    if set(ids) - followed:
        if not User.objects.filter(pk__in=set(ids) - followed).exists():
            raise ApiError(404, "Record not found")
        raise ApiError(422, _("Validation failed: you can only add accounts you follow"))
    with transaction.atomic():
        for account_id in ids:
            ListAccount.objects.get_or_create(list=item, account_id=account_id)
    return {}


@router.delete("/v1/lists/{list_id}/accounts", auth=scoped("write:lists"))
def remove_accounts(request: HttpRequest, list_id: str) -> dict[str, Any]:
    item = get_own(UserList, current_user(request), list_id)
    ListAccount.objects.filter(list=item, account_id__in=_account_ids(Params(request))).delete()
    return {}
