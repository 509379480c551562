"""Balai's violence and hate classifiers (pure Python; imports no Django).

Stable public interface (what ``balai/moderation/classifiers/`` imports)::

    from balai_ml import CATEGORIES   # ("violent_threat", "incitement", "glorification",
                                      #  "hate", "harassment")
    from balai_ml.normalize import normalize      # normalize(text, lang=None) -> str

    from balai_ml.fast import FastModel           # synchronous tier, every post
    m = FastModel.load()                          # packaged artifact, or FastModel.load(path)
    m.version                                     # "fast-YYYY.MM.DD-<hash8>"
    m.card                                        # model card dict (metrics, thresholds, data)
    m.recommended_thresholds                      # {category: float}, advisory only (pooled)
    m.thresholds_for(lang)                        # advisory per-language thresholds ("en"/"id")
    m.score(text, lang=None) -> dict[str, float]  # every category, calibrated in [0, 1]
    m.score_batch(texts, langs=None) -> list[dict[str, float]]
    m.explain(text, lang=None, top=5) -> list[dict]
        # [{"category", "score", "evidence": [{"feature", "kind", "weight"}]}]
        # feature = a word or word pair of the normalised text, weight = its margin share

    from balai_ml.deep import DeepModel           # multilingual-e5-small tier
    d = DeepModel.load()                          # same version/score/score_batch/explain
    d.nearest(text, k=5) -> list[dict]            # [{"text", "labels", "similarity", "source"}]
    d2 = d.with_exemplars([(text, category), ...])  # moderator exemplars, no retraining;
                                                    # returns a new model, d is unchanged

    from balai_ml.ensemble import EnsembleModel   # fast + deep mixed (best ranking; use where
    e = EnsembleModel.load()                      # the deep tier's latency is acceptable)

    from balai_ml.external import OpenAIModerationBackend, OnnxBackend, CircuitBreaker
        # same score/score_batch/version; timeouts, circuit breaker, fail-open/closed per
        # category (see balai_ml.external).

    from balai_ml.cli import main                 # main(["train"]) / main(["eval"]) /
                                                  # main(["bench"]) -> exit status

Probabilities are calibrated; thresholds belong to the moderation policy. The
model cards record *recommended* default thresholds only.
"""

from __future__ import annotations

from typing import Final

CATEGORIES: Final[tuple[str, ...]] = (
    "violent_threat",
    "incitement",
    "glorification",
    "hate",
    "harassment",
)
"""Balai's screening categories, in a fixed order used by every model."""

VIOLENCE_CATEGORIES: Final[tuple[str, ...]] = CATEGORIES[:3]
"""The categories counted together by the recall targets (threat + incitement + glorification)."""

__all__ = ["CATEGORIES", "VIOLENCE_CATEGORIES"]
