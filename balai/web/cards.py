"""What each post on a page shows, worked out once in Python so that templates only print it.

A page of posts is the hottest thing the web UI renders. Django templates are slow at resolving
dotted lookups on model instances (each tries a dictionary lookup first and falls back to
attributes), at localising numbers and at formatting dates; doing that work here, into one plain
dictionary per post (a "card"), makes the per-post template a list of simple lookups.

A card has two parts. Its `body` is everything the post itself shows, the same for every viewer
who may see it in one language and time zone. Its other keys are the action bar: the counts, and
what this viewer did and may do as plain flags (never who the viewer is). A card holds every value
its template prints, which is what lets `balai.web.fragments` key rendered posts by their card.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Any

from django.template.defaultfilters import date as date_filter
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.timezone import get_current_timezone
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import User, Visibility
from balai.posts.access import can_quote, can_reblog
from balai.posts.models import Post, PostState
from balai.posts.selectors import ViewerState
from balai.web.media import Shown

Card = dict[str, Any]

VISIBILITY_LABELS = dict(Visibility.choices)
STATE_LABELS = dict(PostState.choices)

# The words of the action bar (web/partials/actions.html reads them as `t`): translated once per
# language instead of once per button of every post, which was a quarter of rendering a post.
ACTION_LABELS = {
    "replies": _("Replies"),
    "like": _("Like"),
    "unlike": _("Unlike"),
    "repost": _("Repost"),
    "unrepost": _("Undo repost"),
    "quote": _("Quote"),
    "bookmark": _("Bookmark"),
    "unbookmark": _("Remove bookmark"),
    "reply": _("Reply"),
    "report": _("Report"),
    "edit": _("Edit"),
    "delete": _("Delete"),
    "delete_confirm": _("Delete this post?"),
}


def action_labels() -> dict[str, str]:
    """`ACTION_LABELS` in the active language, escaped as the template would escape them."""
    return _action_labels(translation.get_language())


@lru_cache(maxsize=16)
def _action_labels(language: str | None) -> dict[str, str]:
    return {name: conditional_escape(label) for name, label in ACTION_LABELS.items()}


@dataclass(frozen=True)
class PageData:
    """What `balai.web.utils.post_page` loaded for a whole page, in one query each."""

    user: User | None
    state: ViewerState
    visible_quotes: set[int]
    attachments: dict[int, list[Shown]]
    avatars: dict[int, str]


def shown_post(post: Post) -> Post:
    """The post a row shows: the original, for a repost."""
    return post.reblog_of if post.reblog_of_id and post.reblog_of else post


def post_cards(posts: list[Post], page: PageData) -> list[Card]:
    return [_card(post, page) for post in posts]


def _card(post: Post, page: PageData) -> Card:
    shown = shown_post(post)
    pk = shown.pk
    user, state = page.user, page.state
    return {
        "id": str(post.pk),
        "pk": str(pk),
        "body": body(post, shown, page),
        "username": shown.author.username,
        "signed_in": user is not None,
        "own": user is not None and shown.author_id == user.pk,
        "replies": str(shown.replies_count),
        "likes": str(shown.likes_count),
        "reblogs": str(shown.reblogs_count),
        "quotes": str(shown.quotes_count),
        "liked": pk in state.liked,
        "bookmarked": pk in state.bookmarked,
        "reblogged": pk in state.reblogged,
        "can_repost": user is not None and can_reblog(user, shown),
        "can_quote": user is not None and can_quote(user, shown),
    }


def body(post: Post, shown: Post, page: PageData) -> Card:
    """What the post shows apart from its action bar: nothing here depends on the viewer, except
    whether the quoted post is visible to them, which is part of the body (and of its key)."""
    author = shown.author
    iso, when = _dates(shown.created_at, get_current_timezone(), translation.get_language())
    replying = None
    if not post.reblog_of_id and shown.in_reply_to_account_id:
        replying = getattr(shown.in_reply_to_account, "username", "")
    return {
        "id": str(post.pk),
        "pk": str(shown.pk),
        "reposter": post.author.name if post.reblog_of_id else None,
        "lang": shown.language or "",
        "username": author.username,
        "name": author.name,
        "avatar": page.avatars.get(shown.author_id, ""),
        "iso": iso,
        "when": when,
        "state": shown.state,
        "state_display": (
            str(STATE_LABELS.get(shown.state, shown.state))
            if shown.state != PostState.PUBLISHED
            else ""
        ),
        "replying_to": replying,
        "spoiler": shown.spoiler_text,
        "content": shown.content_html,  # sanitised when written; printed with |safe
        "attachments": page.attachments.get(shown.pk, []),
        "sensitive": shown.sensitive,
        "quote": _quote(shown, shown.quote_of_id in page.visible_quotes),
        "visibility": str(VISIBILITY_LABELS.get(shown.visibility, shown.visibility)),
        "edited": shown.edited_at is not None,
    }


@lru_cache(maxsize=4096)
def _dates(created: datetime, zone: tzinfo, language: str | None) -> tuple[str, str]:
    """What the template's `|date:'c'` and `|date:"j M Y, H:i"` print for `created` in `zone`
    (month names in the active `language`, which is part of the key)."""
    local = created.astimezone(zone)
    return date_filter(local, "c"), date_filter(local, "j M Y, H:i")


def _quote(shown: Post, visible: bool) -> Card | None:
    """The quoted post as the card shows it; an empty dict when it is not visible."""
    if not shown.quote_of_id:
        return None
    quoted = shown.quote_of
    if not visible or quoted is None:
        return {}
    return {
        "pk": str(quoted.pk),
        "username": quoted.author.username,
        "name": quoted.author.name,
        "spoiler": quoted.spoiler_text,
        "content": quoted.content_html,  # sanitised when written; printed with |safe
    }
