"""Deleting an account for real: deactivated at once, purged after a stated grace period.

`account_deletion_request` hides the account from every view immediately (`is_active=False`, which
`balai.accounts.access` and `balai.posts.access` enforce), ends its sessions, revokes its bearer
tokens and e-mails a signed cancel link valid for the grace period
(`BALAI_ACCOUNT_DELETION_GRACE_DAYS`). Logging in meanwhile is refused with a message saying how
to cancel, and sends the link again. After the grace period the periodic job `account_purge`
removes media files first (the cascade would leave them behind), then the rows. The moderation
audit log has no foreign keys and survives; an `account.purged` entry snapshots the decisions and
reports about the account, whose rows cascade with it.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from balai.accounts.counters import recount_follows
from balai.accounts.emails import absolute_url
from balai.accounts.models import AccountDeletion, Block, Follow, FollowRequest, Mute, User
from balai.core.errors import BalaiError, Forbidden
from balai.core.events import publish_on_commit

logger = logging.getLogger(__name__)
CANCEL_SALT = "balai.accounts.cancel-deletion"


def grace_period() -> timedelta:
    return timedelta(days=settings.BALAI_ACCOUNT_DELETION_GRACE_DAYS)


def pending_deletion(user_id: int) -> AccountDeletion | None:
    """The deletion request of this account still inside its grace period, if any."""
    return AccountDeletion.objects.filter(
        user_id=user_id, cancelled_at__isnull=True, purged_at__isnull=True
    ).first()


def account_deletion_request(*, user: User, password: str) -> AccountDeletion:
    """Deactivate the account now, log it out everywhere, and schedule its purge."""
    if not user.check_password(password):
        raise BalaiError(_("The password is not correct."), field="password")
    if user.is_system:
        raise Forbidden(_("This account cannot be deleted."))
    now = timezone.now()
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=False)
        user.is_active = False
        deletion, _created = AccountDeletion.objects.update_or_create(
            user_id=user.pk,
            defaults={
                "requested_at": now,
                "username_digest": AccountDeletion.digest_of(user.username),
                "purge_after": now + grace_period(),
                "nonce": secrets.token_hex(16),
                "cancelled_at": None,
                "purged_at": None,
            },
        )
        revoke_tokens(user_id=user.pk)
        end_sessions(user_id=user.pk)
        transaction.on_commit(lambda: send_deletion_email(user, deletion))
    return deletion


def account_deletion_cancel(*, user: User) -> User:
    """Keep the account: reactivate it (the caller proved it holds a valid cancel link)."""
    with transaction.atomic():
        cancelled = AccountDeletion.objects.filter(
            user_id=user.pk, cancelled_at__isnull=True, purged_at__isnull=True
        ).update(cancelled_at=timezone.now())
        if not cancelled:
            raise BalaiError(_("This account is not scheduled for deletion."))
        User.objects.filter(pk=user.pk).update(is_active=True)
        user.is_active = True
    return user


def revoke_tokens(*, user_id: int) -> None:
    from balai.api.models import AccessToken, AuthorizationCode

    AccessToken.objects.filter(user_id=user_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    AuthorizationCode.objects.filter(user_id=user_id).delete()


def end_sessions(*, user_id: int) -> int:
    """Delete every stored session signed in as this user (database sessions)."""
    ended = 0
    wanted = str(user_id)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id", "")) == wanted:
            session.delete()
            ended += 1
    return ended


# --- the cancel link -------------------------------------------------------------------------


def cancel_token(deletion: AccountDeletion) -> str:
    return signing.dumps({"u": str(deletion.user_id), "n": deletion.nonce}, salt=CANCEL_SALT)


def user_for_cancel_token(token: str) -> User | None:
    """The account a valid token names, while its deletion is still pending; else None."""
    try:
        data = signing.loads(token, salt=CANCEL_SALT, max_age=grace_period())
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not str(data.get("u", "")).isdigit():
        return None
    deletion = pending_deletion(int(data["u"]))
    if deletion is None or deletion.nonce != data.get("n"):
        return None
    return User.objects.filter(pk=deletion.user_id).first()


def _date(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


def send_deletion_email(user: User, deletion: AccountDeletion) -> None:
    """Confirm the request and give the cancel link, in the user's language."""
    link = absolute_url(reverse("web:account_restore", args=[cancel_token(deletion)]))
    with translation.override(user.language or translation.get_language()):
        values = {
            "site": settings.BALAI_SITE_NAME,
            "date": _date(deletion.purge_after),
            "link": link,
        }
        subject = _("Your %(site)s account will be deleted") % values
        body = (
            _(
                "You asked us to delete your account. It is hidden now, and it and everything in "
                "it will be deleted for good on %(date)s.\n\n"
                "Changed your mind? Open this link before then to keep your account:\n%(link)s\n"
            )
            % values
        )
    send_mail(subject, body, None, [user.email])


