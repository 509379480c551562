"""Evaluation tables: precision / recall at thresholds, AUPRC, benign share flagged."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import average_precision_score

from balai_ml import CATEGORIES, VIOLENCE_CATEGORIES
from balai_ml.datasets import Example

Scores = dict[str, float]
ByLang = Mapping[str, Mapping[str, float]]  # {"default": {...}, "en": {...}, "id": {...}}
# Aggregate targets: which categories' flags count as a hit.
AGGREGATES: dict[str, tuple[str, ...]] = {
    "violence": VIOLENCE_CATEGORIES,
    "hate_threatening": VIOLENCE_CATEGORIES,
    "hs_strong": CATEGORIES,
}
# Benign kinds that use violent vocabulary (the "<= 10% held" target).
VIOLENT_VOCAB_KINDS = frozenset(
    {"news", "idiom", "sports", "gaming", "condemnation", "counter_speech", "negated",
     "cooking", "hunting", "history", "fiction"}
)  # fmt: skip


def target_scores(
    scores: Sequence[Scores], target: str, thresholds: Mapping[str, float]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """(ranking score, flagged) for a category or an aggregate target."""
    cats = AGGREGATES.get(target, (target,))
    ranking = np.array([max(s[c] / thresholds[c] for c in cats) for s in scores])
    return ranking, ranking >= 1.0


def metric_row(
    name: str, lang: str, target: str, y: NDArray[np.int64], rank: NDArray[np.float64],
    flagged: NDArray[np.bool_],
) -> dict[str, Any]:  # fmt: skip
    """One table row."""
    pos = int(y.sum())
    tp = int((flagged & (y == 1)).sum())
    n_flag = int(flagged.sum())
    return {
        "dataset": name,
        "lang": lang,
        "target": target,
        "n": len(y),
        "pos": pos,
        "precision": tp / n_flag if n_flag else float("nan"),
        "recall": tp / pos if pos else float("nan"),
        "auprc": float(average_precision_score(y, rank)) if 0 < pos < len(y) else float("nan"),
        "flagged_neg": float((flagged & (y == 0)).sum() / max(int((y == 0).sum()), 1)),
    }


def evaluate_rows(
    name: str, rows: Sequence[Example], scores: Sequence[Scores], by_lang: ByLang
) -> list[dict[str, Any]]:
    """Metric rows per language and target, at that language's thresholds."""
    out = []
    for lang in sorted({e.lang for e in rows}):
        thresholds = for_lang(by_lang, lang)
        idx = [i for i, e in enumerate(rows) if e.lang == lang]
        targets = sorted({t for i in idx for t in rows[i].labels}, key=_target_order)
        if all(c in targets for c in VIOLENCE_CATEGORIES) and "violence" not in targets:
            targets.append("violence")
        for target in targets:
            ys, keep = [], []
            for i in idx:
                lab = _label(rows[i], target)
                if lab is not None:
                    ys.append(lab)
                    keep.append(i)
            if not keep or sum(ys) == 0:
                continue
            rank, flagged = target_scores([scores[i] for i in keep], target, thresholds)
            out.append(metric_row(name, lang, target, np.array(ys), rank, flagged))
    return out


def for_lang(by_lang: ByLang, lang: str) -> Mapping[str, float]:
    """The thresholds for ``lang``, else the default ones."""
    return by_lang.get(lang) or by_lang["default"]


def _target_order(t: str) -> tuple[int, str]:
    return (CATEGORIES.index(t) if t in CATEGORIES else len(CATEGORIES), t)


def _label(e: Example, target: str) -> int | None:
    if target in e.labels:
        return e.labels[target]
    if target == "violence" and all(c in e.labels for c in VIOLENCE_CATEGORIES):
        return int(any(e.labels[c] for c in VIOLENCE_CATEGORIES))
    return None


def benign_flag_rates(
    rows: Sequence[Example], scores: Sequence[Scores], by_lang: ByLang
) -> list[dict[str, Any]]:
    """Share of benign posts flagged (any category, and violence only) by language and kind."""
    out = []
    by: dict[tuple[str, str], list[int]] = {}
    for i, e in enumerate(rows):
        if e.benign_kind and e.is_benign():
            by.setdefault((e.lang, e.benign_kind), []).append(i)
            if e.benign_kind in VIOLENT_VOCAB_KINDS:
                by.setdefault((e.lang, "ALL violent vocabulary"), []).append(i)
    for (lang, kind), idx in sorted(by.items()):
        sc = [scores[i] for i in idx]
        thresholds = for_lang(by_lang, lang)
        _, any_flag = target_scores(sc, "hs_strong", thresholds)
        _, v_flag = target_scores(sc, "violence", thresholds)
        out.append(
            {"lang": lang, "kind": kind, "n": len(idx), "flagged_any": float(any_flag.mean()),
             "flagged_violence": float(v_flag.mean())}
        )  # fmt: skip
    return out


def choose_thresholds(
    rows: Sequence[Example], scores: Sequence[Scores], recall_floor: float = 0.85
) -> dict[str, float]:
    """Per category: the highest threshold keeping recall >= ``recall_floor`` on ``rows``
    (violence categories), or the F1-optimal one (hate, harassment); clipped to [0.02, 0.9]."""
    out = {}
    for cat in CATEGORIES:
        pairs = [
            (s[cat], e.labels[cat]) for e, s in zip(rows, scores, strict=True) if cat in e.labels
        ]
        s = np.array([p[0] for p in pairs])
        y = np.array([p[1] for p in pairs])
        if y.sum() == 0:
            out[cat] = 0.5
            continue
        if cat in VIOLENCE_CATEGORIES:
            pos = np.sort(s[y == 1])[::-1]
            k = max(int(np.ceil(recall_floor * len(pos))) - 1, 0)
            th = float(pos[k])
        else:
            th = max(np.unique(s), key=lambda t: _f1(s >= t, y))
        out[cat] = round(float(np.clip(th, 0.02, 0.9)), 3)
    return out


def _f1(flag: NDArray[np.bool_], y: NDArray[np.int64]) -> float:
    tp = float((flag & (y == 1)).sum())
    return 2 * tp / max(float(flag.sum() + (y == 1).sum()), 1.0)


def format_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """Plain-text (Markdown) table."""

    def fmt(v: Any) -> str:
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(fmt(r[c]) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


ScoreFn = Callable[[list[str], list[str]], list[Scores]]
