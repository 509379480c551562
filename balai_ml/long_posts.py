"""How the tiers judge long posts: ``python -m balai_ml long-posts``.

Synthetic sets per language, from the packaged functional suite: every violent row alone; the
same row after, and before, 600-900 characters of the suite's benign rows; and long posts made
of benign rows only. Those benign rows mostly use violent vocabulary (news, idioms, sports,
counter-speech), so that set is a hard one. Where the public data is present
(``BALAI_ML_DATA_DIR``), also long posts made of ordinary tweets (Davidson's "neither
hateful nor offensive" in English; Ibrohim & Budi's non-hate rows in Indonesian, eval only,
which still hold insults). For each scorer the share flagged for violence is printed, at
the points where the screen acts (`FastModel.operating_points`; the deep tier's recommended
thresholds).

Scorers: the fast tier on the whole text only (its features are scaled by their count, so a
long text dilutes a short threat), and also flagging a post when one sentence alone reaches a
floor: the screen ships ``SENTENCE_FLOOR``, the other floors are for comparison; the deep tier
as it ships (the first ``MAX_CHARS`` normalised characters, one embedding) and two windowed
variants it does not ship, taking each category's highest window score. The figures and the
decisions are in docs/moderation-model.md ("Long posts").
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from typing import Any

import numpy as np

from balai_ml import CATEGORIES, VIOLENCE_CATEGORIES
from balai_ml.datasets import Example, load_functional
from balai_ml.fast import SENTENCE_FLOOR
from balai_ml.normalize import normalize

WORD_ALIGN = 20  # a later window starts at a word if one begins this close before its place
SENTENCE_FLOORS = (None, 0.5, 0.7, SENTENCE_FLOOR)  # None: the tier's own operating point
Split = Callable[[str], list[str]]


def windows(normalized: str, size: int, overlap: int) -> list[str]:
    """Evenly spaced windows of about ``size`` characters covering the text, neighbours
    overlapping by at least ``overlap - WORD_ALIGN``; the first is the text's start, later ones
    move back to a word's start, the last runs to the end. A text that fits is one window."""
    if len(normalized) <= size:
        return [normalized or "."]
    span = len(normalized) - size
    count = 1 + -(-span // (size - overlap))  # ceil
    out = [normalized[:size]]
    for k in range(1, count):
        start = round(k * span / (count - 1))
        space = normalized.rfind(" ", max(0, start - WORD_ALIGN), start)
        start = space + 1 if space >= 0 else 0 if start <= WORD_ALIGN else start
        end = start + size if k < count - 1 else len(normalized)
        out.append(normalized[start:end])
    return out


def deep_splits() -> dict[str, Split]:
    from balai_ml.deep import MAX_CHARS

    return {
        f"deep, first {MAX_CHARS} (shipped)": lambda n: [n[:MAX_CHARS] or "."],
        f"deep, windows of {MAX_CHARS}": lambda n: windows(n, MAX_CHARS, 100),
        "deep, windows of 256": lambda n: windows(n, 256, 64),
    }


def _is_violent(example: Example) -> bool:
    return any(example.labels.get(c) for c in VIOLENCE_CATEGORIES)


def _ordinary_posts(lang: str) -> list[str]:
    """Unlabelled-as-harmful public posts, or none when the public data is absent."""
    from balai_ml import datasets

    try:
        if lang == "en":
            rows = datasets.load_davidson()
            return [e.text for e in rows if all(e.labels.get(c) == 0 for c in CATEGORIES)]
        return [e.text for e in datasets.load_ibrohim() if e.labels.get("hate") == 0]
    except OSError:
        return []


def synthetic_sets(lang: str, limit: int | None = None, seed: int = 7) -> dict[str, list[str]]:
    rows = load_functional(lang)
    violent = [e.text for e in rows if _is_violent(e)][:limit]
    benign = [e.text for e in rows if e.is_benign()]
    rng = random.Random(seed)

    def padding(at_least: int, source: list[str]) -> str:
        out = ""
        while len(out) < at_least:
            out += rng.choice(source).rstrip(".") + ". "
        return out

    sets = {
        "violent, alone": violent,
        "violent after 600+": [padding(600, benign) + text for text in violent],
        "violent before 600+": [text + ". " + padding(600, benign) for text in violent],
        "benign only, 600-1000": [padding(rng.randint(600, 1000), benign) for _ in violent],
    }
    ordinary = _ordinary_posts(lang)
    if ordinary:
        count = 300 if limit is None else limit
        sets["ordinary, 600-1000"] = [
            padding(rng.randint(600, 1000), ordinary) for _ in range(count)
        ]
    return sets


def _violence_flagged(scores: np.ndarray, thresholds: dict[str, float]) -> bool:
    return any(scores[CATEGORIES.index(c)] >= thresholds[c] for c in VIOLENCE_CATEGORIES)


def deep_flag_rate(model: Any, texts: list[str], lang: str, split: Split) -> float:
    from balai_ml.deep import encode

    pieces = [split(normalize(text, lang)) for text in texts]
    scores = model.score_embeddings(encode([w for p in pieces for w in p]))
    bounds = np.cumsum([0] + [len(p) for p in pieces])
    thresholds = model.thresholds_for(lang)
    flagged = [
        _violence_flagged(scores[a:b].max(axis=0), thresholds)
        for a, b in itertools.pairwise(bounds)
    ]
    return float(np.mean(flagged))


def fast_flag_rate(model: Any, texts: list[str], lang: str, floor: float | None = None) -> float:
    """Share flagged on the whole text at the operating points; with a ``floor``, also when one
    sentence alone reaches it in a violence category (``FastModel.alarming_sentences``, what
    the screen runs)."""
    points = model.operating_points(lang)

    def flagged(text: str) -> bool:
        whole = np.array([model.score(text, lang)[c] for c in CATEGORIES])
        if _violence_flagged(whole, points):
            return True
        return floor is not None and bool(model.alarming_sentences(text, lang, floor))

    return float(np.mean([flagged(text) for text in texts]))


def run(limit: int | None = None, langs: tuple[str, ...] = ("en", "id")) -> list[dict[str, Any]]:
    """One row per language and scorer: the share of each synthetic set flagged."""
    from balai_ml.deep import DeepModel
    from balai_ml.fast import FastModel

    fast, deep = FastModel.load(), DeepModel.load()
    out: list[dict[str, Any]] = []
    for lang in langs:
        sets = synthetic_sets(lang, limit)
        rates = {name: fast_flag_rate(fast, texts, lang) for name, texts in sets.items()}
        out.append({"lang": lang, "scorer": "fast, whole text only", **rates})
        # The violence categories share one operating point per language.
        own_point = min(fast.operating_points(lang)[c] for c in VIOLENCE_CATEGORIES)
        for floor in SENTENCE_FLOORS:
            bar = "its operating point" if floor is None else f"{floor:g}"
            floor = own_point if floor is None else floor
            rates = {name: fast_flag_rate(fast, texts, lang, floor) for name, texts in sets.items()}
            shipped = " (shipped)" if floor == SENTENCE_FLOOR else ""
            out.append({"lang": lang, "scorer": f"fast, or a sentence ≥ {bar}{shipped}", **rates})
        for scorer, split in deep_splits().items():
            rates = {name: deep_flag_rate(deep, texts, lang, split) for name, texts in sets.items()}
            out.append({"lang": lang, "scorer": scorer, **rates})
    return out


def print_table(rows: list[dict[str, Any]]) -> None:
    columns = [k for k in rows[0] if k not in ("lang", "scorer")]
    print("| lang | scorer | " + " | ".join(columns) + " |")
    print("|---|---|" + "---|" * len(columns))
    for row in rows:
        cells = " | ".join(f"{row[c]:.3f}" for c in columns)
        print(f"| {row['lang']} | {row['scorer']} | {cells} |")
