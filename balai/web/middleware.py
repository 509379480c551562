"""Serve each person the interface language they chose, else their browser's."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self._chosen_language(request) or translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        response.headers.setdefault("Vary", "Accept-Language, Cookie")
        return response

    def _chosen_language(self, request: HttpRequest) -> str | None:
        user = request.user
        language = getattr(user, "language", None) if user.is_authenticated else None
        return str(language) if language else None
