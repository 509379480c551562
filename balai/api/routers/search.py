"""Search v2 (accounts, hashtags, statuses) and the v1 alias."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from balai.api.auth import scoped, viewer
from balai.api.errors import ApiError
from balai.api.params import Params
from balai.api.schemas.account import serialize_accounts
from balai.api.schemas.status import serialize_statuses
from balai.api.schemas.tag import serialize_tag
from balai.posts.search import search_accounts, search_hashtags, search_posts
from balai.posts.selectors import Cursor

router = Router(tags=["search"])
TYPES = {"accounts", "hashtags", "statuses"}


def _search(request: HttpRequest) -> dict[str, Any]:
    p = Params(request)
    query = p.text("q", required=True, max_length=500)
    kind = p.text("type", max_length=20)
    if kind and kind not in TYPES:
        raise ApiError(422, _("Validation failed: type must be accounts, hashtags or statuses"))
    limit = min(p.number("limit", 20) or 20, 40)
    offset = p.number("offset", 0, maximum=10000) or 0
    who = viewer(request)
    result: dict[str, Any] = {"accounts": [], "statuses": [], "hashtags": []}
    if kind in ("", "accounts"):
        accounts = search_accounts(who, query, limit + offset)[offset:]
        result["accounts"] = serialize_accounts(accounts)
    if kind in ("", "hashtags"):
        tags = search_hashtags(query, limit + offset)[offset:]
        result["hashtags"] = [serialize_tag(t, who) for t in tags]
    if kind in ("", "statuses") and who is not None:  # status search needs a signed-in user
        cursor = Cursor(max_id=p.number("max_id"), min_id=p.number("min_id"), limit=limit)
        result["statuses"] = serialize_statuses(who, search_posts(who, query, cursor))
    return result


@router.get("/v2/search", auth=scoped("read:search", optional=True))
def search_v2(request: HttpRequest) -> dict[str, Any]:
    return _search(request)


@router.get("/v1/search", auth=scoped("read:search", optional=True))
def search_v1(request: HttpRequest) -> dict[str, Any]:
    result = _search(request)
    result["hashtags"] = [t["name"] for t in result["hashtags"]]
    return result
