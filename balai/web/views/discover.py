"""Notifications and search."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from balai.moderation.selectors import notices_by_notification
from balai.posts import selectors
from balai.posts.models import Notification, NotificationType
from balai.posts.search import search_accounts, search_hashtags, search_posts
from balai.web.utils import cursor_from, is_htmx, post_page, request_user
from balai.web.views.timelines import page_size

MAX_QUERY_CHARS = 200


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    size = page_size()
    items = selectors.notifications_for(user, cursor_from(request, size))
    _attach_notices(items)
    if not request.GET.get("max_id"):
        Notification.objects.filter(recipient=user, read=False).update(read=True)
    context = {
        "items": items,
        "next_max_id": items[-1].pk if len(items) >= size else None,
        "title": _("Notifications"),
    }
    if is_htmx(request) and request.GET.get("max_id"):
        return TemplateResponse(request, "web/partials/notification_list.html", context)
    return TemplateResponse(request, "web/notifications.html", context)


def _attach_notices(items: list[Notification]) -> None:
    """The text, rule, reason and appeal link of each moderation notice (one query)."""
    ids = [n.pk for n in items if n.type == NotificationType.MODERATION]
    notices = notices_by_notification(ids) if ids else {}
    for item in items:
        item.__dict__["notice_info"] = notices.get(item.pk)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_CHARS]
    size = page_size()
    context: dict[str, object] = {"query": query, "title": _("Search")}
    if query:
        posts = search_posts(request.user, query, cursor_from(request, size))
        context.update(post_page(request.user, posts, size))
        if is_htmx(request) and request.GET.get("max_id"):
            return TemplateResponse(request, "web/partials/post_list.html", context)
        context["accounts"] = search_accounts(request.user, query, limit=10)
        context["hashtags"] = search_hashtags(query, limit=10)
    return TemplateResponse(request, "web/search.html", context)
