"""The Status entity (with reblog, quote, poll, mentions, tags) and StatusEdit / StatusSource."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from balai.accounts.access import Viewer, viewer_user
from balai.accounts.models import User
from balai.api.models import Filter, FilterKeyword, Pin, Poll, PollVote
from balai.api.schemas.account import (
    AccountStats,
    account_stats,
    serialize_account,
)
from balai.api.schemas.common import absolute, absolutize_links, iso
from balai.core import sql
from balai.core.sanitize import sanitize_post_html
from balai.media.models import MediaAttachment
from balai.media.selectors import attachments_for_posts
from balai.media.serializers import serialize_attachment
from balai.moderation.views_counter import note_views
from balai.posts.access import visible_posts
from balai.posts.models import Hashtag, Mention, Post, PostHashtag, PostVersion
from balai.posts.selectors import ViewerState, viewer_state


@dataclass
class StatusContext(ViewerState):
    """Everything about the viewer and a page of posts needed to render them, batch-loaded."""

    viewer: User | None = None
    pinned: set[int] = field(default_factory=set)
    mentions: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)  # (id, username)
    tags: dict[int, list[str]] = field(default_factory=dict)
    polls: dict[int, Poll] = field(default_factory=dict)
    voted: dict[int, list[int]] = field(default_factory=dict)  # poll id → option positions
    visible_quotes: set[int] = field(default_factory=set)
    filters: list[FilterKeyword] = field(default_factory=list)
    accounts: dict[int, dict[str, Any]] = field(default_factory=dict)  # rendered cache
    stats: dict[int, AccountStats] = field(default_factory=dict)
    media: dict[int, list[dict[str, Any]]] = field(default_factory=dict)


def _all_posts(posts: list[Post]) -> list[Post]:
    found: dict[int, Post] = {}
    for post in posts:
        found[post.pk] = post
        if post.reblog_of is not None:
            found[post.reblog_of.pk] = post.reblog_of
    return list(found.values())


def _with_quotes(posts: list[Post]) -> list[Post]:
    quoted = [p.quote_of for p in posts if p.quote_of_id is not None and p.quote_of is not None]
    return posts + [q for q in quoted if q is not None]


def status_context(
    viewer: Viewer, posts: list[Post], *, just_written: bool = False
) -> StatusContext:
    """Load, in a fixed number of queries, what `serialize_status` needs for `posts`.

    Two queries in the common case: the viewer's state (with their pins and whether they have
    filters), and the page's mentions and hashtags (with which posts have media or a poll); media,
    polls and filters are loaded only when the page has some.

    `just_written`: the viewer wrote these posts a moment ago, so nobody can have liked,
    bookmarked, reposted or pinned them or voted in their polls yet, and one's own posts are
    never filtered: the viewer's state is not loaded."""
    user = viewer_user(viewer)
    every = _all_posts(posts)
    base = ViewerState()
    if user is not None and not just_written:
        base = viewer_state(viewer, posts, also=_viewer_arms(user, every))
    ctx = StatusContext(
        liked=base.liked, bookmarked=base.bookmarked, reblogged=base.reblogged, viewer=user
    )
    rendered = _with_quotes(every)
    ctx.stats = account_stats(p.author for p in rendered)
    parts = _written_parts(every) if just_written and rendered == every else None
    if parts is None:
        parts = _page_parts([p.pk for p in every], [p.pk for p in rendered])
    ctx.mentions, ctx.tags = parts.mentions, parts.tags
    if parts.with_media:
        found = attachments_for_posts(sorted(parts.with_media))
        ctx.media = {pk: [serialize_attachment(m) for m in items] for pk, items in found.items()}
    if parts.polls:
        polls = Poll.objects.filter(pk__in=parts.polls).prefetch_related("options")
        ctx.polls = {poll.post_id: poll for poll in polls}
    quote_ids = {p.quote_of_id for p in rendered if p.quote_of_id}  # quoted posts' quotes too
    if quote_ids:
        ctx.visible_quotes = set(
            visible_posts(viewer).filter(id__in=quote_ids).values_list("id", flat=True)
        )
    if user is not None and not just_written:
        _load_viewer_parts(ctx, user, base.other)
    return ctx


