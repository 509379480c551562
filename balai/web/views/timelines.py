"""Timelines: home, local, hashtag and bookmarks, newest first, paginated by id."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from balai.moderation.views_counter import note_views
from balai.posts import selectors
from balai.posts.access import visible_posts
from balai.posts.models import Bookmark
from balai.posts.selectors import Cursor
from balai.web.forms import ComposeForm
from balai.web.fragments import BlankForm
from balai.web.utils import cursor_from, is_htmx, post_page, request_user

HASHTAG_NAME = re.compile(r"\w{1,100}")


def page_size() -> int:
    return int(settings.BALAI_TIMELINE_PAGE_SIZE)


def render_timeline(
    request: HttpRequest, posts: list[Any], extra: dict[str, Any], size: int
) -> HttpResponse:
    """The full page, or only the next page of posts when htmx asks for more."""
    context = {**post_page(request.user, posts, size), **extra}
    note_views(request.user, posts)
    if is_htmx(request) and request.GET.get("max_id"):
        return TemplateResponse(request, "web/partials/post_list.html", context)
    return TemplateResponse(request, "web/timeline.html", context)


def compose_form(request: HttpRequest) -> BlankForm:
    user = request_user(request)
    return BlankForm(ComposeForm, {"visibility": user.default_visibility})


def index(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return home(request)
    return local(request)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    size = page_size()
    posts = selectors.home_timeline(request_user(request), cursor_from(request, size))
    extra = {
        "title": _("Home"),
        "timeline": "home",
        "compose_form": compose_form(request),
        "empty_message": _("Nothing here yet. Follow people to see their posts."),
    }
    return render_timeline(request, posts, extra, size)


def local(request: HttpRequest) -> HttpResponse:
    size = page_size()
    posts = selectors.local_timeline(request.user, cursor_from(request, size))
    extra = {
        "title": _("Local timeline"),
        "timeline": "local",
        "compose_form": compose_form(request) if request.user.is_authenticated else None,
        "empty_message": _("No public posts yet."),
    }
    return render_timeline(request, posts, extra, size)


def tag(request: HttpRequest, name: str) -> HttpResponse:
    if not HASHTAG_NAME.fullmatch(name):
        raise Http404(_("Not found"))
    size = page_size()
    posts = selectors.hashtag_timeline(request.user, name, cursor_from(request, size))
    extra = {
        "title": f"#{name}",
        "timeline": "tag",
        "empty_message": _("No public posts with this hashtag yet."),
    }
    return render_timeline(request, posts, extra, size)


@login_required
def bookmarks(request: HttpRequest) -> HttpResponse:
    size = page_size()
    user = request_user(request)
    cursor: Cursor = cursor_from(request, size)
    marked = Bookmark.objects.filter(user=user).values("post_id")
    queryset = visible_posts(user).filter(pk__in=marked)
    posts = selectors.paginate(queryset, cursor)
    extra = {
        "title": _("Bookmarks"),
        "timeline": "bookmarks",
        "empty_message": _("You have not bookmarked any posts."),
    }
    return render_timeline(request, posts, extra, size)
