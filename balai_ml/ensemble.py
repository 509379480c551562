"""Both tiers together: a weighted mean of the fast and deep calibrated probabilities.

Same interface as the tiers (``version``, ``score``, ``score_batch``, ``explain``,
``recommended_thresholds``). Use it where a post can wait for the deep tier (candidates
held by the fast tier, federated posts, re-screening); the fast tier alone is the
synchronous path. Its card is ``artifacts/ensemble_card.json`` (weight, thresholds).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from balai_ml import CATEGORIES
from balai_ml.deep import DeepModel
from balai_ml.fast import FastModel

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
Scores = dict[str, float]


class EnsembleModel:
    """``p = (1 - w) * fast + w * deep`` per category."""

    def __init__(
        self, fast: FastModel, deep: DeepModel, deep_weight: float = 0.5,
        card: dict[str, Any] | None = None,
    ) -> None:  # fmt: skip
        self.fast = fast
        self.deep = deep
        self.deep_weight = deep_weight
        self.card = card or {}
        self.version = f"ensemble({fast.version},{deep.version},w={deep_weight:g})"
        self.categories: tuple[str, ...] = CATEGORIES

    @classmethod
    def load(cls, folder: str | Path | None = None) -> EnsembleModel:
        """Load both tiers and ``ensemble_card.json`` from ``folder`` (the package's by default)."""
        base = Path(folder) if folder is not None else ARTIFACTS
        card_path = base / "ensemble_card.json"
        card = json.loads(card_path.read_text("utf-8")) if card_path.exists() else {}
        return cls(
            FastModel.load(base / "fast.npz"), DeepModel.load(base / "deep.npz"),
            float(card.get("deep_weight", 0.5)), card,
        )  # fmt: skip

    @property
    def recommended_thresholds(self) -> dict[str, float]:
        """Advisory per-category thresholds from the card (policy decides)."""
        th = self.card.get("recommended_thresholds", {})
        return {c: float(th.get(c, 0.5)) for c in CATEGORIES}

    @property
    def thresholds_by_lang(self) -> dict[str, dict[str, float]]:
        """``{"default": ..., "en": ..., "id": ...}`` advisory thresholds from the card."""
        out = {"default": self.recommended_thresholds}
        for lang, th in self.card.get("recommended_thresholds_by_lang", {}).items():
            out[lang] = {c: float(th.get(c, out["default"][c])) for c in CATEGORIES}
        return out

    def thresholds_for(self, lang: str | None) -> dict[str, float]:
        """Advisory thresholds for a language (the pooled ones when unknown)."""
        by_lang = self.thresholds_by_lang
        return by_lang.get(lang or "", by_lang["default"])

    def combine(self, fast: Scores, deep: Scores) -> Scores:
        """Mix one post's fast and deep scores."""
        w = self.deep_weight
        return {c: (1.0 - w) * fast[c] + w * deep[c] for c in CATEGORIES}

    def score(self, text: str, lang: str | None = None) -> Scores:
        """Calibrated-ish probability in [0, 1] for every category."""
        return self.combine(self.fast.score(text, lang), self.deep.score(text, lang))

    def score_batch(self, texts: list[str], langs: list[str | None] | None = None) -> list[Scores]:
        """Scores for many texts."""
        fast = self.fast.score_batch(texts, langs)
        deep = self.deep.score_batch(texts, langs)
        return [self.combine(f, d) for f, d in zip(fast, deep, strict=True)]

    def explain(self, text: str, lang: str | None = None) -> list[dict[str, Any]]:
        """n-gram evidence from the fast tier and nearest exemplars from the deep tier."""
        fast = self.fast.explain(text, lang)
        deep = self.deep.explain(text, lang)
        scores = self.score(text, lang)
        return [
            {"category": c, "score": scores[c], "evidence": f["evidence"],
             "exemplars": d["evidence"]}
            for c, f, d in zip(CATEGORIES, fast, deep, strict=True)
        ]  # fmt: skip
