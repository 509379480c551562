"""OAuth 2 writes: register applications, issue and redeem authorization codes, revoke tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.api.auth import valid_scopes
from balai.api.models import AccessToken, Application, AuthorizationCode, hash_token

OOB = "urn:ietf:wg:oauth:2.0:oob"
CODE_LIFETIME = timedelta(minutes=10)
FORBIDDEN_SCHEMES = {"javascript", "data", "vbscript", "file", "blob"}


class OAuthError(Exception):
    """An RFC 6749 error: `code` is the machine word, `description` the human sentence."""

    def __init__(self, code: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.status = status


def valid_redirect_uri(uri: str) -> bool:
    if uri == OOB:
        return True
    if len(uri) > 2000 or any(c.isspace() for c in uri):
        return False
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if not scheme or scheme in FORBIDDEN_SCHEMES or parts.fragment:
        return False
    if scheme in ("http", "https"):
        return bool(parts.netloc)
    return True  # custom schemes of native apps, e.g. tusky://oauth


def application_create(
    *, name: str, redirect_uris: list[str], scopes: str, website: str = ""
) -> tuple[Application, list[str]]:
    """Register a client. Raises ValueError(message) on bad input (the caller answers 422)."""
    from balai.core.errors import BalaiError

    name = name.strip()
    if not name:
        raise BalaiError(_("client_name can't be blank"), field="client_name")
    if len(name) > 200:
        raise BalaiError(_("client_name is too long (at most 200 characters)"))
    uris = [u.strip() for u in redirect_uris if u.strip()]
    if not uris:
        raise BalaiError(_("redirect_uris can't be blank"), field="redirect_uris")
    bad = [u for u in uris if not valid_redirect_uri(u)]
    if bad:
        raise BalaiError(_("redirect_uris must be absolute URIs: %(uri)s") % {"uri": bad[0][:200]})
    scopes = " ".join(scopes.split()) or "read"
    if not valid_scopes(scopes):
        raise BalaiError(_("scopes are not valid: %(s)s") % {"s": scopes[:200]}, field="scopes")
    website = website.strip()
    if website and (len(website) > 500 or urlsplit(website).scheme not in ("http", "https")):
        raise BalaiError(_("website must be an http or https URL"), field="website")
    app = Application.objects.create(
        name=name,
        website=website,
        redirect_uris="\n".join(uris),
        scopes=scopes,
        client_id=secrets.token_urlsafe(32),
        client_secret=secrets.token_urlsafe(32),
    )
    return app, uris


def requested_scopes(app: Application, scope: str | None) -> str:
    """The scopes a request asks for; they must be a subset of what the app registered."""
    asked = " ".join((scope or "").replace("+", " ").split()) or app.scopes
    if not valid_scopes(asked) or not set(asked.split()) <= set(app.scopes.split()):
        raise OAuthError(
            "invalid_scope", _("The requested scope is invalid, unknown, or malformed.")
        )
    return asked


def code_issue(
    *,
    app: Application,
    user: User,
    redirect_uri: str,
    scopes: str,
    code_challenge: str = "",
    code_challenge_method: str = "",
) -> str:
    raw = secrets.token_urlsafe(32)
    AuthorizationCode.objects.create(
        code_hash=hash_token(raw),
        application=app,
        user=user,
        redirect_uri=redirect_uri,
        scopes=scopes,
        code_challenge=code_challenge,
        code_challenge_method=code_challenge_method,
        expires_at=timezone.now() + CODE_LIFETIME,
    )
    return raw


def authenticate_client(client_id: str, client_secret: str | None) -> Application:
    app = Application.objects.filter(client_id=client_id).first() if client_id else None
    if app is None or (
        client_secret is not None
        and not hmac.compare_digest(app.client_secret.encode(), client_secret.encode())
    ):
        raise invalid_client()
    return app


def invalid_client() -> OAuthError:
    return OAuthError(
        "invalid_client",
        _(
            "Client authentication failed due to unknown client, no client authentication "
            "included, or unsupported authentication method."
        ),
        status=401,
    )


def _pkce_ok(code: AuthorizationCode, verifier: str) -> bool:
    if not code.code_challenge:
        return True
    digest = hashlib.sha256(verifier.encode()).digest()
    expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return bool(verifier) and hmac.compare_digest(expected, code.code_challenge)


@transaction.atomic
def code_redeem(
    *, app: Application, raw_code: str, redirect_uri: str, verifier: str, secret_given: bool
) -> tuple[AccessToken, str]:
    code = (
        AuthorizationCode.objects.select_for_update()
        .filter(code_hash=hash_token(raw_code), application=app, used_at__isnull=True)
        .select_related("user")
        .first()
    )
    invalid = OAuthError(
        "invalid_grant",
        _(
            "The provided authorization grant is invalid, expired, revoked, does not match the "
            "redirection URI used in the authorization request, or was issued to another client."
        ),
    )
    if code is None or code.expires_at <= timezone.now() or code.redirect_uri != redirect_uri:
        raise invalid
    if not code.code_challenge and not secret_given:
        raise invalid_client()
    if not _pkce_ok(code, verifier):
        raise invalid
    code.used_at = timezone.now()
    code.save(update_fields=["used_at"])
    return AccessToken.issue(user=code.user, scopes=code.scopes, application=app)


def password_grant(
    *, app: Application, username: str, password: str, scopes: str
) -> tuple[AccessToken, str]:
    user = User.objects.filter(username__iexact=username).first()
    if (
        user is None
        or not user.check_password(password)
        or not user.is_active
        or user.totp_enabled
        or user.is_suspended
    ):
        raise OAuthError("invalid_grant", _("The username or password is not correct."))
    return AccessToken.issue(user=user, scopes=scopes, application=app)


def token_revoke(*, app: Application, raw_token: str) -> None:
    AccessToken.objects.filter(
        token_hash=hash_token(raw_token), application=app, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
