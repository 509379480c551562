"""The hook through which every new or edited post is screened before anyone else sees it.

`settings.BALAI_POST_SCREEN` names a callable `(post, *, is_edit, has_media) -> str` returning the
state the post takes (PUBLISHED, HELD or REJECTED); `has_media` is False only when the post
certainly has no attachments, so the screen need not look for them. It runs inside the
transaction that writes the post, so no reader can ever see the post before its verdict (the row
is written as published and corrected in that transaction: decision record 0012). The moderation
app provides the real screen; `allow_all` is the null backend for an instance (or test) with no
screening configured.
"""

from __future__ import annotations

from typing import Protocol

from balai.core.backends import load_setting_object
from balai.posts.models import Post, PostState


class PostScreen(Protocol):
    def __call__(self, post: Post, *, is_edit: bool, has_media: bool) -> str: ...


def allow_all(post: Post, *, is_edit: bool, has_media: bool) -> str:
    return PostState.PUBLISHED


def screen_post(post: Post, *, is_edit: bool, has_media: bool = True) -> str:
    screen: PostScreen = load_setting_object("BALAI_POST_SCREEN")
    state = screen(post, is_edit=is_edit, has_media=has_media)
    if state not in PostState.values or state == PostState.PENDING:
        raise ValueError(f"post screen returned an invalid state: {state!r}")
    return state