def _viewer_arms(user: User, every: list[Post]) -> list[tuple[str, list[Any]]]:
    """The viewer's pins on the page (only one's own posts can be pinned), and whether they
    have any filter: asked in the same query as their likes (`viewer_state(also=)`)."""
    arms = [(sql.tagged_select("k", Filter, "id", where="user"), [user.pk])]
    own = [p.pk for p in every if p.author_id == user.pk]
    if own:
        among, array = sql.id_in(sql.column(Pin, "post"), own)
        pins = sql.tagged_select("p", Pin, "post", where="user", extra=f"AND {among}")
        arms.append((pins, [user.pk, *array]))
    return arms


@dataclass
class PageParts:
    mentions: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)  # (id, username)
    tags: dict[int, list[str]] = field(default_factory=dict)
    with_media: set[int] = field(default_factory=set)  # posts with an attachment row
    polls: set[int] = field(default_factory=set)  # poll ids


def _written_parts(posts: list[Post]) -> PageParts | None:
    """The parts of posts `post_create` has just written, from what it kept (None when some post
    has attachments or was not written by it: those are read back)."""
    parts = PageParts()
    for post in posts:
        written = post.written
        if written is None or written.has_attachments:
            return None
        if written.mentions:
            parts.mentions[post.pk] = list(written.mentions)
        if written.hashtags:
            parts.tags[post.pk] = list(written.hashtags)
    return parts


def _page_parts(post_ids: list[int], rendered_ids: list[int]) -> PageParts:
    """Who each post mentions, its hashtags, which posts have attachments (`rendered_ids`, quotes
    included) and which have a poll: one query."""
    parts = PageParts()
    if not post_ids:
        return parts
    c = sql.column
    m_post, p_post = c(Mention, "post"), c(PostHashtag, "post")
    params: list[Any] = []

    def among(column_sql: str, ids: list[int]) -> str:
        condition, array = sql.id_in(column_sql, ids)
        params.extend(array)
        return condition

    # Only quoted model names are formatted in; ids are bound (or integer literals: sql.id_in).
    arms = [
        f"SELECT 'm', m.{m_post}, m.{c(Mention, 'id')}, m.{c(Mention, 'user')}, "  # noqa: S608
        f"u.{c(User, 'username')} FROM {sql.table(Mention)} m "
        f"JOIN {sql.table(User)} u ON u.{c(User, 'id')} = m.{c(Mention, 'user')} "
        f"WHERE {among(f'm.{m_post}', post_ids)}",
        f"SELECT 't', p.{p_post}, p.{c(PostHashtag, 'id')}, NULL, "  # noqa: S608
        f"h.{c(Hashtag, 'name')} FROM {sql.table(PostHashtag)} p "
        f"JOIN {sql.table(Hashtag)} h ON h.{c(Hashtag, 'id')} = p.{c(PostHashtag, 'hashtag')} "
        f"WHERE {among(f'p.{p_post}', post_ids)}",
        f"SELECT 'a', {c(MediaAttachment, 'post')}, {c(MediaAttachment, 'id')}, NULL, NULL "  # noqa: S608
        f"FROM {sql.table(MediaAttachment)} "
        f"WHERE {among(c(MediaAttachment, 'post'), rendered_ids)}",
        f"SELECT 'p', {c(Poll, 'post')}, {c(Poll, 'id')}, NULL, NULL FROM {sql.table(Poll)} "  # noqa: S608
        f"WHERE {among(c(Poll, 'post'), post_ids)}",
    ]
    mentions: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    tags: dict[int, list[str]] = defaultdict(list)
    for kind, post_id, row_id, user_id, name in sql.fetch(
        " UNION ALL ".join(arms) + " ORDER BY 3", params
    ):
        if kind == "m":
            mentions[post_id].append((user_id, name))
        elif kind == "t":
            tags[post_id].append(name)
        elif kind == "a":
            parts.with_media.add(post_id)
        else:
            parts.polls.add(row_id)
    parts.mentions, parts.tags = dict(mentions), dict(tags)
    return parts


