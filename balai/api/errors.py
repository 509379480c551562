"""Mastodon-shaped errors: every failure answers `{"error": "..."}` with the right status."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from balai.core.errors import BalaiError, RateLimited


class ApiError(Exception):
    """An error answered as-is: `status` and a translated `message`."""

    def __init__(self, status: int, message: str, *, description: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.description = description


def not_found() -> ApiError:
    return ApiError(404, "Record not found")


def error_response(status: int, message: str, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _validation_message(errors: list[dict[str, Any]]) -> str:
    parts = []
    invalid = _("is invalid")  # outside the f-string, where xgettext can find it
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body", "form"))
        message = error.get("msg", invalid)
        parts.append(f"{where}: {message}" if where else message)
    return _("Validation failed: %(details)s") % {"details": "; ".join(parts)}


def install_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        extra = {"error_description": exc.description} if exc.description else {}
        return error_response(exc.status, exc.message, **extra)

    @api.exception_handler(BalaiError)
    def _balai_error(request: HttpRequest, exc: BalaiError) -> HttpResponse:
        if exc.status == 404:
            return error_response(404, "Record not found")
        if exc.status == 422:
            message = _("Validation failed: %(details)s") % {"details": exc.message}
            return error_response(422, message)
        response = error_response(exc.status, exc.message)
        if isinstance(exc, RateLimited):
            response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(422, _validation_message(list(exc.errors)))

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(401, _("The access token is invalid"))

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, "Record not found")

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(exc.status_code, str(exc))


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400 (an oversized or unreadable request): Mastodon's JSON body for API clients,
    the site's page for everyone else."""
    from balai.api.middleware import CORS_PREFIXES

    if request.path.startswith(CORS_PREFIXES):
        return error_response(400, _("The request could not be read (too large or malformed)."))
    from django.views.defaults import bad_request as page

    return page(request, exception or Exception())
