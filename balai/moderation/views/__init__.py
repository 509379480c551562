"""Moderation web views: the report and appeal forms for users, and the moderator console."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from balai.core.errors import BalaiError

View = Callable[..., HttpResponse]


def moderator_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_moderator:  # type: ignore[union-attr]
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def admin_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_admin:  # type: ignore[union-attr]
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def run_or_flash(request: HttpRequest, action: Callable[[], Any], back: str) -> HttpResponse:
    """Carry out a service call; a refusal becomes a message on the page we return to."""
    try:
        action()
    except BalaiError as error:
        messages.error(request, error.message)
    return redirect(back)
