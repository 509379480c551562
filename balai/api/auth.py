"""Bearer-token authentication and OAuth scope checks for the Mastodon API.

Use on a ninja operation: `auth=scoped("read:statuses")` (a user token with that scope),
`auth=scoped("read:statuses", optional=True)` (anonymous allowed, a bad token still refused),
`auth=scoped("admin:read:reports", role="moderator")`, `auth=scoped("write:accounts", app=True)`
(an app-only token from client_credentials is enough). Inside the view, `request.auth` is the
AccessToken (or None when anonymous) and `request.user` the token's user (or AnonymousUser).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from balai.accounts.models import User
from balai.api.errors import ApiError
from balai.api.models import AccessToken, hash_token
from balai.core import compiled

READ_SCOPES = {
    "accounts",
    "blocks",
    "bookmarks",
    "favourites",
    "filters",
    "follows",
    "lists",
    "mutes",
    "notifications",
    "search",
    "statuses",
}
WRITE_SCOPES = READ_SCOPES - {"search"} | {"conversations", "media", "reports"}
ADMIN_READ = {
    "accounts",
    "reports",
    "domain_allows",
    "domain_blocks",
    "ip_blocks",
    "email_domain_blocks",
    "canonical_email_blocks",
}
ALL_SCOPES = (
    {"read", "write", "follow", "push", "profile", "admin:read", "admin:write"}
    | {f"read:{s}" for s in READ_SCOPES}
    | {f"write:{s}" for s in WRITE_SCOPES}
    | {f"admin:read:{s}" for s in ADMIN_READ}
    | {f"admin:write:{s}" for s in ADMIN_READ}
)
FOLLOW_LEGACY = {
    "read:blocks",
    "write:blocks",
    "read:follows",
    "write:follows",
    "read:mutes",
    "write:mutes",
}
ROLE_RANK = {"user": 0, "moderator": 1, "admin": 2}
TOKEN_TOUCH_SECONDS = 300


def has_scope(granted: set[str], required: str) -> bool:
    """`read` covers `read:statuses`; `admin:read` covers `admin:read:reports`; `follow` the
    legacy follow/block/mute scopes; `profile` covers reading one's own account."""
    candidate = required
    while candidate:
        if candidate in granted:
            return True
        candidate = candidate.rpartition(":")[0]
    if required in FOLLOW_LEGACY and "follow" in granted:
        return True
    return required == "read:accounts" and "profile" in granted


def valid_scopes(scopes: str) -> bool:
    words = scopes.split()
    return bool(words) and all(word in ALL_SCOPES for word in words)


_TOKEN_FIELDS = [f.attname for f in AccessToken._meta.concrete_fields]
_USER_FIELDS = [f.attname for f in User._meta.concrete_fields]


def _live_token(token_hash: str) -> AccessToken | None:
    """The unrevoked token with this hash and its user, in one query compiled once per process
    (every API request makes it; the ORM's compile of the join cost more than the answer)."""
    query = compiled.compiled(
        ("live token with user",),
        lambda m: (
            AccessToken.objects.filter(token_hash=m.text("hash"), revoked_at__isnull=True)
            .values_list(*_TOKEN_FIELDS, *(f"user__{name}" for name in _USER_FIELDS))
            .order_by()[:1]
        ),
    )
    rows = query.fetch({"hash": token_hash})
    if not rows:
        return None
    split = len(_TOKEN_FIELDS)
    token = AccessToken.from_db(connection.alias, _TOKEN_FIELDS, rows[0][:split])
    if token.user_id is not None:
        token.user = User.from_db(connection.alias, _USER_FIELDS, rows[0][split:])
    return token


def token_for(raw: str) -> AccessToken | None:
    token = _live_token(hash_token(raw))
    if token is None:
        return None
    user = token.user
    if user is not None and (not user.is_active or user.is_suspended):
        return None
    now = timezone.now()
    if (
        token.last_used_at is None
        or (now - token.last_used_at).total_seconds() > TOKEN_TOUCH_SECONDS
    ):
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


class ScopedBearer(HttpBearer):
    def __init__(
        self, scope: str | None, *, optional: bool = False, app: bool = False, role: str = "user"
    ) -> None:
        super().__init__()
        self.scope = scope
        self.optional = optional
        self.app = app
        self.role = role

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if self.optional and not header.strip() and not settings.BALAI_API_REQUIRE_LOGIN:
            request.user = AnonymousUser()
            return AnonymousToken()
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> AccessToken | None:
        found = token_for(token.strip())
        if found is None:
            return None
        user: User | None = found.user
        if user is None and not self.app:
            raise ApiError(422, _("This method requires an authenticated user"))
        if self.scope and not has_scope(found.scope_set, self.scope):
            raise ApiError(403, _("This action is outside the authorized scopes"))
        if ROLE_RANK.get(self.role, 0) > 0 and (
            user is None or ROLE_RANK.get(user.role, 0) < ROLE_RANK[self.role]
        ):
            raise ApiError(403, _("This action is not allowed"))
        request.user = user if user is not None else AnonymousUser()
        return found


class AnonymousToken:
    """Truthy placeholder for an anonymous request on an endpoint open to everyone."""

    user = None
    scopes = ""

    def __bool__(self) -> bool:
        return True


def scoped(
    scope: str | None = None, *, optional: bool = False, app: bool = False, role: str = "user"
) -> ScopedBearer:
    return ScopedBearer(scope, optional=optional, app=app, role=role)


def current_user(request: HttpRequest) -> User:
    """The authenticated user (operations with a non-optional user auth always have one)."""
    user = request.user
    if not isinstance(user, User):
        raise ApiError(422, _("This method requires an authenticated user"))
    return user


def viewer(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) else None
