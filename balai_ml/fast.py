"""Fast tier: n-gram linear models on normalised text, scored with plain numpy.

One logistic-regression head per category over binary char/word n-grams
(:mod:`balai_ml.features`), followed by Platt scaling fitted on a held-out
calibration split. The artifact is ``artifacts/fast.npz`` (weights, vocabulary
as UTF-8 bytes) plus ``artifacts/fast_card.json`` (the model card); loading
never unpickles anything (``allow_pickle=False``).

Scoring a post is: normalise -> feature set -> dictionary lookups -> one small
matrix sum -> sigmoid. No scikit-learn at inference time.
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from balai_ml import CATEGORIES, VIOLENCE_CATEGORIES
from balai_ml.features import _WORD, extract
from balai_ml.normalize import guess_lang, normalize, split_sentences

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DEFAULT_PATH = ARTIFACTS / "fast.npz"
# A text's features are scaled by their count, so one threat among many harmless sentences
# scores low as a whole. A sentence that alone reaches this calibrated probability in a
# violence category speaks for the whole post (docs/moderation-model.md, "Long posts").
SENTENCE_FLOOR = 0.9

Scores = dict[str, float]


def _sigmoid(x: NDArray[np.float64]) -> NDArray[np.float64]:
    out: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))
    return out


class FastModel:
    """Calibrated per-category linear scorer (see module docstring)."""

    def __init__(
        self,
        vocab: list[str],
        weights: NDArray[np.float32],
        bias: NDArray[np.float64],
        platt: NDArray[np.float64],
        card: dict[str, Any],
    ) -> None:
        if weights.shape != (len(vocab), len(CATEGORIES)):
            raise ValueError("weights must have shape (len(vocab), len(CATEGORIES))")
        self.vocab = vocab
        self.index: dict[str, int] = {f: i for i, f in enumerate(vocab)}
        self.weights = np.asarray(weights, dtype=np.float32)
        self.bias = np.asarray(bias, dtype=np.float64)
        self.platt = np.asarray(platt, dtype=np.float64)  # shape (2, n_categories): a, b
        self.card = card
        self.version: str = str(card.get("version", "fast-unversioned"))
        self.categories: tuple[str, ...] = CATEGORIES

    # --- persistence -------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path | None = None) -> FastModel:
        """Load ``fast.npz`` (and its ``*_card.json``); the packaged artifact by default."""
        p = Path(path) if path is not None else DEFAULT_PATH
        with np.load(p, allow_pickle=False) as z:
            vocab = bytes(z["vocab"]).decode("utf-8").split("\n") if z["vocab"].size else []
            weights, bias, platt = z["weights"], z["bias"], z["platt"]
        card_path = p.with_name(p.stem + "_card.json")
        card = json.loads(card_path.read_text("utf-8")) if card_path.exists() else {}
        return cls(vocab, weights, bias, platt, card)

    def save(self, path: str | Path) -> None:
        """Write the ``.npz`` artifact and the card next to it."""
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        vocab = np.frombuffer("\n".join(self.vocab).encode("utf-8"), dtype=np.uint8)
        with p.open("wb") as fh:
            np.savez_compressed(
                fh, vocab=vocab, weights=self.weights, bias=self.bias, platt=self.platt
            )
        card_path = p.with_name(p.stem + "_card.json")
        card_path.write_text(json.dumps(self.card, indent=2, sort_keys=True) + "\n", "utf-8")

    @property
    def recommended_thresholds(self) -> dict[str, float]:
        """Advisory per-category thresholds from the model card (policy decides)."""
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

    def operating_points(self, lang: str | None) -> dict[str, float]:
        """Where the screen acts, per category: the more conservative of the pooled and the
        per-language recommendation. Per-language points rest on small calibration sets
        (dozens of positives); never acting below the pooled point keeps a noisy low estimate
        from holding ordinary posts."""
        pooled = self.thresholds_for(None)
        local = self.thresholds_for(lang or None)
        return {k: max(v, local.get(k, v)) for k, v in pooled.items()}

    # --- scoring -----------------------------------------------------------------
    def _features(self, text: str, lang: str | None) -> list[int]:
        norm = normalize(text, lang or guess_lang(text))
        feats = extract(norm)
        if not feats:
            return []
        index = self.index
        return [index[f] for f in feats if f in index] + [-len(feats)]

    def decision(self, text: str, lang: str | None = None) -> NDArray[np.float64]:
        """Raw (uncalibrated) per-category margins."""
        idx = self._features(text, lang)
        if not idx:
            return self.bias.copy()
        n_feats = -idx.pop()
        z = self.weights[idx].sum(axis=0, dtype=np.float64) if idx else 0.0
        out: NDArray[np.float64] = z / math.sqrt(n_feats) + self.bias
        return out

    def score(self, text: str, lang: str | None = None) -> Scores:
        """Calibrated probability in [0, 1] for every category."""
        p = _sigmoid(self.platt[0] * self.decision(text, lang) + self.platt[1])
        return dict(zip(CATEGORIES, p.tolist(), strict=True))

    def alarming_sentences(
        self, text: str, lang: str | None = None, floor: float = SENTENCE_FLOOR
    ) -> list[tuple[str, str, float]]:
        """``(sentence, category, score)`` for each sentence of a text of several that alone
        reaches ``floor`` in a violence category."""
        parts = split_sentences(text)
        if len(parts) < 2:
            return []
        found = []
        for part in parts:
            alone = self.score(part, lang)
            found += [(part, c, alone[c]) for c in VIOLENCE_CATEGORIES if alone[c] >= floor]
        return found

    def score_batch(self, texts: list[str], langs: list[str | None] | None = None) -> list[Scores]:
        """``score`` for many texts (same results as calling ``score`` one by one)."""
        langs = langs if langs is not None else [None] * len(texts)
        return [self.score(t, lg) for t, lg in zip(texts, langs, strict=True)]

    def explain(self, text: str, lang: str | None = None, top: int = 5) -> list[dict[str, Any]]:
        """Per category: the score and the words / word pairs that pushed it up the most.

        Each word's weight is the sum of its character n-grams' and its own contributions
        (an n-gram found in several words is shared between them equally); word pairs are
        listed separately. ``feature`` is the span as it reads after normalisation.
        """
        norm = normalize(text, lang or guess_lang(text))
        feats = extract(norm)
        scale = 1.0 / math.sqrt(len(feats)) if feats else 0.0
        words = _WORD.findall(norm)
        spans: dict[str, list[tuple[int, float]]] = {}  # span -> [(row, share)]
        owners: dict[str, int] = {}
        per_word = [extract(w) for w in words]
        for fs in per_word:
            for f in fs:
                owners[f] = owners.get(f, 0) + 1
        for w, fs in zip(words, per_word, strict=True):
            rows = [(self.index[f], 1.0 / owners[f]) for f in fs if f in self.index]
            spans.setdefault(w, rows)
        for a, b in itertools.pairwise(words):
            key = f"w:{a} {b}"
            if key in self.index:
                spans.setdefault(f"{a} {b}", [(self.index[key], 1.0)])
        scores = self.score(text, lang)
        out = []
        for j, cat in enumerate(CATEGORIES):
            ranked = sorted(
                (
                    (sum(float(self.weights[i, j]) * share for i, share in rows) * scale, span)
                    for span, rows in spans.items()
                ),
                reverse=True,
            )
            evidence = [
                {"feature": span, "kind": "words" if " " in span else "word",
                 "weight": round(weight, 4)}
                for weight, span in ranked[:top]
                if weight > 0
            ]  # fmt: skip
            out.append({"category": cat, "score": scores[cat], "evidence": evidence})
        return out
