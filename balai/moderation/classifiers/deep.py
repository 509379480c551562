"""The deep tier of `balai_ml` (multilingual embeddings + exemplar bank), run after publication.

It is slow, so it never runs inside the posting transaction: `balai.moderation.tasks.deep_screen`
calls it and may hold a published post retroactively (the views it had are recorded).
"""

from __future__ import annotations

from typing import Any

from balai.moderation.classifiers import BackendResult


class DeepBackend:
    name = "deep"

    def __init__(self) -> None:
        from balai_ml.deep import DeepModel

        self.model: Any = DeepModel.load()
        self.version = str(self.model.version)

    def score(self, text: str, normalized: str, lang: str) -> BackendResult:
        scores = {k: float(v) for k, v in self.model.score(text, lang or None).items()}
        evidence: list[dict[str, Any]] = []
        if any(v >= 0.5 for v in scores.values()):
            for near in self.model.nearest(text, k=3):
                evidence.append(
                    {
                        "kind": "nearest",
                        "model": self.version,
                        "text": near.get("text", "")[:200],
                        "labels": near.get("labels", []),
                        "similarity": near.get("similarity"),
                    }
                )
        return BackendResult(scores=scores, evidence=evidence)