def login_refusal(*, identifier: str, password: str) -> str | None:
    """For the login page: why a correct password of a deleted account does not let it in.

    Answers only when the password is correct, so it tells nobody else that the account exists,
    and sends the cancel link again.
    """
    identifier = identifier.strip()
    found = (
        User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))
        .order_by("id")
        .first()
    )
    if found is None or found.is_active or not found.check_password(password):
        return None
    deletion = pending_deletion(found.pk)
    if deletion is None:
        return None
    send_deletion_email(found, deletion)
    return _(
        "This account is scheduled for deletion on %(date)s. To keep it, open the link in the "
        "email we have just sent you."
    ) % {"date": _date(deletion.purge_after)}


# --- the purge -------------------------------------------------------------------------------


def account_purge(*, user_id: int) -> bool:
    """Delete everything of the account for good; returns False if it was already gone."""
    from balai.media.purge import media_purge_for_user

    now = timezone.now()
    if not User.objects.filter(pk=user_id).exists():
        AccountDeletion.objects.filter(user_id=user_id).update(purged_at=now)
        return False
    media_purge_for_user(user_id=user_id)  # files first: the User row's cascade would orphan them
    with transaction.atomic():
        _audit_snapshot(user_id)
        publish_on_commit("user.deleted", user_id=user_id)
        _delete_posts(user_id)
        _delete_interactions(user_id)
        _delete_graph(user_id)
        revoke_tokens(user_id=user_id)
        end_sessions(user_id=user_id)
        _delete_api_rows(user_id)
        User.objects.filter(pk=user_id).delete()
        AccountDeletion.objects.filter(user_id=user_id).update(purged_at=now)
    return True


def account_purge_due(*, now: datetime | None = None) -> int:
    """The periodic job: purge every account whose grace period has passed."""
    now = now or timezone.now()
    due = AccountDeletion.objects.filter(
        purge_after__lte=now, cancelled_at__isnull=True, purged_at__isnull=True
    ).values_list("user_id", flat=True)
    purged = 0
    for user_id in list(due):
        try:
            purged += account_purge(user_id=user_id)
        except Exception:  # one failing account must not stop the others; retried next turn
            logger.exception("purging account %s failed", user_id)
    return purged


def _delete_posts(user_id: int) -> None:
    from balai.core.search import unindex_post
    from balai.posts.counters import recount_statuses
    from balai.posts.models import Post

    own = Post.objects.filter(author_id=user_id)
    for post_id, reply_to, reblog_of, quote_of in own.values_list(
        "id", "in_reply_to_id", "reblog_of_id", "quote_of_id"
    ):
        unindex_post(post_id)
        others = Post.objects.exclude(author_id=user_id)
        if reply_to:
            others.filter(pk=reply_to, replies_count__gt=0).update(
                replies_count=F("replies_count") - 1
            )
        if reblog_of:
            others.filter(pk=reblog_of, reblogs_count__gt=0).update(
                reblogs_count=F("reblogs_count") - 1
            )
        if quote_of:
            others.filter(pk=quote_of, quotes_count__gt=0).update(
                quotes_count=F("quotes_count") - 1
            )
    # Other people's reposts of these posts go with them (reblog_of cascades).
    reposters = set(
        Post.objects.filter(reblog_of__author_id=user_id)
        .exclude(author_id=user_id)
        .values_list("author_id", flat=True)
    )
    own.delete()
    recount_statuses(reposters)


