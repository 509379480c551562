"""Web middleware: serve each person their interface language, and turn refusals into 4xx pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, RateLimited
from balai.web.ratelimit import check_view

API_PREFIXES = ("/api/", "/oauth/", "/.well-known/", "/nodeinfo/")


class UserLanguageMiddleware:
    """The language a signed-in person chose, else the cookie or the browser's Accept-Language.

    It also renders a `BalaiError` raised by a web view as a page with the error's 4xx status,
    in the person's language, so no bad input ever ends in a 500.
    """

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

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], *args: object
    ) -> HttpResponse | None:
        """Rate limits of web writes, logins and sign-ups (see balai.web.ratelimit)."""
        try:
            check_view(request)
        except RateLimited as error:
            return self.error_response(request, error)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith(API_PREFIXES):
            return None
        if isinstance(exception, Http404) and request.headers.get("HX-Request"):
            exception = BalaiError(str(exception) or _("Not found"))
            exception.status = 404
        if not isinstance(exception, BalaiError):
            return None
        return self.error_response(request, exception)

    @staticmethod
    def error_response(request: HttpRequest, exception: BalaiError) -> HttpResponse:
        template = (
            "web/partials/error.html" if request.headers.get("HX-Request") else "web/error.html"
        )
        response = TemplateResponse(
            request, template, {"message": exception.message}, status=exception.status
        )
        if request.headers.get("HX-Request"):
            response["HX-Retarget"] = "#flash"
            response["HX-Reswap"] = "innerHTML"
        if isinstance(exception, RateLimited):
            response["Retry-After"] = str(exception.retry_after)
        return response.render()
