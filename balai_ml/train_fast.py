"""Training for the fast tier (scikit-learn at training time only)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from tqdm import tqdm

from balai_ml import CATEGORIES
from balai_ml.datasets import Example
from balai_ml.fast import FastModel
from balai_ml.features import extract
from balai_ml.normalize import normalize

# Source weights: the hand-written team set is the only Indonesian and the main violence
# supervision; Davidson's "harassment" (offensive + @mention) is a noisy proxy.
SOURCE_WEIGHT = {"team_en": 20.0, "team_id": 25.0, "davidson_2017": 0.5}
MIN_DF = 3
C_BY_CATEGORY = {c: 8.0 for c in CATEGORIES}
MAX_POS_WEIGHT = 30.0


def featurize(rows: Sequence[Example], desc: str = "features") -> list[set[str]]:
    """Feature sets of the normalised texts."""
    return [extract(normalize(e.text, e.lang)) for e in tqdm(rows, desc=desc, leave=False)]


def build_vocab(feature_sets: Sequence[set[str]], min_df: int = MIN_DF) -> list[str]:
    """Features seen in at least ``min_df`` documents, in a deterministic order."""
    df: Counter[str] = Counter()
    for fs in tqdm(feature_sets, desc="vocabulary", leave=False):
        df.update(fs)
    return sorted(f for f, n in df.items() if n >= min_df)


def to_matrix(feature_sets: Sequence[set[str]], index: dict[str, int]) -> sparse.csr_matrix:
    """Binary rows scaled to unit norm by the total number of features (known or not)."""
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for fs in feature_sets:
        cols = sorted(index[f] for f in fs if f in index)
        scale = 1.0 / np.sqrt(len(fs)) if fs else 0.0
        indices.extend(cols)
        data.extend([scale] * len(cols))
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.asarray(data, dtype=np.float64), indices, indptr), shape=(len(feature_sets), len(index))
    )


def label_vector(rows: Sequence[Example], cat: str) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Labels for ``cat`` and the mask of rows where it is known."""
    y = np.array([e.labels.get(cat, -1) for e in rows], dtype=np.int64)
    return y, y >= 0


def sample_weights(rows: Sequence[Example]) -> NDArray[np.float64]:
    """Per-row weight from its source."""
    return np.array([SOURCE_WEIGHT.get(e.source, 1.0) for e in rows], dtype=np.float64)


def fit_platt(z: NDArray[np.float64], y: NDArray[np.int64]) -> tuple[float, float]:
    """Platt scaling: p = sigmoid(a * z + b), fitted by (lightly regularised) logistic loss."""
    if len(set(y.tolist())) < 2:
        return 1.0, 0.0
    lr = LogisticRegression(C=100.0, solver="lbfgs")
    lr.fit(z.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def fit_fast(train: Sequence[Example], calib: Sequence[Example], seed: int = 13) -> FastModel:
    """Fit one head per category on ``train`` and calibrate it on ``calib``."""
    f_train = featurize(train, "features (train)")
    vocab = build_vocab(f_train)
    index = {f: i for i, f in enumerate(vocab)}
    x_train = to_matrix(f_train, index)
    x_calib = to_matrix(featurize(calib, "features (calib)"), index)
    w_train = sample_weights(train)
    weights = np.zeros((len(vocab), len(CATEGORIES)), dtype=np.float32)
    bias = np.zeros(len(CATEGORIES))
    platt = np.zeros((2, len(CATEGORIES)))
    for j, cat in enumerate(tqdm(CATEGORIES, desc="fast heads", leave=False)):
        y, known = label_vector(train, cat)
        yk, wk = y[known], w_train[known].copy()
        if len(set(yk.tolist())) < 2:  # nothing to learn: constant score from the base rate
            bias[j], platt[:, j] = (4.0 if yk.size and yk[0] else -4.0), (1.0, 0.0)
            continue
        pos_w = min(MAX_POS_WEIGHT, wk[yk == 0].sum() / max(wk[yk == 1].sum(), 1.0))
        wk[yk == 1] *= pos_w
        clf = LogisticRegression(C=C_BY_CATEGORY[cat], solver="liblinear", random_state=seed)
        clf.fit(x_train[known], yk, sample_weight=wk)
        weights[:, j] = clf.coef_[0]
        bias[j] = clf.intercept_[0]
        yc, kc = label_vector(calib, cat)
        zc = x_calib[kc] @ weights[:, j].astype(np.float64) + bias[j]
        platt[0, j], platt[1, j] = fit_platt(np.asarray(zc), yc[kc])
    keep = np.abs(weights).max(axis=1) >= 1e-3
    vocab = [f for f, k in zip(vocab, keep, strict=True) if k]
    return FastModel(vocab, weights[keep], bias, platt, card={})
