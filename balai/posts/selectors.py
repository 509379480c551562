"""Reads for posts: timelines, threads, notifications (search: posts.search). All go through
posts.access."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from balai.accounts.access import (
    Relations,
    Viewer,
    active_users,
    relations_of,
    viewer_user,
)
from balai.accounts.models import User, Visibility
from balai.core import compiled, sql
from balai.core.text import normalize_hashtag
from balai.posts.access import in_public_timelines_q, visible_posts, visible_posts_q
from balai.posts.models import (
    Bookmark,
    Like,
    Notification,
    Post,
    PostHashtag,
    PostVersion,
)

MAX_PAGE_SIZE = 40
MAX_THREAD_DEPTH = 60


@dataclass
class Cursor:
    max_id: int | None = None
    since_id: int | None = None
    min_id: int | None = None
    limit: int = 20

    def clamp(self) -> Cursor:
        self.limit = max(1, min(self.limit, MAX_PAGE_SIZE))
        return self


@dataclass
class ViewerState:
    """What the viewer did to the posts on a page, fetched in one query per kind."""

    liked: set[int] = field(default_factory=set)
    bookmarked: set[int] = field(default_factory=set)
    reblogged: set[int] = field(default_factory=set)
    other: dict[str, set[int]] = field(default_factory=dict)  # rows of a caller's extra arms


POST_RELATED = (
    "author",
    "reblog_of",
    "reblog_of__author",
    "reblog_of__quote_of",
    "reblog_of__quote_of__author",
    "quote_of",
    "quote_of__author",
    "in_reply_to_account",
)


def paginate(queryset: QuerySet[Post], cursor: Cursor) -> list[Post]:
    """One page of `queryset` by id cursor, newest first.

    Two steps: the filtered query returns only ids (cheap to plan, often index-only), then the
    page's rows and their relations are loaded by primary key (`load_posts`).
    """
    cursor.clamp()
    page = _page_ids(queryset.filter(_bounds_q(cursor)), cursor)
    return load_posts(sorted(page, reverse=True))


def _page_ids(bounded: QuerySet[Post], cursor: Cursor, key: str = "id") -> QuerySet[Post, int]:
    """The ids of a page of `bounded` (already filtered by `_bounds_q(cursor, key)`), ordered
    by `key`: the post's id, or a column equal to it in a joined table whose index then serves
    both the bounds and the order."""
    ids_query = bounded.values_list("id", flat=True)
    if cursor.min_id is not None:
        return ids_query.order_by(key)[: cursor.limit]
    return ids_query.order_by(f"-{key}")[: cursor.limit]


def _bounds_q(cursor: Cursor, key: str = "id") -> Q:
    bounds = Q()
    for lookup, value in [("lt", cursor.max_id), ("gt", cursor.since_id), ("gt", cursor.min_id)]:
        if value is not None:
            bounds &= Q(**{f"{key}__{lookup}": value})
    return bounds


Scope = Callable[[User | None, Relations], Q]


def _compiled_timeline(
    kind: str,
    user: User | None,
    relations: Relations,
    cursor: Cursor,
    scope: Scope,
    key: str = "id",
) -> list[int]:
    """The ids of a page of `scope` as `user` may see it, newest first, from SQL compiled once
    per shape and process.

    The same query `paginate` would run, without building and compiling the visibility filter
    on every request (~3 ms of CPU): see `balai.core.compiled`."""
    cursor.clamp()
    lists = {"following": relations.following, "blocked": relations.blocked}
    lists["muted"] = relations.muted
    bounds = {"max_id": cursor.max_id, "since_id": cursor.since_id, "min_id": cursor.min_id}
    role = None if user is None else ("moderator" if user.is_moderator else "member")
    hidden = relations.hidden_authors  # None: checked on the author rows, not inlined
    shape = (kind, role, cursor.limit, *(bool(v) for v in lists.values()))
    shape += (None if hidden is None else bool(hidden),)
    shape += tuple(value is not None for value in bounds.values())

    def build(m: compiled.Markers) -> QuerySet[Post, int]:
        marked_user = None if user is None else User(pk=m.number("viewer"), role=user.role)
        marked = Relations(
            **{name: frozenset(m.numbers(name) if ids else ()) for name, ids in lists.items()},
            hidden_authors=None
            if hidden is None
            else frozenset(m.numbers("hidden") if hidden else ()),
        )
        visible = visible_posts_q(marked_user, marked, m.moment("now"))
        page = Cursor(limit=cursor.limit)
        for name, value in bounds.items():
            setattr(page, name, None if value is None else m.number(name))
        # One filter() for all: conditions on a joined table in separate calls would join it
        # again, once per call.
        bounded = visible & scope(marked_user, marked) & _bounds_q(page, key)
        return _page_ids(Post.objects.filter(bounded), page, key)

    values: dict[str, Any] = {name: sorted(ids) for name, ids in lists.items()}
    values["hidden"] = sorted(hidden or ())
    values.update(bounds, viewer=user.pk if user else None, now=timezone.now())
    rows = compiled.compiled(shape, build).fetch(values)
    return sorted((row[0] for row in rows), reverse=True)


def load_posts(ids: list[int]) -> list[Post]:
    """The posts `ids`, in that order, with every relation in `POST_RELATED` attached.

    Three flat queries (posts, the posts they repost or quote, and every account involved)
    instead of one nine-way join, whose planning alone cost PostgreSQL ~3 ms per page."""
    by_id = {post.pk: post for post in compiled.by_ids(Post, ids)}
    page = [by_id[pk] for pk in ids if pk in by_id]
    related = _load_related_posts(page)
    every = page + list(related.values())
    user_ids = {p.author_id for p in every} | {
        p.in_reply_to_account_id for p in page if p.in_reply_to_account_id
    }
    users = {u.pk: u for u in compiled.by_ids(User, user_ids)}
    # Attach only what was found: assigning None would also clear the foreign key, while a
    # relation left unattached (a quote three levels deep) still loads lazily when read.
    for post in every:
        _attach(post, "author", users.get(post.author_id))
        _attach(post, "reblog_of", related.get(post.reblog_of_id or 0))
        _attach(post, "quote_of", related.get(post.quote_of_id or 0))
    for post in page:
        _attach(post, "in_reply_to_account", users.get(post.in_reply_to_account_id or 0))
    return page


def _attach(post: Post, relation: str, loaded: Post | User | None) -> None:
    if loaded is not None:
        setattr(post, relation, loaded)


def _load_related_posts(page: list[Post]) -> dict[int, Post]:
    """What `page` reposts or quotes, and what those reposted posts quote (two levels)."""
    related: dict[int, Post] = {}
    wanted = {pk for p in page for pk in (p.reblog_of_id, p.quote_of_id) if pk}
    for _level in range(2):
        wanted -= related.keys()
        if not wanted:
            break
        found = {post.pk: post for post in compiled.by_ids(Post, wanted)}
        related.update(found)
        wanted = {p.quote_of_id for p in found.values() if p.quote_of_id}
    return related


def _timeline(
    viewer: Viewer, scope: Q, cursor: Cursor, relations: Relations | None = None
) -> list[Post]:
    queryset = Post.objects.filter(visible_posts_q(viewer, relations) & scope)
    return paginate(queryset, cursor)


def home_timeline(user: User, cursor: Cursor) -> list[Post]:
    """Posts and reposts by the accounts `user` follows, and their own, newest first.

    Read from the account's materialised home list (`balai.posts.home`, decision record 0011)
    with the same rules applied; a page reaching below where the list is complete is read from
    the posts table instead. The follow list is inlined as literal ids: with a subquery the
    planner cannot tell how many posts those authors have."""
    relations = relations_of(user)
    ids = _compiled_timeline(
        "home listed", user, relations, cursor, _listed_home_scope, "home_entries__post_id"
    )
    if not _listed_page_is_whole(user.home_listed_from, cursor, ids):
        ids = _compiled_timeline("home", user, relations, cursor, _home_scope)
    return load_posts(ids)


def _listed_page_is_whole(listed_from: int, cursor: Cursor, ids: list[int]) -> bool:
    """Whether every id range the listed page covered lies where the list is complete."""
    if listed_from == 0:
        return True
    lower = cursor.min_id if cursor.min_id is not None else cursor.since_id
    if lower is not None and lower >= listed_from:
        return True
    # Newest-first and full: the page covered ids down to its oldest; short: down to `lower`.
    full = cursor.min_id is None and len(ids) == cursor.limit
    return full and min(ids) >= listed_from


def _home_scope(user: User | None, relations: Relations) -> Q:
    assert user is not None  # the home timeline always has a viewer
    return Q(author_id__in=[*relations.following, user.pk]) & _not_muted_q(relations)


def _listed_home_scope(user: User | None, relations: Relations) -> Q:
    """The home list stands for the follow list: it holds only followed and own posts (the
    entries of an account are dropped when its follow ends). Naming the followed accounts too
    would lead the planner to read all their posts rather than the list's newest entries."""
    assert user is not None
    return Q(home_entries__user_id=user.pk) & _not_muted_q(relations)


