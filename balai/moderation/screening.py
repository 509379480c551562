"""The screen itself: normalise, consult the bank, run the classifier backends, apply the policy.

`screen_text` is the one code path shared by live posts (`services.post_screen`), the deep task
and the `balai screen` command, so evaluation measures exactly what production does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from balai.moderation import bank
from balai.moderation.classifiers import Backend, sync_backends
from balai.moderation.models import Category, ScreenAction
from balai.moderation.policy import ACTION_RANK, current_policy
from balai_ml.normalize import guess_lang, normalize


@dataclass
class ScreenOutcome:
    action: str
    category: str
    scores: dict[str, float]
    evidence: list[dict[str, Any]] = field(default_factory=list)
    model_versions: dict[str, str] = field(default_factory=dict)
    policy_version: int = 0
    lang: str = ""
    latency_ms: float = 0.0

    def as_json(self, item_id: Any = None) -> dict[str, Any]:
        return {
            "id": item_id,
            "action": self.action,
            "categories": {
                name: round(self.scores.get(name, 0.0), 4) for name in sorted(Category.values)
            },
            "lang": self.lang,
            "evidence": self.evidence,
            "model_version": ",".join(f"{k}={v}" for k, v in sorted(self.model_versions.items())),
            "policy_version": self.policy_version,
        }


def screened_text(post: Any) -> str:
    """What of a post is screened (and banked when it is removed): its warning and its text."""
    return f"{post.spoiler_text}\n{post.text}".strip()


def screen_text(
    text: str,
    lang: str = "",
    *,
    backends: tuple[Backend, ...] | None = None,
    use_bank: bool = True,
) -> ScreenOutcome:
    started = time.perf_counter()
    lang = (lang or guess_lang(text) or "")[:8]
    base_lang = lang.split("-")[0]
    normalized = normalize(text, base_lang or None)
    scores: dict[str, float] = {}
    evidence: list[dict[str, Any]] = []
    versions: dict[str, str] = {}
    for backend in backends if backends is not None else sync_backends():
        result = backend.score(text, normalized, base_lang)
        versions[backend.name] = backend.version
        for category, score in result.scores.items():
            scores[category] = max(scores.get(category, 0.0), score)
        evidence.extend(result.evidence)
    policy = current_policy()
    action, category = policy.action_for(scores)
    if use_bank:
        match = bank.bank_lookup(normalized)
        if match is not None and ACTION_RANK[action] < ACTION_RANK[ScreenAction.HOLD]:
            action, category = str(ScreenAction.HOLD), match.category
            evidence.append(
                {
                    "kind": "bank",
                    "entry": str(match.entry_id),
                    "category": match.category,
                    "similarity": round(match.similarity, 3),
                    "exact": match.exact,
                }
            )
    return ScreenOutcome(
        action=action,
        category=category,
        scores=scores,
        evidence=evidence,
        model_versions=versions,
        policy_version=policy.version,
        lang=lang,
        latency_ms=(time.perf_counter() - started) * 1000,
    )
