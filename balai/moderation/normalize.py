"""Screening normalisation: the ML team's normaliser when present, a minimal one otherwise."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

_ml_normalize: Callable[[str, str | None], str] | None
try:
    from balai_ml.normalize import normalize as _ml_normalize
except ImportError:  # pragma: no cover - balai_ml ships with Balai; this keeps screening alive
    _ml_normalize = None


def normalize(text: str, lang: str | None = None) -> str:
    if _ml_normalize is not None:
        return _ml_normalize(text, lang)
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(folded.split())