def _not_muted_q(relations: Relations) -> Q:
    if not relations.muted:
        return Q()
    return ~Q(author_id__in=relations.muted) & (
        Q(reblog_of__isnull=True) | ~Q(reblog_of__author_id__in=relations.muted)
    )


def local_timeline(viewer: Viewer, cursor: Cursor) -> list[Post]:
    user = viewer_user(viewer)
    return load_posts(_compiled_timeline("local", user, relations_of(user), cursor, _local_scope))


def _local_scope(_user: User | None, relations: Relations) -> Q:
    scope = in_public_timelines_q()
    if relations.muted:
        scope &= ~Q(author_id__in=relations.muted)
    return scope


def hashtag_timeline(viewer: Viewer, name: str, cursor: Cursor) -> list[Post]:
    tag = normalize_hashtag(name.lstrip("#"))
    tagged = PostHashtag.objects.filter(hashtag__name=tag).values("post_id")
    return _timeline(viewer, in_public_timelines_q() & Q(id__in=tagged), cursor)


def profile_timeline(
    viewer: Viewer,
    account: User,
    cursor: Cursor,
    *,
    exclude_replies: bool = False,
    exclude_reblogs: bool = False,
    tagged: str = "",
    within: Q | None = None,
    relations: Relations | None = None,
) -> list[Post]:
    """An account's posts and reposts (never its direct posts), filtered before paginating.

    `within` narrows further for callers with their own criteria (e.g. posts with media);
    `relations`: the viewer's, when the caller already read them for this request."""
    scope = Q(author=account) & ~Q(visibility=Visibility.DIRECT)
    if tagged:
        names = PostHashtag.objects.filter(hashtag__name=normalize_hashtag(tagged.lstrip("#")))
        scope &= Q(id__in=names.values("post_id"))
    if within is not None:
        scope &= within
    if exclude_replies:
        scope &= Q(in_reply_to_account__isnull=True) | Q(in_reply_to_account=account)
    if exclude_reblogs:
        scope &= Q(reblog_of__isnull=True)
    return _timeline(viewer, scope, cursor, relations)


