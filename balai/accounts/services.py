"""Writes for accounts: sign-up, profile, two-factor, and the social graph."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

import pyotp
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.access import can_interact
from balai.accounts.counters import recount_follows
from balai.accounts.models import (
    AccountDeletion,
    Block,
    Follow,
    FollowRequest,
    Mute,
    RecoveryCode,
    Role,
    User,
    Visibility,
    username_validator,
)
from balai.core.errors import BalaiError, NotFound
from balai.core.events import publish_on_commit

RESERVED_USERNAMES = {
    "admin",
    "administrator",
    "root",
    "balai",
    "moderator",
    "moderators",
    "support",
    "system",
    "api",
    "about",
    "settings",
    "static",
    "media",
    "oauth",
    "well_known",
    "webmaster",
    "abuse",
}
MAX_PROFILE_FIELDS = 4
RECOVERY_CODE_COUNT = 10


def _validate_username(username: str) -> None:
    try:
        username_validator(username)
    except ValidationError as exc:
        raise BalaiError(str(exc.messages[0]), field="username") from exc
    if username.lower() in RESERVED_USERNAMES:
        raise BalaiError(_("This username is reserved."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise BalaiError(_("This username is already taken."), field="username")
    if AccountDeletion.objects.filter(
        username_digest=AccountDeletion.digest_of(username), purged_at__isnull=False
    ).exists():
        raise BalaiError(_("This username belonged to a deleted account."), field="username")


def _validate_email(email: str) -> None:
    try:
        validate_email(email)
    except ValidationError as exc:
        raise BalaiError(_("Enter a valid email address."), field="email") from exc
    if User.objects.filter(email__iexact=email).exists():
        raise BalaiError(_("This email address is already registered."), field="email")


def _validate_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise BalaiError(" ".join(str(m) for m in exc.messages), field="password") from exc


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str,
    password: str,
    language: str = "",
    reason: str = "",
    role: str = Role.USER,
    confirmed: bool | None = None,
    approved: bool | None = None,
) -> User:
    """Create an account, honouring the registration mode and email confirmation settings."""
    username = username.strip()
    email = email.strip()
    _validate_username(username)
    _validate_email(email)
    _validate_password(password, User(username=username, email=email))
    if role not in Role.values:
        raise BalaiError(_("Unknown role."), field="role")
    if confirmed is None:
        confirmed = not settings.BALAI_SIGNUP_CONFIRM_EMAIL
    if approved is None:
        approved = settings.BALAI_REGISTRATION_MODE != "approval"
    user = User(
        username=username,
        email=email,
        password=make_password(password),
        language=language if language in dict(settings.LANGUAGES) else "",
        signup_reason=reason[:500],
        role=role,
        email_confirmed=confirmed,
        approved=approved,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # lost a race with another sign-up for the same name
        raise BalaiError(_("This username is already taken."), field="username") from exc
    publish_on_commit("user.created", user_id=user.pk)
    return user


def user_confirm_email(*, user: User) -> None:
    User.objects.filter(pk=user.pk).update(email_confirmed=True)
    user.email_confirmed = True


def user_approve(*, user: User) -> None:
    User.objects.filter(pk=user.pk).update(approved=True)
    user.approved = True
    publish_on_commit("user.approved", user_id=user.pk)


def _clean_fields(fields: list[dict[str, Any]]) -> list[dict[str, str]]:
    cleaned = []
    for item in fields:
        name = str(item.get("name", "")).strip()[:255]
        value = str(item.get("value", "")).strip()[:255]
        if name or value:
            cleaned.append({"name": name, "value": value})
    if len(cleaned) > MAX_PROFILE_FIELDS:
        raise BalaiError(_("At most 4 profile fields are allowed."), field="fields")
    return cleaned


def profile_update(*, user: User, **changes: Any) -> User:
    """Update the editable parts of a profile; unknown keys are a programming error."""
    allowed = {"display_name", "bio", "fields", "locked", "default_visibility", "language"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    if "display_name" in changes:
        changes["display_name"] = str(changes["display_name"]).strip()
        if len(changes["display_name"]) > 60:
            raise BalaiError(_("Display names are at most 60 characters."), field="display_name")
    if "bio" in changes and len(changes["bio"]) > 500:
        raise BalaiError(_("The bio is at most 500 characters."), field="bio")
    if "fields" in changes:
        changes["fields"] = _clean_fields(changes["fields"])
    if "default_visibility" in changes and changes["default_visibility"] not in Visibility.values:
        raise BalaiError(_("Unknown visibility."), field="default_visibility")
    if "language" in changes and changes["language"] not in {"", *dict(settings.LANGUAGES)}:
        raise BalaiError(_("Unknown language."), field="language")
    was_locked = user.locked
    for key, value in changes.items():
        setattr(user, key, value)
    with transaction.atomic():
        user.save(update_fields=list(changes))
        if was_locked and not user.locked:
            _accept_all_requests(user)
    return user


def _accept_all_requests(user: User) -> None:
    for request in FollowRequest.objects.filter(target=user).select_related("requester"):
        follow_request_authorize(target=user, requester=request.requester)


# Two-factor authentication -------------------------------------------------------------


def totp_begin(*, user: User) -> str:
    """Start enrolment: a new secret, not yet enforced until confirmed with a code."""
    if user.totp_enabled:
        raise BalaiError(_("Two-factor authentication is already on."))
    user.totp_secret = pyotp.random_base32()
    user.save(update_fields=["totp_secret"])
    return user.totp_secret


def totp_provisioning_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(
        name=user.username, issuer_name=settings.BALAI_SITE_NAME
    )


@transaction.atomic
def totp_enable(*, user: User, code: str) -> list[str]:
    """Confirm enrolment with a current code; returns fresh recovery codes (shown once)."""
    if not user.totp_secret or not pyotp.TOTP(user.totp_secret).verify(
        code.strip(), valid_window=1
    ):
        raise BalaiError(
            _("That code is not valid. Check your device's clock and try again."), field="code"
        )
    user.totp_enabled = True
    user.save(update_fields=["totp_enabled"])
    return recovery_codes_regenerate(user=user)


@transaction.atomic
def totp_disable(*, user: User, password: str) -> None:
    if not user.check_password(password):
        raise BalaiError(_("The password is not correct."), field="password")
    user.totp_enabled = False
    user.totp_secret = ""
    user.save(update_fields=["totp_enabled", "totp_secret"])
    RecoveryCode.objects.filter(user=user).delete()


def _hash_recovery_code(code: str) -> str:
    # Codes carry 64 random bits, so a fast keyed hash is enough and allows an indexed lookup.
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def recovery_codes_regenerate(*, user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, code_hash=_hash_recovery_code(code)) for code in codes]
    )
    return codes


@transaction.atomic
def totp_verify(*, user: User, code: str) -> bool:
    """Check a login code: a current TOTP code, or an unused recovery code (then spent)."""
    code = code.strip().replace(" ", "")
    if (
        user.totp_enabled
        and code.isdigit()
        and pyotp.TOTP(user.totp_secret).verify(code, valid_window=1)
    ):
        return True
    spent = RecoveryCode.objects.filter(
        user=user, used_at=None, code_hash=_hash_recovery_code(code.lower())
    ).update(used_at=timezone.now())
    return spent > 0


# Social graph ----------------------------------------------------------------------------


def _check_can_follow(follower: User, target: User) -> None:
    if follower.pk == target.pk:
        raise BalaiError(_("You cannot follow yourself."))
    if not can_interact(follower, target):
        raise NotFound(_("Account not found."))


@transaction.atomic
def follow_create(*, follower: User, target: User) -> str:
    """Follow `target`, or ask to when the account is locked. Returns "following" or "requested"."""
    _check_can_follow(follower, target)
    if Follow.objects.filter(follower=follower, followee=target).exists():
        return "following"
    if target.locked:
        request, created = FollowRequest.objects.get_or_create(requester=follower, target=target)
        if created:
            publish_on_commit("follow_request.created", request_id=request.pk)
        return "requested"
    follow, created = Follow.objects.get_or_create(follower=follower, followee=target)
    if created:
        recount_follows([follower.pk, target.pk])
        publish_on_commit("follow.created", follow_id=follow.pk)
    return "following"


@transaction.atomic
def follow_delete(*, follower: User, target: User) -> None:
    _end_follow(follower, target)
    FollowRequest.objects.filter(requester=follower, target=target).delete()


@transaction.atomic
def follower_remove(*, user: User, follower: User) -> None:
    _end_follow(follower, user)


def _end_follow(follower: User, followee: User) -> None:
    deleted, _count = Follow.objects.filter(follower=follower, followee=followee).delete()
    if deleted:
        recount_follows([follower.pk, followee.pk])
        publish_on_commit("follow.ended", follower_id=follower.pk, followee_id=followee.pk)


@transaction.atomic
def follow_request_authorize(*, target: User, requester: User) -> None:
    deleted, _count = FollowRequest.objects.filter(requester=requester, target=target).delete()
    if not deleted:
        raise NotFound(_("Follow request not found."))
    follow, created = Follow.objects.get_or_create(follower=requester, followee=target)
    if created:
        recount_follows([requester.pk, target.pk])
        publish_on_commit("follow.created", follow_id=follow.pk)


@transaction.atomic
def follow_request_reject(*, target: User, requester: User) -> None:
    deleted, _count = FollowRequest.objects.filter(requester=requester, target=target).delete()
    if not deleted:
        raise NotFound(_("Follow request not found."))


@transaction.atomic
def block_create(*, blocker: User, target: User) -> None:
    """Block hides both ways: follows and requests in either direction end."""
    if blocker.pk == target.pk:
        raise BalaiError(_("You cannot block yourself."))
    Block.objects.get_or_create(blocker=blocker, blocked=target)
    for a, b in ((blocker, target), (target, blocker)):
        Follow.objects.filter(follower=a, followee=b).delete()
        FollowRequest.objects.filter(requester=a, target=b).delete()
    recount_follows([blocker.pk, target.pk])
    publish_on_commit("block.created", blocker_id=blocker.pk, blocked_id=target.pk)


def block_delete(*, blocker: User, target: User) -> None:
    Block.objects.filter(blocker=blocker, blocked=target).delete()


def mute_create(*, muter: User, target: User) -> None:
    if muter.pk == target.pk:
        raise BalaiError(_("You cannot mute yourself."))
    Mute.objects.get_or_create(muter=muter, muted=target)


def mute_delete(*, muter: User, target: User) -> None:
    Mute.objects.filter(muter=muter, muted=target).delete()
