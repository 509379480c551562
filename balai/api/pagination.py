"""Cursor pagination from max_id/since_id/min_id/limit, answered with a Link header."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, JsonResponse

from balai.api.params import Params
from balai.api.schemas.common import absolute
from balai.posts.selectors import Cursor

MAX_ID = 2**63 - 1


def cursor_from(request: HttpRequest, default_limit: int = 20, max_limit: int = 40) -> Cursor:
    p = Params(request)
    limit = p.number("limit", default_limit, minimum=0) or default_limit
    return Cursor(
        max_id=p.number("max_id", maximum=MAX_ID),
        since_id=p.number("since_id", maximum=MAX_ID),
        min_id=p.number("min_id", maximum=MAX_ID),
        limit=min(limit, max_limit),
    )


def link_header(request: HttpRequest, first_id: int, last_id: int) -> str:
    kept = [(k, v) for k, v in request.GET.lists() if k not in ("max_id", "min_id", "since_id")]
    base = [(k, item) for k, values in kept for item in values]
    path = absolute(request.path)
    next_url = f"{path}?{urlencode([*base, ('max_id', last_id)])}"
    prev_url = f"{path}?{urlencode([*base, ('min_id', first_id)])}"
    return f'<{next_url}>; rel="next", <{prev_url}>; rel="prev"'


def paged(request: HttpRequest, payload: list[Any], ids: list[int]) -> JsonResponse:
    """A JSON list with Link next/prev built from the ids (pagination keys) of the page."""
    response = JsonResponse(payload, safe=False)
    if ids:
        response["Link"] = link_header(request, ids[0], ids[-1])
    return response


def page_rows(queryset: Any, cursor: Cursor) -> list[Any]:
    """Rows of any snowflake-keyed queryset, newest first, honouring the cursor."""
    cursor.clamp()
    if cursor.max_id is not None:
        queryset = queryset.filter(id__lt=cursor.max_id)
    if cursor.since_id is not None:
        queryset = queryset.filter(id__gt=cursor.since_id)
    if cursor.min_id is not None:
        return list(queryset.filter(id__gt=cursor.min_id).order_by("id")[: cursor.limit])[::-1]
    return list(queryset.order_by("-id")[: cursor.limit])
