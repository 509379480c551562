"""The screening policy: per category, score thresholds that map to actions.

A policy is versioned: editing it writes a new `PolicyVersion`; every verdict records the version
that produced it. When no version exists yet, the built-in default becomes version 1.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from balai.moderation.models import Category, PolicyVersion, ScreenAction

LEVELS = (ScreenAction.LABEL, ScreenAction.HOLD, ScreenAction.REJECT)
ACTION_RANK = {ScreenAction.ALLOW: 0, ScreenAction.LABEL: 1, ScreenAction.HOLD: 2, "reject": 3}

# Threats, incitement and glorification of violence never reach anyone else: held for a
# moderator from a moderate score, rejected outright when the evidence is overwhelming.
# Hate and harassment are labelled, then held. Spam is labelled, then held.
DEFAULT_THRESHOLDS: dict[str, dict[str, float | None]] = {
    Category.VIOLENT_THREAT: {"label": None, "hold": 0.5, "reject": 0.97},
    Category.INCITEMENT: {"label": None, "hold": 0.5, "reject": 0.97},
    Category.GLORIFICATION: {"label": None, "hold": 0.5, "reject": None},
    Category.HATE: {"label": 0.7, "hold": 0.8, "reject": None},
    Category.HARASSMENT: {"label": 0.7, "hold": 0.85, "reject": None},
    Category.SPAM: {"label": 0.6, "hold": 0.9, "reject": None},
}


@dataclass(frozen=True)
class Policy:
    version: int
    thresholds: dict[str, dict[str, float | None]]

    def action_for(self, scores: dict[str, float]) -> tuple[str, str]:
        """The strictest action any category's score calls for, and that category."""
        best, best_category, best_score = str(ScreenAction.ALLOW), "", -1.0
        for category, score in scores.items():
            action = self.category_action(category, score)
            rank = ACTION_RANK[action]
            if rank > ACTION_RANK[best] or (
                rank == ACTION_RANK[best] and rank and score > best_score
            ):
                best, best_category, best_score = action, category, score
        return best, best_category

    def category_action(self, category: str, score: float) -> str:
        levels = self.thresholds.get(category, {})
        for level in reversed(LEVELS):
            threshold = levels.get(level)
            if threshold is not None and score >= threshold:
                return str(level)
        return str(ScreenAction.ALLOW)


_cache: dict[str, Policy] = {}
_checked: dict[str, float] = {}
RECHECK_SECONDS = 2.0  # another process's policy edit takes effect within this long


def validate_thresholds(raw: dict[str, Any]) -> dict[str, dict[str, float | None]]:
    """Check a policy document; raises ValueError with a plain message when it is malformed."""
    clean: dict[str, dict[str, float | None]] = {}
    for category in Category.values:
        levels = raw.get(category, {}) or {}
        row: dict[str, float | None] = {}
        previous = -1.0
        for level in LEVELS:
            value = levels.get(str(level))
            if value in (None, ""):
                row[str(level)] = None
                continue
            number = float(str(value))
            if not 0.0 <= number <= 1.0:
                raise ValueError(f"{category}.{level} must be between 0 and 1")
            if number < previous:
                raise ValueError(f"{category}: stricter actions need higher thresholds")
            previous = number
            row[str(level)] = number
        clean[category] = row
    return clean


def current_policy() -> Policy:
    """The policy in force. Checked against the database at most every RECHECK_SECONDS."""
    cached = _cache.get("current")
    if cached is not None and time.monotonic() - _checked.get("at", 0.0) < RECHECK_SECONDS:
        return cached
    _checked["at"] = time.monotonic()
    latest = PolicyVersion.objects.order_by("-version").values("version").first()
    if latest is None:
        _cache.clear()
        return _create_default()
    if cached is not None and cached.version == latest["version"]:
        return cached
    row = PolicyVersion.objects.get(version=latest["version"])
    policy = Policy(version=row.version, thresholds=row.thresholds)
    _cache["current"] = policy
    return policy


def _create_default() -> Policy:
    try:
        with transaction.atomic():
            PolicyVersion.objects.create(
                version=1,
                thresholds={k: dict(v) for k, v in DEFAULT_THRESHOLDS.items()},
                note="built-in default",
            )
    except IntegrityError:
        pass
    return current_policy()


def forget_cached_policy() -> None:
    """Called after a policy edit so this process applies it at once."""
    _cache.clear()
    _checked.clear()
