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

        self.base: Any = DeepModel.load()
        self.model: Any = self.base
        self.version = str(self.base.version)
        self._exemplars_key: tuple[int, int] | None = None

    def _with_current_exemplars(self) -> None:
        """Moderators' exemplars (texts of removed posts) join the model when they change."""
        from balai.moderation.models import Exemplar
        from balai_ml import CATEGORIES

        rows = list(
            Exemplar.objects.filter(active=True, category__in=CATEGORIES).values_list(
                "id", "text", "category"
            )
        )
        key = (len(rows), max((r[0] for r in rows), default=0))
        if key == self._exemplars_key:
            return
        extra = [(text, category) for _id, text, category in rows]
        self.model = self.base.with_exemplars(extra) if extra else self.base
        self._exemplars_key = key

    def score(self, text: str, normalized: str, lang: str) -> BackendResult:
        self._with_current_exemplars()
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
