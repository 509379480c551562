"""Sign-up, email confirmation, log in (with a second factor when it is on) and log out."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts.emails import send_confirmation_email, user_for_confirmation_token
from balai.accounts.models import User
from balai.accounts.services import totp_verify, user_confirm_email, user_create
from balai.core.errors import BalaiError, Forbidden
from balai.privacy.deletion import login_refusal as deletion_login_refusal
from balai.web.forms import CodeForm, EmailForm, LoginForm, SignupForm, add_service_error
from balai.web.utils import safe_next

PENDING_2FA_KEY = "balai_2fa_pending"
PENDING_2FA_SECONDS = 300


def signup(request: HttpRequest) -> HttpResponse:
    mode = settings.BALAI_REGISTRATION_MODE
    if mode == "closed":
        raise Forbidden(_("This server is not accepting new accounts right now."))
    if request.user.is_authenticated:
        return redirect("web:home")
    form = SignupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                user = user_create(
                    username=form.cleaned_data["username"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                    language=translation.get_language() or "",
                    reason=form.cleaned_data["reason"],
                )
            except BalaiError as error:
                add_service_error(form, error)
            else:
                return _after_signup(request, user)
    return TemplateResponse(request, "web/auth/signup.html", {"form": form}, status=status)


def _after_signup(request: HttpRequest, user: User) -> HttpResponse:
    if not user.email_confirmed:
        send_confirmation_email(user)
    if user.email_confirmed and user.approved:
        login(request, user, backend="balai.accounts.backends.AccountBackend")
        messages.success(request, _("Welcome to %(site)s!") % {"site": settings.BALAI_SITE_NAME})
        return redirect("web:home")
    return TemplateResponse(request, "web/auth/signup_done.html", {"new_user": user})


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    user = user_for_confirmation_token(token)
    if user is None:
        raise BalaiError(_("This confirmation link is not valid or has expired."))
    user_confirm_email(user=user)
    if user.approved:
        messages.success(request, _("Your email address is confirmed. You can log in now."))
    else:
        messages.success(
            request,
            _("Your email address is confirmed. A moderator will review your application."),
        )
    return redirect("web:login")


def resend_confirmation(request: HttpRequest) -> HttpResponse:
    """Send the confirmation link again; the answer never tells whether the address is known."""
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(
            email__iexact=form.cleaned_data["email"], email_confirmed=False, is_active=True
        ).first()
        if user is not None:
            send_confirmation_email(user)
        messages.info(
            request,
            _("If an unconfirmed account uses that address, we have sent it a new link."),
        )
        return redirect("web:login")
    status = 422 if request.method == "POST" else 200
    return TemplateResponse(request, "web/auth/resend.html", {"form": form}, status=status)


def _refusal(user: User) -> str | None:
    """Why a correct password still does not let this person in, if it does not."""
    if not user.email_confirmed:
        return _("Please confirm your email address first: follow the link we sent you.")
    if not user.approved:
        return _("Your account is waiting for a moderator's approval.")
    if user.is_suspended:
        return _("This account is suspended.")
    return None


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method != "POST":
        return redirect("web:home")
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            user = _authenticate(
                request, form.cleaned_data["username"], form.cleaned_data["password"]
            )
            refusal = _refusal(user) if user is not None else None
            if user is None:
                deleted = deletion_login_refusal(
                    identifier=form.cleaned_data["username"], password=form.cleaned_data["password"]
                )
                form.add_error(None, deleted or _("The username or password is not correct."))
            elif refusal:
                form.add_error(None, refusal)
            elif user.totp_enabled:
                request.session[PENDING_2FA_KEY] = {"user": str(user.pk), "at": time.time()}
                request.session["balai_next"] = safe_next(request, "", referer=False)
                return redirect("web:login_2fa")
            else:
                return _finish_login(request, user)
    context = {"form": form, "next": request.GET.get("next", "")}
    return TemplateResponse(request, "web/auth/login.html", context, status=status)


def _authenticate(request: HttpRequest, identifier: str, password: str) -> User | None:
    identifier = identifier.strip()
    account = User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))
    found = account.order_by("id").first()
    if found is None:
        return None
    user = authenticate(request, username=found.username, password=password)
    return user if isinstance(user, User) else None


def _finish_login(request: HttpRequest, user: User) -> HttpResponse:
    target = request.session.pop("balai_next", "") or safe_next(request, "", referer=False)
    login(request, user, backend="balai.accounts.backends.AccountBackend")
    return redirect(target or "web:home")


def login_2fa(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_2FA_KEY) or {}
    user = None
    if pending and time.time() - float(pending.get("at", 0)) < PENDING_2FA_SECONDS:
        user = User.objects.filter(pk=int(pending["user"]), totp_enabled=True).first()
    if user is None:
        request.session.pop(PENDING_2FA_KEY, None)
        messages.error(request, _("Please log in again."))
        return redirect("web:login")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and totp_verify(user=user, code=form.cleaned_data["code"]):
            request.session.pop(PENDING_2FA_KEY, None)
            return _finish_login(request, user)
        form.add_error("code", _("That code is not valid."))
    return TemplateResponse(request, "web/auth/login_2fa.html", {"form": form}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("web:local")
