"""A tiny explicit event hub so lower layers can announce what happened after commit.

Lower apps (accounts) must not import higher ones (posts, moderation, federation), yet a follow
needs a notification and, later, a delivery. Higher apps subscribe in `AppConfig.ready()`; the
publisher calls `publish_on_commit`, so handlers only ever see committed rows and receive ids.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)
Handler = Callable[..., None]
_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(event: str, handler: Handler) -> None:
    if handler not in _handlers[event]:
        _handlers[event].append(handler)


def publish_on_commit(event: str, **payload: Any) -> None:
    transaction.on_commit(lambda: _dispatch(event, payload))


def _dispatch(event: str, payload: dict[str, Any]) -> None:
    for handler in list(_handlers[event]):
        try:
            handler(**payload)
        except Exception:  # one failing subscriber must not break the others or the request
            logger.exception("event handler %s failed for %s", handler, event)