def _load_viewer_parts(ctx: StatusContext, user: User, found: dict[str, set[int]]) -> None:
    """Pins, poll votes and filters of the viewer; `found` says which of them exist."""
    ctx.pinned = found.get("p", set())
    if ctx.polls:
        votes = PollVote.objects.filter(user=user, poll_id__in=[p.pk for p in ctx.polls.values()])
        voted: dict[int, list[int]] = defaultdict(list)
        for poll_id, position in votes.values_list("poll_id", "option__position"):
            voted[poll_id].append(position)
        ctx.voted = dict(voted)
    if found.get("k"):
        ctx.filters = active_filter_keywords(user)


def active_filter_keywords(user: User) -> list[FilterKeyword]:
    from django.db.models import Q

    now = timezone.now()
    return list(
        FilterKeyword.objects.filter(filter__user=user)
        .filter(Q(filter__expires_at__isnull=True) | Q(filter__expires_at__gt=now))
        .select_related("filter")
    )


def status_url(post: Post) -> str:
    return absolute(f"/@{post.author.username}/{post.pk}")


def _account(ctx: StatusContext, user: User) -> dict[str, Any]:
    if user.pk not in ctx.accounts:
        ctx.accounts[user.pk] = serialize_account(user, ctx.stats or None)
    return ctx.accounts[user.pk]


def serialize_poll(poll: Poll, ctx: StatusContext) -> dict[str, Any]:
    options = sorted(poll.options.all(), key=lambda o: o.position)
    mine = ctx.voted.get(poll.pk, [])
    expired = poll.expires_at <= timezone.now()
    hide = poll.hide_totals and not expired
    return {
        "id": str(poll.pk),
        "expires_at": iso(poll.expires_at),
        "expired": expired,
        "multiple": poll.multiple,
        "votes_count": poll.votes_count,
        "voters_count": poll.voters_count if poll.multiple else poll.votes_count,
        "options": [
            {"title": o.title, "votes_count": None if hide else o.votes_count} for o in options
        ],
        "emojis": [],
        "voted": bool(mine) if ctx.viewer is not None else None,
        "own_votes": mine if ctx.viewer is not None else None,
    }


def _filtered(post: Post, ctx: StatusContext) -> list[dict[str, Any]]:
    if not ctx.filters or ctx.viewer is None or post.author_id == ctx.viewer.pk:
        return []
    from balai.api.schemas.filters import keyword_matches, serialize_filter

    results: dict[int, dict[str, Any]] = {}
    haystack = f"{post.text} {post.spoiler_text}"
    for keyword in ctx.filters:
        if keyword_matches(keyword, haystack):
            entry = results.setdefault(
                keyword.filter_id,
                {
                    "filter": serialize_filter(keyword.filter),
                    "keyword_matches": [],
                    "status_matches": None,
                },
            )
            entry["keyword_matches"].append(keyword.keyword)
    return list(results.values())


def _quote(post: Post, ctx: StatusContext, depth: int) -> dict[str, Any] | None:
    if post.quote_of_id is None:
        return None
    if post.quote_of_id not in ctx.visible_quotes:
        return {"state": "unauthorized", "quoted_status": None}
    if depth > 0:  # a quote inside a quote: Mastodon's ShallowQuote, the id alone
        return {"state": "accepted", "quoted_status_id": str(post.quote_of_id)}
    quoted = post.quote_of
    if quoted is None:
        return {"state": "unauthorized", "quoted_status": None}
    return {"state": "accepted", "quoted_status": _render(quoted, ctx, depth + 1)}


