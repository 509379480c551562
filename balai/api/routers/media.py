"""Media: upload (async v2, sync v1), read one's own upload, set its description and focus.

`POST /api/v2/media` answers 202 while processing and 200 when already done (`url` is null
until then); `GET /api/v1/media/:id` answers 206 while processing, 200 when ready.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router

from balai.api.auth import current_user, scoped
from balai.api.errors import ApiError
from balai.api.params import Params
from balai.core.ratelimit import MEDIA, check_request
from balai.media.models import MediaAttachment, MediaState
from balai.media.serializers import serialize_attachment
from balai.media.services import media_update, media_upload, own_media, parse_focus

router = Router(tags=["media"])


def _upload(request: HttpRequest, *, synchronous: bool) -> MediaAttachment:
    user = current_user(request)
    check_request(request, MEDIA)
    file = request.FILES.get("file")
    if file is None:
        raise ApiError(422, _("Validation failed: File can't be blank"))
    p = Params(request)
    media = media_upload(
        owner=user,
        file=file,
        size=file.size or 0,
        description=p.text("description", max_length=1500),
        focus=parse_focus(p.opt_str("focus")),
        synchronous=synchronous,
    )
    media.refresh_from_db()
    if media.state == MediaState.FAILED:
        raise ApiError(422, _("Validation failed: %(error)s") % {"error": media.error})
    return media


@router.post("/v2/media", auth=scoped("write:media"))
def upload_async(request: HttpRequest) -> JsonResponse:
    media = _upload(request, synchronous=False)
    status = 200 if media.state == MediaState.READY else 202
    return JsonResponse(serialize_attachment(media), status=status)


@router.post("/v1/media", auth=scoped("write:media"))
def upload_sync(request: HttpRequest) -> dict[str, Any]:
    return serialize_attachment(_upload(request, synchronous=True))


@router.get("/v1/media/{media_id}", auth=scoped("write:media"))
def show(request: HttpRequest, media_id: str) -> JsonResponse:
    media = own_media(current_user(request), media_id)
    if media.state == MediaState.FAILED:
        raise ApiError(422, _("Validation failed: %(error)s") % {"error": media.error})
    status = 200 if media.state == MediaState.READY else 206
    return JsonResponse(serialize_attachment(media), status=status)


@router.put("/v1/media/{media_id}", auth=scoped("write:media"))
def update(request: HttpRequest, media_id: str) -> dict[str, Any]:
    p = Params(request)
    media = media_update(
        owner=current_user(request),
        media_id=media_id,
        description=p.opt_str("description"),
        focus=parse_focus(p.opt_str("focus")),
    )
    return serialize_attachment(media)
