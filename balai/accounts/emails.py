"""Account emails: the sign-up confirmation link, sent through Django's configured email backend.

A confirmation token is a signed, time-limited value naming the user and the address it was sent
to, so changing the address invalidates older links. Nothing about it is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from balai.accounts.models import User

CONFIRM_SALT = "balai.accounts.confirm-email"
CONFIRM_MAX_AGE = 3 * 24 * 3600


def confirmation_token(user: User) -> str:
    return signing.dumps({"u": str(user.pk), "e": user.email.lower()}, salt=CONFIRM_SALT)


def user_for_confirmation_token(token: str) -> User | None:
    """The user a valid, unexpired token was made for, or None."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    user = User.objects.filter(pk=int(str(data.get("u", "0")) or 0)).first()
    if user is None or user.email.lower() != data.get("e"):
        return None
    return user


def absolute_url(path: str) -> str:
    scheme = "https" if settings.BALAI_HTTPS else "http"
    return f"{scheme}://{settings.BALAI_DOMAIN}{path}"


def send_confirmation_email(user: User) -> None:
    """Send the confirmation link, in the user's language (or the one active now)."""
    link = absolute_url(reverse("web:confirm_email", args=[confirmation_token(user)]))
    language = user.language or translation.get_language()
    with translation.override(language):
        context = {"user": user, "link": link, "site_name": settings.BALAI_SITE_NAME}
        subject = render_to_string("accounts/email/confirm_subject.txt", context).strip()
        body = render_to_string("accounts/email/confirm_body.txt", context)
    send_mail(subject, body, None, [user.email])
