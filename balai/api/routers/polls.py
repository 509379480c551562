"""Polls: read one, vote in it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from balai.api import services
from balai.api.auth import current_user, scoped, viewer
from balai.api.errors import ApiError
from balai.api.lookups import get_post, parse_id
from balai.api.models import Poll
from balai.api.params import Params
from balai.api.schemas.status import serialize_poll, status_context

router = Router(tags=["polls"])


def _poll(request: HttpRequest, poll_id: str) -> Poll:
    poll = Poll.objects.filter(pk=parse_id(poll_id)).first()
    if poll is None:
        raise ApiError(404, "Record not found")
    get_post(viewer(request), poll.post_id)  # 404 unless the viewer may see its post
    return poll


@router.get("/v1/polls/{poll_id}", auth=scoped("read:statuses", optional=True))
def get(request: HttpRequest, poll_id: str) -> dict[str, Any]:
    poll = _poll(request, poll_id)
    return serialize_poll(poll, status_context(viewer(request), [poll.post]))


@router.post("/v1/polls/{poll_id}/votes", auth=scoped("write:statuses"))
def vote(request: HttpRequest, poll_id: str) -> dict[str, Any]:
    user = current_user(request)
    poll = _poll(request, poll_id)
    raw = Params(request).items("choices")
    if not raw or not all(c.isascii() and c.isdigit() and len(c) < 4 for c in raw):
        raise ApiError(422, "Validation failed: choices must be a list of option indexes")
    poll = services.poll_vote(user=user, poll=poll, choices=[int(c) for c in raw])
    return serialize_poll(poll, status_context(user, [poll.post]))
