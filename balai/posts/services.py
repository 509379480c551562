"""Writes for posts: create, edit, delete, like, repost, bookmark."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.access import can_interact, is_blocked_between
from balai.accounts.models import User, Visibility
from balai.core import search, sql
from balai.core.compiled import compiled
from balai.core.errors import BalaiError, NotFound
from balai.core.events import publish_on_commit
from balai.core.language import detect_language
from balai.core.sanitize import sanitize_post_html
from balai.core.text import MENTION_RE, RenderedText, render_post_text
from balai.posts import counters, home
from balai.posts.access import can_quote, can_reblog, get_visible_post
from balai.posts.models import (
    Bookmark,
    Hashtag,
    Like,
    Mention,
    Post,
    PostHashtag,
    PostState,
    PostVersion,
    WrittenParts,
)
from balai.posts.notifications import notify, notify_post_published, withdraw_post_notifications
from balai.posts.screening import screen_post

MAX_SPOILER_CHARS = 500
# A new post's row is written in the state most posts end in, so the busiest write needs no
# second update of the posts table (a state change touches every one of its indexes). Nobody
# can read the row before the transaction commits, and the screen's verdict, in the same
# transaction, corrects it when the post is held or rejected (decision record 0012).
WRITTEN_STATE = PostState.PUBLISHED


@dataclass(frozen=True)
class PostDraft:
    text: str
    spoiler_text: str = ""
    sensitive: bool = False
    language: str | None = None
    has_attachments: bool = False  # a post with media or a poll may have no text


def _validate_draft(draft: PostDraft) -> None:
    if not draft.text.strip() and not draft.has_attachments:
        raise BalaiError(_("A post cannot be empty."), field="text")
    if len(draft.text) > settings.BALAI_MAX_POST_CHARS:
        raise BalaiError(
            _("A post can be at most %(limit)d characters.")
            % {"limit": settings.BALAI_MAX_POST_CHARS},
            field="text",
        )
    if len(draft.spoiler_text) > MAX_SPOILER_CHARS:
        raise BalaiError(
            _("A content warning can be at most 500 characters."), field="spoiler_text"
        )
    if "\x00" in draft.text or "\x00" in draft.spoiler_text:
        raise BalaiError(_("The text contains characters that are not allowed."), field="text")


def _render(author: User, text: str) -> tuple[RenderedText, list[User]]:
    names = {
        m.group("username").lower() for m in MENTION_RE.finditer(text) if not m.group("domain")
    }
    found: dict[str, User] = {}
    if names:
        candidates = User.objects.annotate(lowered=Lower("username")).filter(
            lowered__in=names, is_active=True
        )
        found = {u.username.lower(): u for u in candidates}

    def profile_url(name: str) -> str | None:
        user = found.get(name.lower())
        return reverse("web:profile", args=[user.username]) if user else None

    rendered = render_post_text(
        text, profile_url=profile_url, tag_url=lambda tag: reverse("web:tag", args=[tag])
    )
    rendered.html = sanitize_post_html(rendered.html)
    mentioned = [found[name.lower()] for name in rendered.mentions if name.lower() in found]
    return rendered, [u for u in mentioned if u.pk != author.pk]


def _language_for(author: User, draft: PostDraft) -> str:
    if draft.language:
        if len(draft.language) > 8 or not draft.language.replace("-", "").isalpha():
            raise BalaiError(_("Unknown language code."), field="language")
        return draft.language.lower()
    return detect_language(draft.text, fallback=author.language or None) or ""


def _attach_hashtags(post: Post, names: list[str], *, replacing: bool = True) -> None:
    if replacing:
        PostHashtag.objects.filter(post=post).delete()
    if not names:
        return
    known = compiled(  # compiled once: most posts with a hashtag use ones that exist
        ("hashtag ids by name",),
        lambda m: Hashtag.objects.filter(name__in=m.texts("names")).values_list("name", "id"),
    )
    ids = dict(known.fetch({"names": names}))
    for name in names:
        if name not in ids:
            ids[name] = Hashtag.objects.get_or_create(name=name)[0].pk
    PostHashtag.objects.bulk_create([PostHashtag(post=post, hashtag_id=ids[n]) for n in names])


def _attach_mentions(post: Post, users: list[User], *, replacing: bool = True) -> list[User]:
    if replacing:
        Mention.objects.filter(post=post).delete()
    allowed = [u for u in users if not is_blocked_between(post.author, u)]
    Mention.objects.bulk_create([Mention(post=post, user=u) for u in allowed])
    return allowed


def _resolve_target(author: User, post_id: int | str | None, label: str) -> Post | None:
    if post_id in (None, ""):
        return None
    target = get_visible_post(author, post_id)  # type: ignore[arg-type]
    if target is None or target.reblog_of_id is not None:
        raise NotFound(_("The post you are %(action)s was not found.") % {"action": label})
    return target


def post_create(
    *,
    author: User,
    draft: PostDraft,
    visibility: str | None = None,
    in_reply_to_id: int | str | None = None,
    quote_of_id: int | str | None = None,
    before_screen: Callable[[Post], None] | None = None,
) -> Post:
    """Write a post, screen it, and publish it to whoever may see it.

    `before_screen(post)` runs inside the same transaction once the row exists and before the
    screen, so higher layers (media attachments, polls) are part of what gets screened and are
    rolled back with the post if anything fails.
    """
    _validate_draft(draft)
    visibility = visibility or author.default_visibility
    if visibility not in Visibility.values:
        raise BalaiError(_("Unknown visibility."), field="visibility")
    with transaction.atomic():
        parent = _resolve_target(author, in_reply_to_id, _("replying to"))
        quoted = _resolve_target(author, quote_of_id, _("quoting"))
        if quoted is not None and not can_quote(author, quoted):
            raise BalaiError(_("This post cannot be quoted."), field="quote_id")
        rendered, mentioned = _render(author, draft.text)
        post = Post.objects.create(
            author=author,
            text=draft.text,
            content_html=rendered.html,
            spoiler_text=draft.spoiler_text.strip(),
            sensitive=draft.sensitive or bool(draft.spoiler_text.strip()),
            visibility=visibility,
            language=_language_for(author, draft),
            in_reply_to=parent,
            in_reply_to_account_id=parent.author_id if parent else None,
            thread_root_id=(parent.thread_root_id or parent.pk) if parent else None,
            quote_of=quoted,
            state=WRITTEN_STATE,
        )
        mentioned = _attach_mentions(post, mentioned, replacing=False)
        _attach_hashtags(post, rendered.hashtags, replacing=False)
        post.written = WrittenParts(
            mentions=[(user.pk, user.username) for user in mentioned],
            hashtags=list(rendered.hashtags),
            has_attachments=draft.has_attachments,
        )
        home.fan_out(post_id=post.pk, author_id=author.pk)
        if before_screen is not None:
            before_screen(post)
        state = screen_post(post, is_edit=False, has_media=draft.has_attachments)
        if state != post.state:
            post.state = state
            sql.update_by_id(Post, post.pk, state=state)
        counters.count_new_post(post)
        if parent is not None:
            Post.objects.filter(pk=parent.pk).update(replies_count=F("replies_count") + 1)
        if quoted is not None:
            Post.objects.filter(pk=quoted.pk).update(quotes_count=F("quotes_count") + 1)
        search.index_post(post.pk, f"{post.text} {post.spoiler_text}")
        someone_to_notify = parent is not None or quoted is not None or bool(mentioned)
        if post.state == PostState.PUBLISHED and someone_to_notify:
            transaction.on_commit(lambda: notify_post_published(post.pk))
    return post


def post_state_set(*, post: Post, state: str) -> None:
    """A screen's or a moderator's change of a post's state; its author's counter follows. The
    instance is left as it was: callers still read the state the post had."""
    Post.objects.filter(pk=post.pk).update(state=state)
    counters.recount_statuses([post.author_id])


def _record_version(post: Post) -> None:
    PostVersion.of(post).save()


def _record_original(post: Post) -> None:
    """Before a post's first edit, keep what it said: a post is written without a version row
    (one insert less on the busiest write) and `selectors.post_history` shows it as its own."""
    if not PostVersion.objects.filter(post=post).exists():
        PostVersion.of(post, created_at=post.created_at).save()


def _own_post(author: User, post_id: int | str) -> Post:
    post = get_visible_post(author, post_id)
    if post is None or post.author_id != author.pk or post.reblog_of_id is not None:
        raise NotFound(_("Post not found."))
    return post


def post_edit(
    *,
    author: User,
    post_id: int | str,
    draft: PostDraft,
    before_screen: Callable[[Post], None] | None = None,
) -> Post:
    """Change a post's text; the old version stays in its history. Edits are screened again."""
    _validate_draft(draft)
    with transaction.atomic():
        post = _own_post(author, post_id)
        _record_original(post)
        was_published = post.state == PostState.PUBLISHED
        rendered, mentioned = _render(author, draft.text)
        post.text = draft.text
        post.content_html = rendered.html
        post.spoiler_text = draft.spoiler_text.strip()
        post.sensitive = draft.sensitive or bool(post.spoiler_text)
        post.language = _language_for(author, draft)
        post.edited_at = timezone.now()
        _attach_mentions(post, mentioned)
        _attach_hashtags(post, rendered.hashtags)
        if before_screen is not None:
            before_screen(post)
        post.state = screen_post(post, is_edit=True)
        post.save()
        if (post.state == PostState.PUBLISHED) != was_published:
            counters.recount_statuses([author.pk])
        _record_version(post)
        search.index_post(post.pk, f"{post.text} {post.spoiler_text}")
        if post.state != PostState.PUBLISHED and was_published:
            transaction.on_commit(lambda: withdraw_post_notifications(post.pk))
        elif post.state == PostState.PUBLISHED:
            transaction.on_commit(lambda: notify_post_published(post.pk))
    return post


