"""The fast tier of `balai_ml` (hashed n-gram linear models) as a synchronous backend.

If the package's fast model is not available (not trained yet, or missing artifacts), the backend
scores nothing and says so in its version, so verdicts show which models really ran.
"""

from __future__ import annotations

import logging
from typing import Any

from balai.moderation.classifiers import BackendResult
from balai.moderation.classifiers.ruledefs import quoted_spans

logger = logging.getLogger(__name__)


def _load_model() -> Any | None:
    try:
        from balai_ml.fast import FastModel

        return FastModel.load()
    except Exception as exc:  # a missing or broken model must never stop posting
        logger.warning("balai_ml fast model unavailable (%s); screening without it", exc)
        return None


POLICY_MIDPOINT = 0.5  # the default policy's "hold" level for the violence categories


def to_policy_scale(probability: float, operating_point: float) -> float:
    """Map a calibrated probability onto the policy's scale, monotonically.

    The model card recommends, per language and category, the probability at which this model
    should act (chosen on held-out calibration data for the recall/false-hold budget). That
    point becomes POLICY_MIDPOINT, so one set of policy thresholds fits every backend and
    language; admins still move the thresholds in the policy. Raw probabilities stay in the
    verdict's evidence.
    """
    t = min(max(operating_point, 1e-6), 1 - 1e-6)
    if probability <= t:
        return POLICY_MIDPOINT * probability / t
    return POLICY_MIDPOINT + (1 - POLICY_MIDPOINT) * (probability - t) / (1 - t)


def without_framed_quotes(text: str) -> str:
    """Drop quoted passages that the text reports or condemns (counter-speech), as the rules do:
    the n-gram model cannot tell a quoted threat from a threat."""
    spans = quoted_spans(text.lower())
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    return text


class FastBackend:
    name = "fast"

    def __init__(self) -> None:
        self.model = _load_model()
        self.version = str(self.model.version) if self.model is not None else "fast-unavailable"

    def score(self, text: str, normalized: str, lang: str) -> BackendResult:
        if self.model is None:
            return BackendResult(scores={})
        cleaned = without_framed_quotes(text)
        raw = {k: float(v) for k, v in self.model.score(cleaned, lang or None).items()}
        sentences = self._alarming_sentences(cleaned, lang, raw)
        for item in sentences:
            raw[item["category"]] = max(raw[item["category"]], item["score"])
        points = self.model.operating_points(lang)
        scores = {k: to_policy_scale(v, points.get(k, POLICY_MIDPOINT)) for k, v in raw.items()}
        evidence: list[dict[str, Any]] = []
        if any(v >= POLICY_MIDPOINT for v in scores.values()):
            evidence.append({"kind": "model_probabilities", "model": self.version, "raw": raw})
            evidence.extend(sentences)
            for item in self.model.explain(text, lang or None, top=3):
                point = points.get(item.get("category", ""), POLICY_MIDPOINT)
                if item.get("score", 0) >= point:
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

    def _alarming_sentences(self, cleaned: str, lang: str, raw: dict[str, float]) -> list[Any]:
        """Sentences of a longer post that alone score higher in a violence category than the
        whole post and at least `balai_ml.fast.SENTENCE_FLOOR`, as evidence items."""
        if self.model is None:
            return []
        return [
            {
                "kind": "sentence",
                "model": self.version,
                "category": category,
                "score": float(score),
                "text": sentence[:280],
            }
            for sentence, category, score in self.model.alarming_sentences(cleaned, lang or None)
            if score > raw[category]
        ]
