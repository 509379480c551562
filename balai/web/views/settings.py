"""Settings: profile, interface language, password, two-factor login, and your data (export,
account deletion)."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import services
from balai.core.errors import BalaiError
from balai.media.selectors import avatar_url, header_url
from balai.media.services import profile_image_set
from balai.privacy import deletion
from balai.privacy.export import export_archive
from balai.web.forms import (
    CodeForm,
    PasswordConfirmForm,
    ProfileForm,
    ProfileImagesForm,
    add_service_error,
)
from balai.web.utils import redirect_back, request_user


def _profile_initial(request: HttpRequest) -> dict[str, object]:
    user = request_user(request)
    initial: dict[str, object] = {
        "display_name": user.display_name,
        "bio": user.bio,
        "locked": user.locked,
        "default_visibility": user.default_visibility,
        "language": user.language,
    }
    for index, item in enumerate(user.fields or []):
        initial[f"field_name_{index}"] = item.get("name", "")
        initial[f"field_value_{index}"] = item.get("value", "")
    return initial


@login_required
def profile_settings(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = ProfileForm(request.POST or None, initial=_profile_initial(request))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.profile_update(
                    user=user,
                    display_name=data["display_name"],
                    bio=data["bio"],
                    fields=form.profile_fields(),
                    locked=data["locked"],
                    default_visibility=data["default_visibility"],
                    language=data["language"],
                )
            except BalaiError as error:
                add_service_error(form, error)
            else:
                translation.activate(
                    user.language or translation.get_language_from_request(request)
                )
                messages.success(request, _("Your profile is saved."))
                return redirect("web:settings_profile")
    return _profile_page(request, form, ProfileImagesForm(), status)


def _profile_page(
    request: HttpRequest, form: ProfileForm, images_form: ProfileImagesForm, status: int
) -> HttpResponse:
    user = request_user(request)
    context = {
        "form": form,
        "images_form": images_form,
        "avatar": avatar_url(user),
        "header": header_url(user),
        "title": _("Profile settings"),
    }
    return TemplateResponse(request, "web/settings/profile.html", context, status=status)


@login_required
@require_POST
def profile_images(request: HttpRequest) -> HttpResponse:
    """Replace the avatar and/or the header with uploaded images (re-encoded by balai.media)."""
    user = request_user(request)
    form = ProfileImagesForm(request.POST, request.FILES)
    if form.is_valid():
        for kind in ("avatar", "header"):
            upload = form.cleaned_data.get(kind)
            if not upload:
                continue
            try:
                profile_image_set(user=user, kind=kind, file=upload, size=upload.size or 0)
            except BalaiError as error:
                form.add_error(kind, error.message)
    if form.is_valid() and any(form.cleaned_data.values()):
        messages.success(request, _("Your profile images are saved."))
        return redirect("web:settings_profile")
    if not form.errors:
        form.add_error(None, _("Choose an image to upload."))
    profile_form = ProfileForm(initial=_profile_initial(request))
    return _profile_page(request, profile_form, form, 422)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Choose the interface language: kept on the account when signed in, else in a cookie."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        raise BalaiError(_("Unknown language."), field="language")
    if request.user.is_authenticated:
        services.profile_update(user=request_user(request), language=language)
    response = redirect_back(request, "/")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
    )
    return response


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """Password change and two-factor authentication (TOTP with recovery codes)."""
    user = request_user(request)
    password_form = PasswordChangeForm(user, request.POST or None, prefix="pw")
    status = 200
    if request.method == "POST" and request.POST.get("form") == "password":
        if password_form.is_valid():
            password_form.save()
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password is changed."))
            return redirect("web:settings_security")
        status = 422
    context = {
        "title": _("Security"),
        "password_form": PasswordChangeForm(user, prefix="pw") if status == 200 else password_form,
        "disable_form": PasswordConfirmForm(),
    }
    return TemplateResponse(request, "web/settings/security.html", context, status=status)


@login_required
def totp_setup(request: HttpRequest) -> HttpResponse:
    """Step 1 starts enrolment (a new secret, shown as a QR code); step 2 confirms a code."""
    user = request_user(request)
    if user.totp_enabled:
        return redirect("web:settings_security")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and request.POST.get("step") == "confirm":
        status = 422
        if form.is_valid():
            try:
                codes = services.totp_enable(user=user, code=form.cleaned_data["code"])
            except BalaiError as error:
                add_service_error(form, error)
            else:
                shown = {"codes": codes, "title": _("Recovery codes")}
                return TemplateResponse(request, "web/settings/recovery_codes.html", shown)
    elif request.method == "POST" or not user.totp_secret:
        services.totp_begin(user=user)
        form = CodeForm()
    uri = services.totp_provisioning_uri(user)
    context: dict[str, object] = {
        "form": form,
        "secret": user.totp_secret,
        "qr_svg": segno.make(uri, error="m").svg_inline(scale=4, dark="#111", light="#fff"),
        "title": _("Two-factor authentication"),
    }
    return TemplateResponse(request, "web/settings/totp_setup.html", context, status=status)


@login_required
@require_POST
def totp_disable(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = PasswordConfirmForm(request.POST)
    if not form.is_valid():
        raise BalaiError(_("Enter your password."), field="password")
    services.totp_disable(user=user, password=form.cleaned_data["password"])
    messages.success(request, _("Two-factor authentication is off."))
    return redirect("web:settings_security")


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = PasswordConfirmForm(request.POST)
    if not form.is_valid() or not user.check_password(form.cleaned_data["password"]):
        raise BalaiError(_("The password is not correct."), field="password")
    if not user.totp_enabled:
        return redirect("web:settings_security")
    codes = services.recovery_codes_regenerate(user=user)
    context = {"codes": codes, "title": _("Recovery codes")}
    return TemplateResponse(request, "web/settings/recovery_codes.html", context)


@login_required
def account_data(request: HttpRequest) -> HttpResponse:
    """Your data: download an archive of it, or delete the account (after a grace period)."""
    form = PasswordConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                deletion.account_deletion_request(
                    user=request_user(request), password=form.cleaned_data["password"]
                )
            except BalaiError as error:
                add_service_error(form, error)
            else:
                logout(request)
                messages.success(
                    request,
                    _(
                        "Your account is deleted and hidden now. We have sent you an email with "
                        "a link that restores it during the next %(days)s days."
                    )
                    % {"days": settings.BALAI_ACCOUNT_DELETION_GRACE_DAYS},
                )
                return redirect("web:login")
    context = {
        "title": _("Your data"),
        "delete_form": form,
        "grace_days": settings.BALAI_ACCOUNT_DELETION_GRACE_DAYS,
    }
    return TemplateResponse(request, "web/settings/account_data.html", context, status=status)


@login_required
@require_POST
def account_export(request: HttpRequest) -> FileResponse:
    """Download a zip of your own posts, media, follows, blocks, mutes, bookmarks, likes, lists."""
    user = request_user(request)
    name = f"{user.username}-{timezone.now():%Y%m%d}.zip"
    archive = export_archive(user=user)
    return FileResponse(archive, as_attachment=True, filename=name, content_type="application/zip")


def account_restore(request: HttpRequest, token: str) -> HttpResponse:
    """The cancel link from the deletion email: a button (POST) keeps the account."""
    user = deletion.user_for_cancel_token(token)
    if user is None:
        raise BalaiError(_("This link is not valid, has expired, or was already used."))
    if request.method == "POST":
        deletion.account_deletion_cancel(user=user)
        messages.success(request, _("Your account is restored. You can log in again."))
        return redirect("web:login")
    pending = deletion.pending_deletion(user.pk)
    context = {"title": _("Keep your account"), "account": user, "pending": pending}
    return TemplateResponse(request, "web/auth/account_restore.html", context)
