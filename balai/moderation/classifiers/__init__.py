"""Classifier backends behind one interface; which ones run is chosen by dotted paths in settings.

BALAI_MODERATION_BACKENDS (comma separated) run synchronously on every post;
BALAI_MODERATION_DEEP_BACKEND (empty = off) runs after publication as a task.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKENDS = (
    "balai.moderation.classifiers.rules.RulesBackend,balai.moderation.classifiers.fast.FastBackend"
)


@dataclass
class BackendResult:
    scores: dict[str, float]
    evidence: list[dict[str, Any]] = field(default_factory=list)


class Backend(Protocol):
    name: str
    version: str

    def score(self, text: str, normalized: str, lang: str) -> BackendResult: ...


class NullBackend:
    """Scores nothing: for tests and instances that want screening off."""

    name = "null"
    version = "null"

    def score(self, text: str, normalized: str, lang: str) -> BackendResult:
        return BackendResult(scores={})


def _setting(name: str, default: str) -> str:
    return str(getattr(settings, name, os.environ.get(name, default)))


@cache
def _load(paths: str) -> tuple[Backend, ...]:
    return tuple(import_string(p.strip())() for p in paths.split(",") if p.strip())


def sync_backends() -> tuple[Backend, ...]:
    return _load(_setting("BALAI_MODERATION_BACKENDS", DEFAULT_BACKENDS))


def deep_backend() -> Backend | None:
    loaded = _load(_setting("BALAI_MODERATION_DEEP_BACKEND", ""))
    return loaded[0] if loaded else None