def viewer_state(
    viewer: Viewer, posts: list[Post], *, also: Sequence[tuple[str, list[Any]]] = ()
) -> ViewerState:
    """What the viewer liked, bookmarked and reposted among `posts`, in one query.

    `also`: more `tagged_select` arms (SQL, params) a caller wants answered in the same round
    trip; their rows land in `ViewerState.other` by tag."""
    user = viewer_user(viewer)
    if user is None or not posts:
        return ViewerState()
    ids = sorted({p.pk for p in posts} | {p.reblog_of_id for p in posts if p.reblog_of_id})

    def arm(tag: str, model: type[Like | Bookmark | Post], field: str, where: str) -> str:
        condition, array = sql.id_in(sql.column(model, field), ids)
        extra = f"AND {sql.column(Post, 'deleted_at')} IS NULL" if model is Post else ""
        params.extend([user.pk, *array])
        return sql.tagged_select(tag, model, field, where=where, extra=f"AND {condition} {extra}")

    params: list[Any] = []
    arms = [
        arm("l", Like, "post", "user"),
        arm("b", Bookmark, "post", "user"),
        arm("r", Post, "reblog_of", "author"),
    ]
    for also_arm, arm_params in also:
        arms.append(also_arm)
        params.extend(arm_params)
    state = ViewerState()
    by_kind = {"l": state.liked, "b": state.bookmarked, "r": state.reblogged}
    for kind, value in sql.fetch(" UNION ALL ".join(arms), params):
        by_kind.get(kind, state.other.setdefault(kind, set())).add(value)
    return state


