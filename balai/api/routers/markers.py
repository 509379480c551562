"""Markers: where the user stopped reading home and notifications, shared across apps."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from balai.api.auth import current_user, scoped
from balai.api.errors import ApiError
from balai.api.models import Marker
from balai.api.params import Params
from balai.api.schemas.common import iso

router = Router(tags=["markers"])
TIMELINES = ("home", "notifications")


def _serialize(marker: Marker) -> dict[str, Any]:
    return {
        "last_read_id": str(marker.last_read_id),
        "version": marker.version,
        "updated_at": iso(marker.updated_at),
    }


@router.get("/v1/markers", auth=scoped("read:statuses"))
def get(request: HttpRequest) -> dict[str, Any]:
    wanted = [t for t in Params(request).items("timeline") if t in TIMELINES] or list(TIMELINES)
    markers = Marker.objects.filter(user=current_user(request), timeline__in=wanted)
    return {m.timeline: _serialize(m) for m in markers}


@router.post("/v1/markers", auth=scoped("write:statuses"))
def save(request: HttpRequest) -> dict[str, Any]:
    user = current_user(request)
    p = Params(request)
    updates: dict[str, int] = {}
    for timeline in TIMELINES:
        value = p.mapping(timeline).get("last_read_id")
        if value is not None:
            text = str(value)
            if not (text.isascii() and text.isdigit()) or len(text) > 19:
                raise ApiError(422, f"Validation failed: {timeline}[last_read_id] is invalid")
            updates[timeline] = int(text)
    result = {}
    with transaction.atomic():
        for timeline, last_read_id in updates.items():
            marker, _created = Marker.objects.select_for_update().get_or_create(
                user=user, timeline=timeline
            )
            marker.last_read_id = last_read_id
            marker.version += 1
            marker.updated_at = timezone.now()
            marker.save()
            result[timeline] = _serialize(marker)
    return result
