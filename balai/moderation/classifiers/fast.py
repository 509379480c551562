"""The fast tier of `balai_ml` (hashed n-gram linear models) as a synchronous backend.

If the package's fast model is not available (not trained yet, or missing artifacts), the backend
scores nothing and says so in its version, so verdicts show which models really ran.
"""

from __future__ import annotations

import logging
from typing import Any

from balai.moderation.classifiers import BackendResult

logger = logging.getLogger(__name__)


def _load_model() -> Any | None:
    try:
        from balai_ml.fast import FastModel

        return FastModel.load()
    except Exception as exc:  # a missing or broken model must never stop posting
        logger.warning("balai_ml fast model unavailable (%s); screening without it", exc)
        return None


class FastBackend:
    name = "fast"

    def __init__(self) -> None:
        self.model = _load_model()
        self.version = str(self.model.version) if self.model is not None else "fast-unavailable"

    def score(self, text: str, normalized: str, lang: str) -> BackendResult:
        if self.model is None:
            return BackendResult(scores={})
        scores = {k: float(v) for k, v in self.model.score(text, lang or None).items()}
        evidence: list[dict[str, Any]] = []
        if any(v >= 0.5 for v in scores.values()):
            for item in self.model.explain(text, lang or None, top=3):
                if item.get("score", 0) >= 0.5:
                    evidence.append(
                        {
                            "kind": "model",
                            "model": self.version,
                            "category": item["category"],
                            "score": item["score"],
                            "features": [e.get("feature") for e in item.get("evidence", [])][:5],
                        }
                    )
        return BackendResult(scores=scores, evidence=evidence)