def post_history(post: Post) -> list[PostVersion]:
    """Every version of `post`, oldest first. A post never edited has no version rows (its first
    edit records the original): its history is itself."""
    versions = list(PostVersion.objects.filter(post=post).order_by("id"))
    return versions or [PostVersion.of(post, created_at=post.created_at)]


@dataclass
class Thread:
    ancestors: list[Post]
    focus: Post
    descendants: list[Post]


def thread_context(viewer: Viewer, focus: Post) -> Thread:
    """The visible posts above and below `focus` in its conversation."""
    visible = visible_posts(viewer).select_related(*POST_RELATED)
    ancestors: list[Post] = []
    parent_id = focus.in_reply_to_id
    while parent_id is not None and len(ancestors) < MAX_THREAD_DEPTH:
        parent = visible.filter(pk=parent_id).first()
        if parent is None:
            break
        ancestors.append(parent)
        parent_id = parent.in_reply_to_id
    ancestors.reverse()
    root = focus.thread_root_id or focus.pk
    in_thread = list(visible.filter(thread_root_id=root, id__gt=focus.pk).order_by("id")[:500])
    below = {focus.pk}
    descendants = []
    for post in in_thread:
        if post.in_reply_to_id in below:
            below.add(post.pk)
            descendants.append(post)
    return Thread(ancestors=ancestors, focus=focus, descendants=descendants)


def notifications_for(
    user: User, cursor: Cursor, types: list[str] | None = None
) -> list[Notification]:
    queryset = (
        Notification.objects.filter(recipient=user)
        .filter(Q(post__isnull=True) | Q(post_id__in=visible_posts(user).values("id")))
        .filter(actor__in=active_users())
        .select_related(
            "actor", "post", "post__author", "post__reblog_of", "post__reblog_of__author"
        )
    )
    if types:
        queryset = queryset.filter(type__in=types)
    cursor.clamp()
    if cursor.max_id is not None:
        queryset = queryset.filter(id__lt=cursor.max_id)
    if cursor.since_id is not None:
        queryset = queryset.filter(id__gt=cursor.since_id)
    if cursor.min_id is not None:
        return list(queryset.filter(id__gt=cursor.min_id).order_by("id")[: cursor.limit])[::-1]
    return list(queryset.order_by("-id")[: cursor.limit])


def unread_notification_count(user: User) -> int:
    """Every signed-in page shows it, so its query is compiled once."""
    query = compiled.compiled(
        ("unread notifications",),
        lambda m: (
            Notification.objects.filter(recipient_id=m.number("user"), read=False)
            .values("recipient_id")
            .annotate(unread=Count("id"))
            .values_list("unread")
        ),
    )
    rows = query.fetch({"user": user.pk})
    return int(rows[0][0]) if rows else 0
