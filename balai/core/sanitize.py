"""HTML sanitising: everything that reaches a page or the API goes through here."""

from __future__ import annotations

from functools import lru_cache

import nh3

POST_TAGS = {
    "p",
    "br",
    "a",
    "span",
    "del",
    "pre",
    "code",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "blockquote",
}
POST_ATTRIBUTES = {"a": {"href", "title", "translate"}, "span": {"translate"}}
URL_SCHEMES = {"http", "https", "mailto"}
ALLOWED_CLASSES = {
    "a": {"mention", "hashtag", "u-url", "h-card", "status-link"},
    "span": {"invisible", "ellipsis", "h-card"},
}


@lru_cache(maxsize=8192)
def sanitize_post_html(html: str) -> str:
    """Keep only the markup a post may carry; links get rel=nofollow noopener.

    Remembered per process: the same posts are rendered over and over on timelines, and the
    result depends on nothing but the input."""
    return nh3.clean(
        html,
        tags=POST_TAGS,
        attributes=POST_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        allowed_classes=ALLOWED_CLASSES,
    )
