"""The one place that decides who may see a post. Every read of posts filters through here.

Rules, for a post that is not deleted:
- its author always sees it (held and rejected ones too, marked as such);
- moderators see every post that screening let through or held, except other people's direct
  conversations;
- anyone else sees it only when it is PUBLISHED, its author is active and not suspended, no block
  stands between them, and its visibility allows: public and unlisted for everyone (anonymous
  included), followers-only for accepted followers and mentioned people, direct for mentioned
  people only;
- a repost is visible only when the reposted post is visible too.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from balai.accounts.access import (
    Relations,
    Viewer,
    author_shown_q,
    relations_of,
    viewer_user,
)
from balai.accounts.models import User, Visibility
from balai.posts.models import Mention, Post, PostState

OPEN_VISIBILITIES = (Visibility.PUBLIC, Visibility.UNLISTED)


def _any_of(*clauses: Q | None) -> Q:
    present = [clause for clause in clauses if clause is not None]
    combined = present[0]
    for clause in present[1:]:
        combined |= clause
    return combined


def _own_visibility_q(
    user: User | None, relations: Relations, prefix: str = "", now: datetime | None = None
) -> Q:
    """Visibility of a post row itself (not of what it reposts), for `user`.

    The viewer's follows and blocks arrive as literal id lists (`relations`): the database then
    plans with real numbers instead of subqueries, and the ORM compiles a much smaller query.
    """
    p = prefix
    alive = Q(**{f"{p}deleted_at__isnull": True})
    published_by_active = Q(**{f"{p}state": PostState.PUBLISHED}) & author_shown_q(
        relations, p, now
    )
    if user is None:
        return alive & published_by_active & Q(**{f"{p}visibility__in": OPEN_VISIBILITIES})
    mentioned = Q(**{f"{p}id__in": Mention.objects.filter(user_id=user.pk).values("post_id")})
    if user.is_moderator:
        # Moderators see what they must judge, but not other people's direct conversations
        # (reported ones reach them through the moderation console's report context).
        private_talk = Q(**{f"{p}visibility": Visibility.DIRECT}) & ~mentioned
        judged = Q(**{f"{p}state__in": [PostState.PUBLISHED, PostState.HELD]}) & ~private_talk
        return alive & (Q(**{f"{p}author_id": user.pk}) | judged)
    followers_only = (
        Q(**{f"{p}visibility": Visibility.PRIVATE, f"{p}author_id__in": relations.following})
        if relations.following
        else None
    )
    audience = _any_of(Q(**{f"{p}visibility__in": OPEN_VISIBILITIES}), followers_only, mentioned)
    others = published_by_active & audience
    if relations.blocked:
        others &= ~Q(**{f"{p}author_id__in": relations.blocked})
    return alive & (Q(**{f"{p}author_id": user.pk}) | others)


def visible_posts_q(
    viewer: Viewer, relations: Relations | None = None, now: datetime | None = None
) -> Q:
    """A filter selecting exactly the posts `viewer` may see.

    A repost's original is checked on the joined row (`reblog_of__…`), never as
    `reblog_of_id IN (every visible post)`, which the database would build in full per query.
    Pass `relations` when the caller already fetched them for this request, and `now` when the
    query is compiled once and bound later (`balai.core.compiled`).
    """
    user = viewer_user(viewer)
    if relations is None:
        relations = relations_of(user)
    return _own_visibility_q(user, relations, now=now) & (
        Q(reblog_of__isnull=True) | _own_visibility_q(user, relations, "reblog_of__", now)
    )


def visible_posts(viewer: Viewer) -> QuerySet[Post]:
    return Post.objects.filter(visible_posts_q(viewer))


def can_view_post(viewer: Viewer, post: Post) -> bool:
    return visible_posts(viewer).filter(pk=post.pk).exists()


def get_visible_post(viewer: Viewer, post_id: int | str) -> Post | None:
    """The post if `viewer` may see it; None when it does not exist or is not theirs to see."""
    try:
        pk = int(post_id)
    except (TypeError, ValueError):
        return None
    return (
        visible_posts(viewer)
        .select_related("author", "reblog_of", "reblog_of__author", "quote_of__author")
        .filter(pk=pk)
        .first()
    )


def can_reblog(user: User, post: Post) -> bool:
    """Open posts can be reposted by anyone who sees them; followers-only ones by their author."""
    if post.reblog_of_id is not None or post.state != PostState.PUBLISHED:
        return False
    if post.visibility in OPEN_VISIBILITIES:
        return True
    return post.visibility == Visibility.PRIVATE and post.author_id == user.pk


def can_quote(user: User, post: Post) -> bool:
    return (
        post.reblog_of_id is None
        and post.visibility in OPEN_VISIBILITIES
        and (post.state == PostState.PUBLISHED)
    )


def in_public_timelines_q() -> Q:
    """Public timelines carry public, published, original posts of unlimited accounts."""
    return Q(
        visibility=Visibility.PUBLIC,
        state=PostState.PUBLISHED,
        reblog_of__isnull=True,
        author__limited=False,
    )
