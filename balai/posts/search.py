"""Search reads: accounts, hashtags, and the full text of posts the viewer may see (through
posts.access, like every other read of posts)."""

from __future__ import annotations

from django.db.models import Q

from balai.accounts.access import Viewer, active_users, followee_ids, viewer_user
from balai.accounts.models import User
from balai.core.search import matching_posts_q
from balai.posts.access import visible_posts_q
from balai.posts.models import Hashtag, Post
from balai.posts.selectors import MAX_PAGE_SIZE, Cursor, paginate


def search_accounts(viewer: Viewer, query: str, limit: int = 20) -> list[User]:
    query = query.strip().lstrip("@").split("@")[0]
    if not query:
        return []
    accounts = active_users().filter(
        Q(username__istartswith=query) | Q(display_name__icontains=query), is_system=False
    )
    return list(accounts.order_by("username")[: max(1, min(limit, MAX_PAGE_SIZE))])


def search_hashtags(query: str, limit: int = 20) -> list[Hashtag]:
    query = query.strip().lstrip("#").casefold()
    if not query:
        return []
    return list(Hashtag.objects.filter(name__startswith=query).order_by("name")[: min(limit, 40)])


def search_posts(viewer: Viewer, query: str, cursor: Cursor) -> list[Post]:
    """Posts matching every word of `query` that the viewer may see (limited accounts excluded)."""
    scope = matching_posts_q(query) & Q(reblog_of__isnull=True)
    user = viewer_user(viewer)
    unlimited = Q(author__limited=False)
    if user is not None:
        unlimited |= Q(author_id__in=followee_ids(user)) | Q(author_id=user.pk)
    return paginate(Post.objects.filter(visible_posts_q(viewer) & scope & unlimited), cursor)
