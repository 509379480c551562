"""Sparse text features shared by training and the fast scorer.

Features are the *set* of (a) character 2-5-grams inside each word padded with
spaces (like scikit-learn's ``char_wb``) and (b) word unigrams and bigrams
(prefixed ``"w:"``), computed on normalised text. A document's vector is binary,
scaled by ``1 / sqrt(number of distinct features)`` (unit L2 norm), so the
scorer needs nothing but a dictionary lookup per feature.
"""

from __future__ import annotations

import re

CHAR_MIN, CHAR_MAX = 2, 5
_WORD = re.compile(r"[^\W_]+|@user")


def extract(norm: str) -> set[str]:
    """All features of an already-normalised text."""
    feats: set[str] = set()
    add = feats.add
    words = _WORD.findall(norm)
    prev = ""
    for w in words:
        add("w:" + w)
        if prev:
            add("w:" + prev + " " + w)
        prev = w
        padded = " " + w + " "
        n_chars = len(padded)
        for n in range(CHAR_MIN, min(CHAR_MAX, n_chars) + 1):
            for i in range(n_chars - n + 1):
                add(padded[i : i + n])
    return feats