def post_delete(*, author: User, post_id: int | str) -> None:
    """Delete a post (or a repost): it disappears from every view at once."""
    with transaction.atomic():
        post = get_visible_post(author, post_id)
        if post is None or post.author_id != author.pk:
            raise NotFound(_("Post not found."))
        _mark_deleted(post)


def _mark_deleted(post: Post) -> None:
    reblogs = Post.objects.filter(reblog_of=post, deleted_at__isnull=True)
    authors = {post.author_id, *reblogs.values_list("author_id", flat=True)}
    Post.objects.filter(pk=post.pk).update(deleted_at=timezone.now())
    reblogs.update(deleted_at=timezone.now())
    counters.recount_statuses(authors)
    if post.reblog_of_id is not None:
        Post.objects.filter(pk=post.reblog_of_id).update(reblogs_count=F("reblogs_count") - 1)
    if post.in_reply_to_id is not None:
        Post.objects.filter(pk=post.in_reply_to_id, replies_count__gt=0).update(
            replies_count=F("replies_count") - 1
        )
    search.unindex_post(post.pk)
    transaction.on_commit(lambda: withdraw_post_notifications(post.pk))
    publish_on_commit("post.deleted", post_id=post.pk, author_id=post.author_id)


def _interactable(user: User, post_id: int | str) -> Post:
    post = get_visible_post(user, post_id)
    if post is None or post.reblog_of_id is not None:
        raise NotFound(_("Post not found."))
    if post.state != PostState.PUBLISHED:
        raise BalaiError(_("This post is not published."))
    if post.author_id != user.pk and not can_interact(user, post.author):
        raise NotFound(_("Post not found."))
    return post


