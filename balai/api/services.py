"""Writes of the client API's own features: idempotent posting with polls, pins, votes."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import replace
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.api.models import IdempotencyKey, Pin, Poll, PollOption, PollVote
from balai.core.errors import BalaiError, NotFound
from balai.media.services import post_create_with_media
from balai.posts.access import get_visible_post
from balai.posts.models import Post, PostState
from balai.posts.services import PostDraft

MAX_POLL_OPTIONS = 4
MAX_OPTION_CHARS = 50
MIN_POLL_SECONDS = 300
MAX_POLL_SECONDS = 2629746
MAX_PINS = 5


def validate_poll(options: list[str], expires_in: int | None) -> None:
    if not 2 <= len(options) <= MAX_POLL_OPTIONS:
        raise BalaiError(_("A poll needs between 2 and 4 options."), field="poll")
    if any(not o.strip() or len(o) > MAX_OPTION_CHARS for o in options):
        raise BalaiError(_("Poll options must be 1 to 50 characters."), field="poll")
    if len({o.strip() for o in options}) != len(options):
        raise BalaiError(_("Poll options must be different."), field="poll")
    if expires_in is None or not MIN_POLL_SECONDS <= expires_in <= MAX_POLL_SECONDS:
        raise BalaiError(
            _("A poll must last between 5 minutes and a month (expires_in in seconds)."),
            field="poll",
        )


def status_create(
    *,
    author: User,
    draft: PostDraft,
    visibility: str | None,
    in_reply_to_id: str | None,
    quote_of_id: str | None,
    poll: tuple[list[str], int, bool, bool] | None = None,
    idempotency_key: str | None = None,
    media_ids: Sequence[str] = (),
) -> tuple[Post, bool]:
    """Create a post (with a poll and media) once per Idempotency-Key; a repeat returns the
    first post. Attachments are attached in the post's transaction: nothing is half-written.
    Returns the post and whether this call created it."""
    if idempotency_key:
        existing = IdempotencyKey.objects.filter(user=author, key=idempotency_key).first()
        if existing is not None:
            return existing.post, False
    if poll is not None:
        validate_poll(poll[0], poll[1])
    # post_create is atomic itself; an outer transaction (a savepoint inside) only when a poll or
    # an Idempotency-Key must commit or roll back with the post.
    with transaction.atomic() if poll is not None or idempotency_key else nullcontext():
        post = post_create_with_media(
            author=author, draft=draft, visibility=visibility, media_ids=media_ids,
            in_reply_to_id=in_reply_to_id, quote_of_id=quote_of_id,
        )  # fmt: skip
        if poll is not None:
            options, expires_in, multiple, hide_totals = poll
            created = Poll.objects.create(
                post=post, expires_at=timezone.now() + timedelta(seconds=expires_in),
                multiple=multiple, hide_totals=hide_totals,
            )  # fmt: skip
            PollOption.objects.bulk_create(
                [
                    PollOption(poll=created, position=i, title=t.strip())
                    for i, t in enumerate(options)
                ]
            )
            if post.written is not None:  # the echo must read the poll back
                post.written = replace(post.written, has_attachments=True)
        if idempotency_key:
            try:
                with transaction.atomic():
                    IdempotencyKey.objects.create(user=author, key=idempotency_key, post=post)
            except IntegrityError:  # a concurrent twin won; undo ours, return theirs
                transaction.set_rollback(True)
                winner = IdempotencyKey.objects.get(user=author, key=idempotency_key)
                return winner.post, False
    return post, True


def pin_create(*, user: User, post_id: int) -> Post:
    post = get_visible_post(user, post_id)
    if post is None:
        raise NotFound(_("Post not found."))
    if post.author_id != user.pk or post.reblog_of_id is not None:
        raise BalaiError(_("You can only pin your own posts."))
    if post.visibility not in ("public", "unlisted", "private"):
        raise BalaiError(_("Direct posts cannot be pinned."))
    with transaction.atomic():
        if (
            Pin.objects.filter(user=user).count() >= MAX_PINS
            and not Pin.objects.filter(user=user, post=post).exists()
        ):
            raise BalaiError(_("You can pin at most 5 posts."))
        Pin.objects.get_or_create(user=user, post=post)
    return post


def pin_delete(*, user: User, post_id: int) -> Post:
    post = get_visible_post(user, post_id)
    if post is None:
        raise NotFound(_("Post not found."))
    Pin.objects.filter(user=user, post=post).delete()
    return post


@transaction.atomic
def poll_vote(*, user: User, poll: Poll, choices: list[int]) -> Poll:
    if poll.expires_at <= timezone.now():
        raise BalaiError(_("The poll has already ended."))
    if poll.post.author_id == user.pk:
        raise BalaiError(_("You cannot vote in your own poll."))
    if poll.post.state != PostState.PUBLISHED:
        raise BalaiError(_("This post is not published."))
    if PollVote.objects.filter(poll=poll, user=user).exists():
        raise BalaiError(_("You have already voted on this poll."))
    choices = sorted(set(choices))
    if not choices or (len(choices) > 1 and not poll.multiple):
        raise BalaiError(_("Choose one option.") if not poll.multiple else _("Choose an option."))
    options = {o.position: o for o in poll.options.all()}
    if any(c not in options for c in choices):
        raise BalaiError(_("That option does not exist."), field="choices")
    for choice in choices:
        PollVote.objects.create(poll=poll, option=options[choice], user=user)
        PollOption.objects.filter(pk=options[choice].pk).update(votes_count=F("votes_count") + 1)
    Poll.objects.filter(pk=poll.pk).update(
        votes_count=F("votes_count") + len(choices), voters_count=F("voters_count") + 1
    )
    poll.refresh_from_db()
    return poll
