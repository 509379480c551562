"""Small helpers shared by the web views: htmx detection, cursors, safe redirects, page state."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from balai.accounts.access import Relations, Viewer, viewer_user
from balai.accounts.models import User
from balai.core.errors import BalaiError
from balai.posts.access import visible_posts_q
from balai.posts.models import Post
from balai.posts.selectors import Cursor, viewer_state
from balai.web.cards import PageData, post_cards, shown_post
from balai.web.media import attachments_by_post, avatars_by_user


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def request_user(request: HttpRequest) -> User:
    """The signed-in user (views that call this are wrapped in login_required)."""
    user = request.user
    assert isinstance(user, User)
    return user


def parse_id(value: str | None, *, field: str = "max_id") -> int | None:
    """A snowflake id from a query parameter; a clear 4xx for anything that is not one."""
    if value in (None, ""):
        return None
    assert value is not None
    if not value.isdigit() or len(value) > 19:
        raise BalaiError(_("This link is not valid."), field=field)
    return int(value)


def cursor_from(request: HttpRequest, page_size: int) -> Cursor:
    return Cursor(max_id=parse_id(request.GET.get("max_id")), limit=page_size).clamp()


def safe_next(request: HttpRequest, default: str, *, referer: bool = True) -> str:
    """Where to go back to after a form: `next` or the referring page, if it is on this site."""
    for candidate in (
        request.POST.get("next"),
        request.GET.get("next"),
        request.headers.get("Referer") if referer else None,
    ):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return default


def redirect_back(request: HttpRequest, default: str) -> HttpResponse:
    return HttpResponseRedirect(safe_next(request, default))


def post_page(
    viewer: Viewer, posts: list[Post], page_size: int, relations: Relations | None = None
) -> dict[str, Any]:
    """Everything a list of posts needs to render without further queries per post (pass the
    viewer's `relations` when the request already read them).

    `cards` (see `balai.web.cards`) is what the templates print for each row: the post it shows
    (the original, for a repost), what the viewer did to it and may do, and whether its quoted
    post is visible to them.
    """
    shown = [shown_post(post) for post in posts]
    quoted = {post.quote_of_id for post in shown if post.quote_of_id}
    visible_quotes: set[int] = set()
    if quoted:
        visible_quotes = set(
            Post.objects.filter(visible_posts_q(viewer, relations), pk__in=quoted).values_list(
                "id", flat=True
            )
        )
    page = PageData(
        user=viewer_user(viewer),
        state=viewer_state(viewer, posts),
        visible_quotes=visible_quotes,
        attachments=attachments_by_post(post.pk for post in shown),
        avatars=avatars_by_user(post.author for post in shown),
    )
    return {
        "posts": posts,
        "cards": post_cards(posts, page),
        "next_max_id": posts[-1].pk if len(posts) >= page_size else None,
    }