def _delete_interactions(user_id: int) -> None:
    from balai.posts.models import Bookmark, Like, Notification, Post

    liked = Like.objects.filter(user_id=user_id).values("post_id")  # one like per post at most
    Post.objects.filter(pk__in=liked, likes_count__gt=0).update(likes_count=F("likes_count") - 1)
    Like.objects.filter(user_id=user_id).delete()
    Bookmark.objects.filter(user_id=user_id).delete()
    Notification.objects.filter(Q(recipient_id=user_id) | Q(actor_id=user_id)).delete()


def _delete_graph(user_id: int) -> None:
    follows = Follow.objects.filter(Q(follower_id=user_id) | Q(followee_id=user_id))
    counterparts = {pk for pair in follows.values_list("follower_id", "followee_id") for pk in pair}
    follows.delete()
    recount_follows(counterparts - {user_id})
    FollowRequest.objects.filter(Q(requester_id=user_id) | Q(target_id=user_id)).delete()
    Block.objects.filter(Q(blocker_id=user_id) | Q(blocked_id=user_id)).delete()
    Mute.objects.filter(Q(muter_id=user_id) | Q(muted_id=user_id)).delete()
    from balai.accounts.models import RecoveryCode

    RecoveryCode.objects.filter(user_id=user_id).delete()


def _delete_api_rows(user_id: int) -> None:
    from balai.api.models import AccessToken, Application

    AccessToken.objects.filter(user_id=user_id).delete()
    Application.objects.filter(owner_id=user_id).delete()


def _audit_snapshot(user_id: int) -> None:
    """Append `account.purged` to the moderation audit log, keeping what the cascade removes.

    Decisions, strikes, appeals and reports about the account have foreign keys that cascade
    with the User row; their substance is kept here so the record of what moderators did
    survives. Reports it made about others are handed to the system account so they stay in the
    queue. Earlier audit entries hold only ids and text and are untouched.
    """
    from balai.moderation.models import AuditLog, Decision, Report
    from balai.moderation.notices import system_user

    user = User.objects.get(pk=user_id)
    decisions = Decision.objects.filter(account_id=user_id).order_by("id")
    reports = Report.objects.filter(Q(account_id=user_id) | Q(reporter_id=user_id)).order_by("id")
    data: dict[str, Any] = {
        "username": user.username,
        "decisions": [
            {
                "id": d.pk,
                "action": d.action,
                "rule": d.rule,
                "reason": d.reason,
                "moderator_id": d.moderator_id,
                "post_id": d.post_id,
                "report_id": d.report_id,
                "created_at": d.created_at.isoformat(),
                "reversed_at": d.reversed_at.isoformat() if d.reversed_at else None,
            }
            for d in decisions
        ],
        "reports": [
            {
                "id": r.pk,
                "about_account": r.account_id == user_id,
                "category": r.category,
                "created_at": r.created_at.isoformat(),
                "resolved_at": r.resolved_at.isoformat() if r.resolved_at else None,
            }
            for r in reports
        ],
    }
    # Reports this person made about others stay in the queue, filed by the system account.
    data["reports_made_kept"] = (
        Report.objects.filter(reporter_id=user_id)
        .exclude(account_id=user_id)
        .update(reporter=system_user())
    )
    AuditLog.objects.create(
        actor_id=None,
        actor_name="system",
        action="account.purged",
        target_type="account",
        target_id=user_id,
        reason="account deleted by its owner; grace period over",
        data=data,
    )