def _render(post: Post, ctx: StatusContext, depth: int = 0) -> dict[str, Any]:
    original = post.reblog_of
    target = original if original is not None else post
    poll = ctx.polls.get(target.pk)
    return {
        "id": str(post.pk),
        "uri": status_url(post),
        "url": status_url(post) if original is None else None,
        "created_at": iso(post.created_at),
        "edited_at": iso(post.edited_at),
        "account": _account(ctx, post.author),
        "content": absolutize_links(sanitize_post_html(post.content_html)),
        "text": None,
        "visibility": post.visibility,
        "sensitive": post.sensitive,
        "spoiler_text": post.spoiler_text,
        "language": post.language or None,
        "in_reply_to_id": str(post.in_reply_to_id) if post.in_reply_to_id else None,
        "in_reply_to_account_id": (
            str(post.in_reply_to_account_id) if post.in_reply_to_account_id else None
        ),
        "reblog": _render(original, ctx, depth) if original is not None else None,
        "quote": _quote(post, ctx, depth),
        "quote_approval": {"automatic": ["public"], "manual": [], "current_user": "automatic"},
        "media_attachments": ctx.media.get(post.pk, []),
        "mentions": [
            {
                "id": str(user_id),
                "username": username,
                "acct": username,
                "url": absolute(f"/@{username}"),
            }
            for user_id, username in ctx.mentions.get(post.pk, [])
        ],
        "tags": [
            {"name": name, "url": absolute(f"/tags/{name}")} for name in ctx.tags.get(post.pk, [])
        ],
        "emojis": [],
        "card": None,
        "poll": serialize_poll(poll, ctx) if poll is not None and original is None else None,
        "application": None,
        "replies_count": post.replies_count,
        "reblogs_count": post.reblogs_count,
        "favourites_count": post.likes_count,
        "quotes_count": post.quotes_count,
        "favourited": target.pk in ctx.liked,
        "reblogged": target.pk in ctx.reblogged,
        "bookmarked": target.pk in ctx.bookmarked,
        "muted": False,
        "pinned": target.pk in ctx.pinned,
        "filtered": _filtered(post, ctx),
        "balai": {"state": post.state},
    }


def serialize_status(post: Post, *, viewer: Viewer) -> dict[str, Any]:
    """One Status, as `viewer` sees it (use `serialize_statuses` for many)."""
    return _render(post, status_context(viewer, [post]))


def serialize_statuses(
    viewer: Viewer, posts: list[Post], *, count_views: bool = True
) -> list[dict[str, Any]]:
    """A page of Statuses: the one path every status list of the API takes. Posts shown are
    counted as views for moderation's reach ("views before action"), unless `count_views` is
    off (a moderator reading a report is not reach)."""
    ctx = status_context(viewer, posts)
    pairs = [(post, _render(post, ctx)) for post in posts]
    if ctx.viewer is not None:  # "hide" filters drop the post entirely
        pairs = [(post, s) for post, s in pairs if not _hidden(s)]
    if count_views:
        note_views(viewer, [post for post, _s in pairs])
    return [s for _post, s in pairs]


def serialize_new_status(post: Post, *, author: User) -> dict[str, Any]:
    """The echo of a post `author` has just written (see `status_context(just_written=)`)."""
    return _render(post, status_context(author, [post], just_written=True))


def serialize_shown_status(viewer: Viewer, post: Post) -> dict[str, Any]:
    """One Status that is being read (not the echo of a write): counted as a view."""
    note_views(viewer, [post])
    return serialize_status(post, viewer=viewer)


def _hidden(status: dict[str, Any]) -> bool:
    for item in status["filtered"] + ((status["reblog"] or {}).get("filtered") or []):
        if item["filter"]["filter_action"] == "hide":
            return True
    return False


def serialize_edit(version: PostVersion, account: dict[str, Any]) -> dict[str, Any]:
    return {
        "content": absolutize_links(sanitize_post_html(version.content_html)),
        "spoiler_text": version.spoiler_text,
        "sensitive": version.sensitive,
        "created_at": iso(version.created_at),
        "account": account,
        "poll": None,
        "media_attachments": [],
        "emojis": [],
    }


def serialize_source(post: Post) -> dict[str, Any]:
    return {"id": str(post.pk), "text": post.text, "spoiler_text": post.spoiler_text}
