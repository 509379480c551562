"""Creating notifications, always after the write that caused them has committed."""

from __future__ import annotations

from django.db.models import Q

from balai.accounts.access import is_blocked_between
from balai.accounts.models import Follow, FollowRequest, Mute, User
from balai.core.events import subscribe
from balai.posts.models import Mention, Notification, NotificationType, Post, PostState


def notify(*, recipient_id: int, actor_id: int, type: str, post_id: int | None = None) -> None:
    """One notification, unless it is self-inflicted or the recipient blocked/muted the actor."""
    if recipient_id == actor_id:
        return
    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    actor = User.objects.filter(pk=actor_id).first()
    if recipient is None or actor is None or is_blocked_between(recipient, actor):
        return
    if Mute.objects.filter(muter=recipient, muted=actor).exists():
        return
    Notification.objects.get_or_create(
        recipient_id=recipient_id, actor_id=actor_id, type=type, post_id=post_id
    )


def notify_post_published(post_id: int) -> None:
    """Mentions, replies and quotes of a post that other people can now see."""
    post = (
        Post.objects.select_related("in_reply_to", "quote_of")
        .filter(pk=post_id, state=PostState.PUBLISHED, deleted_at__isnull=True)
        .first()
    )
    if post is None:
        return
    notified: set[int] = set()
    if post.in_reply_to is not None:
        notify(
            recipient_id=post.in_reply_to.author_id,
            actor_id=post.author_id,
            type=NotificationType.REPLY,
            post_id=post.pk,
        )
        notified.add(post.in_reply_to.author_id)
    if post.quote_of is not None and post.quote_of.author_id not in notified:
        notify(
            recipient_id=post.quote_of.author_id,
            actor_id=post.author_id,
            type=NotificationType.QUOTE,
            post_id=post.pk,
        )
        notified.add(post.quote_of.author_id)
    for user_id in Mention.objects.filter(post=post).values_list("user_id", flat=True):
        if user_id not in notified:
            notify(
                recipient_id=user_id,
                actor_id=post.author_id,
                type=NotificationType.MENTION,
                post_id=post.pk,
            )


def withdraw_post_notifications(post_id: int) -> None:
    """A deleted or removed post takes its notifications with it."""
    Notification.objects.filter(Q(post_id=post_id) | Q(post__reblog_of_id=post_id)).delete()


def _on_follow(follow_id: int) -> None:
    follow = Follow.objects.filter(pk=follow_id).first()
    if follow is not None:
        notify(
            recipient_id=follow.followee_id,
            actor_id=follow.follower_id,
            type=NotificationType.FOLLOW,
        )


def _on_follow_request(request_id: int) -> None:
    request = FollowRequest.objects.filter(pk=request_id).first()
    if request is not None:
        notify(
            recipient_id=request.target_id,
            actor_id=request.requester_id,
            type=NotificationType.FOLLOW_REQUEST,
        )


def _on_block(blocker_id: int, blocked_id: int) -> None:
    Notification.objects.filter(
        Q(recipient_id=blocker_id, actor_id=blocked_id)
        | Q(recipient_id=blocked_id, actor_id=blocker_id)
    ).delete()


def subscribe_to_account_events() -> None:
    subscribe("follow.created", _on_follow)
    subscribe("follow_request.created", _on_follow_request)
    subscribe("block.created", _on_block)
