"""Finding the records a request names, through the access chokepoints, or a 404."""

from __future__ import annotations

from typing import Any

from balai.accounts.access import Viewer, can_view_account, viewer_user
from balai.accounts.models import User
from balai.api.errors import not_found
from balai.posts.access import get_visible_post
from balai.posts.models import Post

MAX_ID = 2**63 - 1


def parse_id(value: Any) -> int:
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_ID:
        raise not_found()
    return int(text)


def valid_ids(values: list[str]) -> list[int]:
    """The well-formed ids among `values` (unknown or malformed ones are simply left out)."""
    return [
        int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 20 and int(v) <= MAX_ID
    ]


def get_account(viewer: Viewer, account_id: Any) -> User:
    account = User.objects.filter(pk=parse_id(account_id), is_system=False).first()
    if account is None or not can_view_account(viewer, account):
        raise not_found()
    return account


def get_post(viewer: Viewer, post_id: Any) -> Post:
    post = get_visible_post(viewer, parse_id(post_id))
    if post is None:
        raise not_found()
    return post


def get_own(model: Any, user: Viewer, object_id: Any, field: str = "user") -> Any:
    """A row of `model` owned by the viewer (via `field`), or 404."""
    owner = viewer_user(user)
    found = model.objects.filter(pk=parse_id(object_id), **{field: owner}).first()
    if found is None:
        raise not_found()
    return found
