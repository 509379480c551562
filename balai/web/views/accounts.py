"""Profiles and the social graph: follow, unfollow, block, mute, follow requests, approvals."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import services
from balai.accounts.access import active_users, can_view_account, relations_of, viewer_user
from balai.accounts.models import Follow, FollowRequest, User, Visibility
from balai.accounts.relationships import relationship
from balai.core.errors import Forbidden
from balai.core.text import USERNAME_PATTERN
from balai.media.selectors import avatar_url, header_url
from balai.moderation.views_counter import note_views
from balai.posts import selectors
from balai.posts.access import visible_posts_q
from balai.posts.models import Post
from balai.web.utils import cursor_from, is_htmx, post_page, redirect_back, request_user
from balai.web.views.timelines import page_size

USERNAME = re.compile(USERNAME_PATTERN)


def _account_or_404(request: HttpRequest, username: str) -> User:
    if not USERNAME.fullmatch(username):
        raise Http404(_("Account not found."))
    account = User.objects.filter(username__iexact=username).first()
    if account is None or account.is_system or not can_view_account(request.user, account):
        raise Http404(_("Account not found."))
    return account


def profile(request: HttpRequest, username: str) -> HttpResponse:
    account = _account_or_404(request, username)
    size = page_size()
    viewer = viewer_user(request.user)
    rel = relationship(viewer, account)
    relations = relations_of(viewer)
    posts = []
    if not rel.blocked_by and not rel.blocking:
        cursor = cursor_from(request, size)
        posts = selectors.profile_timeline(request.user, account, cursor, relations=relations)
    context: dict[str, Any] = {
        **post_page(request.user, posts, size, relations),
        "account": account,
        "rel": rel,
        "title": account.name,
        "counts": {
            # Only what this viewer may see: no count of someone's direct or held posts.
            "posts": Post.objects.filter(visible_posts_q(request.user, relations))
            .filter(author=account, reblog_of__isnull=True)
            .exclude(visibility=Visibility.DIRECT)
            .count(),
            "followers": account.followers_count,
            "following": account.following_count,
        },
        "empty_message": _("No posts yet."),
    }
    context["avatar"], context["header"] = avatar_url(account), header_url(account)
    note_views(request.user, posts)
    if is_htmx(request) and request.GET.get("max_id"):
        return TemplateResponse(request, "web/partials/post_list.html", context)
    return TemplateResponse(request, "web/profile.html", context)


def _follow(viewer: User, account: User) -> str | None:
    state = services.follow_create(follower=viewer, target=account)
    return _("Follow request sent.") if state == "requested" else None


GRAPH_ACTIONS: dict[str, Callable[[User, User], str | None]] = {
    "follow": _follow,
    "unfollow": lambda v, a: services.follow_delete(follower=v, target=a),
    "block": lambda v, a: services.block_create(blocker=v, target=a),
    "unblock": lambda v, a: services.block_delete(blocker=v, target=a),
    "mute": lambda v, a: services.mute_create(muter=v, target=a),
    "unmute": lambda v, a: services.mute_delete(muter=v, target=a),
    "remove_follower": lambda v, a: services.follower_remove(user=v, follower=a),
}


@login_required
@require_POST
def account_action(request: HttpRequest, username: str, action: str) -> HttpResponse:
    handler = GRAPH_ACTIONS.get(action)
    if handler is None:
        raise Http404(_("Unknown action."))
    viewer = request_user(request)
    account = _account_or_404(request, username)
    note = handler(viewer, account)
    if is_htmx(request):  # the buttons themselves show the new state
        context = {"account": account, "rel": relationship(viewer, account)}
        return TemplateResponse(request, "web/partials/relationship.html", context)
    if note:
        messages.info(request, note)
    return redirect_back(request, reverse("web:profile", args=[account.username]))


def graph_list(request: HttpRequest, username: str, direction: str) -> HttpResponse:
    """Who follows an account, or whom it follows (newest first, at most one page)."""
    account = _account_or_404(request, username)
    if direction == "followers":
        ids = Follow.objects.filter(followee=account).values_list("follower_id", flat=True)
        title = _("Followers of %(name)s") % {"name": account.name}
    else:
        ids = Follow.objects.filter(follower=account).values_list("followee_id", flat=True)
        title = _("Followed by %(name)s") % {"name": account.name}
    recent = list(ids.order_by("-id")[:200])
    people = list(active_users().filter(pk__in=recent).order_by("username"))
    context = {"account": account, "people": people, "title": title}
    return TemplateResponse(request, "web/people.html", context)


@login_required
def follow_requests(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if request.method == "POST":
        requester = _account_or_404(request, request.POST.get("username", ""))
        if request.POST.get("decision") == "accept":
            services.follow_request_authorize(target=user, requester=requester)
            messages.success(request, _("%(name)s now follows you.") % {"name": requester.name})
        else:
            services.follow_request_reject(target=user, requester=requester)
            messages.info(request, _("Follow request rejected."))
        return redirect("web:follow_requests")
    requests = FollowRequest.objects.filter(target=user).select_related("requester")
    context = {"requests": list(requests.order_by("-id")[:200]), "title": _("Follow requests")}
    return TemplateResponse(request, "web/follow_requests.html", context)


@login_required
def pending_accounts(request: HttpRequest) -> HttpResponse:
    """Moderators approve sign-ups when the server requires approval."""
    moderator = request_user(request)
    if not moderator.is_moderator:
        raise Forbidden(_("Only moderators can do this."))
    if request.method == "POST":
        account = User.objects.filter(pk=_int(request.POST.get("user_id")), approved=False).first()
        if account is None:
            raise Http404(_("Account not found."))
        services.user_approve(user=account)
        messages.success(request, _("%(name)s is approved.") % {"name": account.username})
        return redirect("web:pending_accounts")
    pending = User.objects.filter(approved=False, is_active=True).order_by("id")[:200]
    context = {"pending": list(pending), "title": _("Accounts waiting for approval")}
    return TemplateResponse(request, "web/pending_accounts.html", context)


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 20 else 0
