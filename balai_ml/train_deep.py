"""Training for the deep tier: embed a sample, fit logistic heads, build the exemplar bank."""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from tqdm import tqdm

from balai_ml import CATEGORIES, VIOLENCE_CATEGORIES
from balai_ml.datasets import Example
from balai_ml.deep import DIM, MAX_CHARS, DeepModel, Matrix, embed
from balai_ml.train_fast import fit_platt, label_vector

# Public rows embedded per source (all violence positives are always kept).
PUBLIC_SAMPLE = 250
HEAD_C = 4.0
# The heads have far fewer public rows than the fast tier, and the team set carries the
# violence and Indonesian supervision: weight it more (chosen on the calib split).
SOURCE_WEIGHT = {"team_en": 40.0, "team_id": 50.0, "davidson_2017": 0.5}
MAX_POS_WEIGHT = 30.0
BATCH = 64


def cache_dir() -> Path:
    """Where embeddings are cached between runs (``BALAI_ML_CACHE``, else ~/.cache)."""
    env = os.environ.get("BALAI_ML_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "balai_ml"


def _save_cache(path: Path, cache: dict[str, np.ndarray]) -> None:
    names = sorted(cache)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, keys=np.array(names), vecs=np.stack([cache[k] for k in names]))
    tmp.replace(path)


def embed_cached(rows: Sequence[Example], desc: str = "embedding") -> Matrix:
    """Embeddings of ``rows``; cached on disk by text hash so re-runs are cheap."""
    cdir = cache_dir()
    cdir.mkdir(parents=True, exist_ok=True)
    path = cdir / "e5_cache.npz"
    cache: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path, allow_pickle=False) as z:
            cache = dict(zip(z["keys"].tolist(), z["vecs"], strict=True))
    keys = [hashlib.sha1(f"v{MAX_CHARS}|{e.lang}|{e.text}".encode()).hexdigest() for e in rows]  # noqa: S324
    todo = sorted({i for i, k in enumerate(keys) if k not in cache})
    for n, start in enumerate(tqdm(range(0, len(todo), BATCH), desc=desc, leave=False)):
        chunk = todo[start : start + BATCH]
        vecs = embed([rows[i].text for i in chunk], [rows[i].lang for i in chunk])
        for i, v in zip(chunk, vecs, strict=True):
            cache[keys[i]] = v.astype(np.float32)
        if n % 10 == 9 or start + BATCH >= len(todo):
            _save_cache(path, cache)
    if not rows:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.stack([cache[k] for k in keys]).astype(np.float32)


def sample_public(rows: Sequence[Example], per_source: int, seed: int) -> list[Example]:
    """Team rows, every violence-positive row, and a seeded sample of the rest per source."""
    rng = random.Random(seed)
    keep: list[Example] = []
    by_source: dict[str, list[Example]] = {}
    for e in rows:
        if e.source.startswith("team_") or any(e.labels.get(c) for c in VIOLENCE_CATEGORIES):
            keep.append(e)
        else:
            by_source.setdefault(e.source, []).append(e)
    for name in sorted(by_source):
        pool = by_source[name]
        keep.extend(rng.sample(pool, min(per_source, len(pool))))
    return keep


def fit_deep(
    train: Sequence[Example], calib: Sequence[Example], seed: int = 13,
    per_source: int = PUBLIC_SAMPLE,
) -> tuple[DeepModel, dict[str, int]]:  # fmt: skip
    """Fit heads on a sample of ``train``, calibrate on a sample of ``calib``."""
    tr = sample_public(train, per_source, seed)
    ca = sample_public(calib, max(per_source // 4, 50), seed + 1)
    x_tr, x_ca = embed_cached(tr, "embed (train)"), embed_cached(ca, "embed (calib)")
    w_tr = np.array([SOURCE_WEIGHT.get(e.source, 1.0) for e in tr], dtype=np.float64)
    weights = np.zeros((DIM, len(CATEGORIES)))
    bias = np.zeros(len(CATEGORIES))
    platt = np.zeros((2, len(CATEGORIES)))
    for j, cat in enumerate(CATEGORIES):
        y, known = label_vector(tr, cat)
        yk, wk = y[known], w_tr[known].copy()
        if len(set(yk.tolist())) < 2:  # nothing to learn: constant score from the base rate
            bias[j], platt[:, j] = (4.0 if yk.size and yk[0] else -4.0), (1.0, 0.0)
            continue
        wk[yk == 1] *= min(MAX_POS_WEIGHT, wk[yk == 0].sum() / max(wk[yk == 1].sum(), 1.0))
        clf = LogisticRegression(C=HEAD_C, max_iter=2000, random_state=seed)
        clf.fit(x_tr[known], yk, sample_weight=wk)
        weights[:, j], bias[j] = clf.coef_[0], clf.intercept_[0]
        yc, kc = label_vector(ca, cat)
        platt[0, j], platt[1, j] = fit_platt(x_ca[kc] @ weights[:, j] + bias[j], yc[kc])
    bank_rows = [e for e in tr if e.source.startswith("team_") and any(e.labels.values())]
    bank_rows += [
        e for e in tr if not e.source.startswith("team_") and e.labels.get("violent_threat")
    ][:200]
    bank = embed_cached(bank_rows, "embed (bank)")
    items = [
        {"text": e.text, "labels": [c for c in CATEGORIES if e.labels.get(c)], "source": e.source,
         "lang": e.lang}
        for e in bank_rows
    ]  # fmt: skip
    counts = {"train_embedded": len(tr), "calib_embedded": len(ca), "bank": len(items)}
    return DeepModel(weights, bias, platt, bank, items, card={}), counts