def like_create(*, user: User, post_id: int | str) -> Post:
    with transaction.atomic():
        post = _interactable(user, post_id)
        _like, created = Like.objects.get_or_create(user=user, post=post)
        if created:
            Post.objects.filter(pk=post.pk).update(likes_count=F("likes_count") + 1)
            post.likes_count += 1
            transaction.on_commit(
                lambda: notify(
                    recipient_id=post.author_id, actor_id=user.pk, type="favourite", post_id=post.pk
                )
            )
    return post


def like_delete(*, user: User, post_id: int | str) -> Post:
    with transaction.atomic():
        post = get_visible_post(user, post_id)
        if post is None:
            raise NotFound(_("Post not found."))
        deleted, _count = Like.objects.filter(user=user, post=post).delete()
        if deleted:
            Post.objects.filter(pk=post.pk, likes_count__gt=0).update(
                likes_count=F("likes_count") - 1
            )
            post.likes_count = max(0, post.likes_count - 1)
    return post


def reblog_create(*, user: User, post_id: int | str, visibility: str = Visibility.PUBLIC) -> Post:
    """Repost a post; doing it twice returns the existing repost."""
    if visibility not in (Visibility.PUBLIC, Visibility.UNLISTED, Visibility.PRIVATE):
        raise BalaiError(_("Unknown visibility."), field="visibility")
    with transaction.atomic():
        original = _interactable(user, post_id)
        if not can_reblog(user, original):
            raise BalaiError(_("This post cannot be reposted."))
        existing = Post.objects.filter(
            author=user, reblog_of=original, deleted_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                reblog = Post.objects.create(
                    author=user,
                    reblog_of=original,
                    visibility=visibility,
                    state=PostState.PUBLISHED,
                )
        except IntegrityError:
            return Post.objects.get(author=user, reblog_of=original, deleted_at__isnull=True)
        Post.objects.filter(pk=original.pk).update(reblogs_count=F("reblogs_count") + 1)
        home.fan_out(post_id=reblog.pk, author_id=user.pk)
        counters.count_new_post(reblog)
        transaction.on_commit(
            lambda: notify(
                recipient_id=original.author_id, actor_id=user.pk, type="reblog", post_id=reblog.pk
            )
        )
    return reblog


def reblog_delete(*, user: User, post_id: int | str) -> Post:
    with transaction.atomic():
        original = get_visible_post(user, post_id)
        if original is None:
            raise NotFound(_("Post not found."))
        for reblog in Post.objects.filter(author=user, reblog_of=original, deleted_at__isnull=True):
            _mark_deleted(reblog)
    return original


def bookmark_create(*, user: User, post_id: int | str) -> Post:
    post = get_visible_post(user, post_id)
    if post is None or post.reblog_of_id is not None:
        raise NotFound(_("Post not found."))
    Bookmark.objects.get_or_create(user=user, post=post)
    return post


def bookmark_delete(*, user: User, post_id: int | str) -> Post:
    post = get_visible_post(user, post_id)
    if post is None:
        raise NotFound(_("Post not found."))
    Bookmark.objects.filter(user=user, post=post).delete()
    return post
