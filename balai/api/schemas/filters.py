"""Filter (v2), FilterKeyword, FilterStatus and the v1 V1Filter entities."""

from __future__ import annotations

import re
from typing import Any

from balai.api.models import Filter, FilterKeyword
from balai.api.schemas.common import iso


def keyword_matches(keyword: FilterKeyword, text: str) -> bool:
    word = re.escape(keyword.keyword)
    pattern = rf"(?<!\w){word}(?!\w)" if keyword.whole_word else word
    return re.search(pattern, text, re.IGNORECASE) is not None


def serialize_keyword(keyword: FilterKeyword) -> dict[str, Any]:
    return {"id": str(keyword.pk), "keyword": keyword.keyword, "whole_word": keyword.whole_word}


def serialize_filter(item: Filter) -> dict[str, Any]:
    return {
        "id": str(item.pk),
        "title": item.title,
        "context": list(item.context),
        "expires_at": iso(item.expires_at),
        "filter_action": item.filter_action,
        "keywords": [serialize_keyword(k) for k in item.keywords.all()],
        "statuses": [{"id": str(s.pk), "status_id": str(s.post_id)} for s in item.statuses.all()],
    }


def serialize_v1_filter(keyword: FilterKeyword) -> dict[str, Any]:
    item = keyword.filter
    return {
        "id": str(keyword.pk),
        "phrase": keyword.keyword,
        "context": list(item.context),
        "whole_word": keyword.whole_word,
        "expires_at": iso(item.expires_at),
        "irreversible": item.filter_action == "hide",
    }
