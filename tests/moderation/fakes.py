"""Stand-in classifier backends for tests."""

from __future__ import annotations

from balai.moderation.classifiers import BackendResult


class AlarmedDeep:
    """A deep backend that finds incitement in anything mentioning the north gate."""

    name = "deep"
    version = "deep-fake-1"

    def score(self, text: str, normalized: str, lang: str) -> BackendResult:
        hit = "north gate" in normalized
        return BackendResult(
            scores={"incitement": 0.9 if hit else 0.01},
            evidence=[{"kind": "nearest", "text": "meet at the gate with weapons"}] if hit else [],
        )
