"""Filters v2 (with keywords and statuses) and the v1 keyword filters, stored as v2."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from balai.api.auth import current_user, scoped
from balai.api.errors import ApiError
from balai.api.lookups import get_own, get_post
from balai.api.models import Filter, FilterKeyword, FilterStatus
from balai.api.params import Params
from balai.api.schemas.filters import serialize_filter, serialize_keyword, serialize_v1_filter

router = Router(tags=["filters"])
CONTEXTS = {"home", "notifications", "public", "thread", "account"}
ACTIONS = {"warn", "hide", "blur"}


def _context(p: Params, *, required: bool) -> list[str] | None:
    if not p.has("context"):
        if required:
            raise ApiError(422, _("Validation failed: context can't be blank"))
        return None
    values = p.items("context")
    if not values or any(v not in CONTEXTS for v in values):
        raise ApiError(422, _("Validation failed: context must be among home, notifications, "
                              "public, thread, account"))  # fmt: skip
    return sorted(set(values))


def _expires(p: Params) -> Any:
    seconds = p.number("expires_in", maximum=10 * 365 * 86400)
    if p.has("expires_in"):
        return timezone.now() + timedelta(seconds=seconds) if seconds else None
    return "keep"


def _keywords(p: Params) -> list[dict[str, Any]]:
    raw = p.raw("keywords_attributes") or []
    items = list(raw.values()) if isinstance(raw, dict) else raw
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ApiError(422, _("Validation failed: keywords_attributes must be a list"))
    return items


def _apply(item: Filter, p: Params, *, creating: bool) -> Filter:
    if creating or p.has("title"):
        item.title = p.text("title", required=True, max_length=200)
    context = _context(p, required=creating)
    if context is not None:
        item.context = context
    if p.has("filter_action"):
        action = p.text("filter_action", max_length=10)
        if action not in ACTIONS:
            raise ApiError(422, _("Validation failed: filter_action must be warn, hide or blur"))
        item.filter_action = action
    expires = _expires(p)
    if expires != "keep":
        item.expires_at = expires
    keywords = _keywords(p)
    with transaction.atomic():
        item.save()
        for attrs in keywords:
            _keyword_change(item, attrs)
    return item


def _keyword_change(item: Filter, attrs: dict[str, Any]) -> None:
    truthy = {"1", "true", "True", True, "on"}
    if attrs.get("id"):
        keyword = FilterKeyword.objects.filter(filter=item, pk=str(attrs["id"])).first()
        if keyword is None:
            raise ApiError(404, "Record not found")
        if attrs.get("_destroy") in truthy:
            keyword.delete()
            return
    else:
        keyword = FilterKeyword(filter=item)
    text = str(attrs.get("keyword", keyword.keyword or "")).strip()
    if not text or len(text) > 200:
        raise ApiError(422, _("Validation failed: keyword can't be blank"))
    keyword.keyword = text
    if "whole_word" in attrs:
        keyword.whole_word = attrs["whole_word"] in truthy
    keyword.save()


def _own(request: HttpRequest, filter_id: str) -> Filter:
    return get_own(Filter, current_user(request), filter_id)  # type: ignore[no-any-return]


@router.get("/v2/filters", auth=scoped("read:filters"))
def index(request: HttpRequest) -> list[dict[str, Any]]:
    items = Filter.objects.filter(user=current_user(request)).order_by("id")
    return [serialize_filter(i) for i in items.prefetch_related("keywords", "statuses")]


@router.post("/v2/filters", auth=scoped("write:filters"))
def create(request: HttpRequest) -> dict[str, Any]:
    with transaction.atomic():
        item = _apply(Filter(user=current_user(request)), Params(request), creating=True)
    return serialize_filter(item)


@router.get("/v2/filters/keywords/{keyword_id}", auth=scoped("read:filters"))
def get_keyword(request: HttpRequest, keyword_id: str) -> dict[str, Any]:
    keyword = get_own(FilterKeyword, current_user(request), keyword_id, "filter__user")
    return serialize_keyword(keyword)


@router.put("/v2/filters/keywords/{keyword_id}", auth=scoped("write:filters"))
def update_keyword(request: HttpRequest, keyword_id: str) -> dict[str, Any]:
    keyword = get_own(FilterKeyword, current_user(request), keyword_id, "filter__user")
    p = Params(request)
    attrs: dict[str, Any] = {"id": str(keyword.pk), "keyword": p.text("keyword", keyword.keyword)}
    if p.has("whole_word"):
        attrs["whole_word"] = p.flag("whole_word")
    _keyword_change(keyword.filter, attrs)
    keyword.refresh_from_db()
    return serialize_keyword(keyword)


@router.delete("/v2/filters/keywords/{keyword_id}", auth=scoped("write:filters"))
def delete_keyword(request: HttpRequest, keyword_id: str) -> dict[str, Any]:
    get_own(FilterKeyword, current_user(request), keyword_id, "filter__user").delete()
    return {}


@router.get("/v2/filters/statuses/{status_filter_id}", auth=scoped("read:filters"))
def get_status(request: HttpRequest, status_filter_id: str) -> dict[str, Any]:
    row = get_own(FilterStatus, current_user(request), status_filter_id, "filter__user")
    return {"id": str(row.pk), "status_id": str(row.post_id)}


@router.delete("/v2/filters/statuses/{status_filter_id}", auth=scoped("write:filters"))
def delete_status(request: HttpRequest, status_filter_id: str) -> dict[str, Any]:
    get_own(FilterStatus, current_user(request), status_filter_id, "filter__user").delete()
    return {}


@router.get("/v2/filters/{filter_id}", auth=scoped("read:filters"))
def get(request: HttpRequest, filter_id: str) -> dict[str, Any]:
    return serialize_filter(_own(request, filter_id))


@router.put("/v2/filters/{filter_id}", auth=scoped("write:filters"))
def update(request: HttpRequest, filter_id: str) -> dict[str, Any]:
    with transaction.atomic():
        item = _apply(_own(request, filter_id), Params(request), creating=False)
    return serialize_filter(item)


@router.delete("/v2/filters/{filter_id}", auth=scoped("write:filters"))
def delete(request: HttpRequest, filter_id: str) -> dict[str, Any]:
    _own(request, filter_id).delete()
    return {}


@router.get("/v2/filters/{filter_id}/keywords", auth=scoped("read:filters"))
def keywords(request: HttpRequest, filter_id: str) -> list[dict[str, Any]]:
    return [serialize_keyword(k) for k in _own(request, filter_id).keywords.order_by("id")]


@router.post("/v2/filters/{filter_id}/keywords", auth=scoped("write:filters"))
def add_keyword(request: HttpRequest, filter_id: str) -> dict[str, Any]:
    item = _own(request, filter_id)
    p = Params(request)
    keyword = FilterKeyword(filter=item, whole_word=p.flag("whole_word", True))
    keyword.keyword = p.text("keyword", required=True, max_length=200).strip()
    keyword.save()
    return serialize_keyword(keyword)


@router.get("/v2/filters/{filter_id}/statuses", auth=scoped("read:filters"))
def statuses(request: HttpRequest, filter_id: str) -> list[dict[str, Any]]:
    rows = _own(request, filter_id).statuses.order_by("id")
    return [{"id": str(r.pk), "status_id": str(r.post_id)} for r in rows]


@router.post("/v2/filters/{filter_id}/statuses", auth=scoped("write:filters"))
def add_status(request: HttpRequest, filter_id: str) -> dict[str, Any]:
    item = _own(request, filter_id)
    post = get_post(current_user(request), Params(request).text("status_id", required=True))
    row, _created = FilterStatus.objects.get_or_create(filter=item, post=post)
    return {"id": str(row.pk), "status_id": str(row.post_id)}


# v1: each v1 filter is one keyword of its own v2 filter ----------------------------------


def _v1_apply(p: Params, keyword: FilterKeyword | None, user: Any) -> FilterKeyword:
    with transaction.atomic():
        item = keyword.filter if keyword else Filter(user=user)
        phrase = p.text("phrase", keyword.keyword if keyword else "", required=keyword is None,
                        max_length=200).strip()  # fmt: skip
        item.title = phrase
        context = _context(p, required=keyword is None)
        if context is not None:
            item.context = context
        if p.has("irreversible"):
            item.filter_action = "hide" if p.flag("irreversible") else "warn"
        expires = _expires(p)
        if expires != "keep":
            item.expires_at = expires
        item.save()
        keyword = keyword or FilterKeyword(filter=item)
        keyword.keyword = phrase
        keyword.whole_word = p.flag("whole_word", keyword.whole_word)
        keyword.save()
    return keyword


@router.get("/v1/filters", auth=scoped("read:filters"))
def v1_index(request: HttpRequest) -> list[dict[str, Any]]:
    rows = FilterKeyword.objects.filter(filter__user=current_user(request)).select_related("filter")
    return [serialize_v1_filter(k) for k in rows.order_by("id")]


@router.post("/v1/filters", auth=scoped("write:filters"))
def v1_create(request: HttpRequest) -> dict[str, Any]:
    return serialize_v1_filter(_v1_apply(Params(request), None, current_user(request)))


@router.get("/v1/filters/{filter_id}", auth=scoped("read:filters"))
def v1_get(request: HttpRequest, filter_id: str) -> dict[str, Any]:
    return serialize_v1_filter(
        get_own(FilterKeyword, current_user(request), filter_id, "filter__user")
    )


@router.put("/v1/filters/{filter_id}", auth=scoped("write:filters"))
def v1_update(request: HttpRequest, filter_id: str) -> dict[str, Any]:
    user = current_user(request)
    keyword = get_own(FilterKeyword, user, filter_id, "filter__user")
    return serialize_v1_filter(_v1_apply(Params(request), keyword, user))


@router.delete("/v1/filters/{filter_id}", auth=scoped("write:filters"))
def v1_delete(request: HttpRequest, filter_id: str) -> dict[str, Any]:
    keyword = get_own(FilterKeyword, current_user(request), filter_id, "filter__user")
    with transaction.atomic():
        item = keyword.filter
        keyword.delete()
        if not item.keywords.exists() and not item.statuses.exists():
            item.delete()
    return {}
