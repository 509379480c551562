"""The bank of removed content: exact (hash of the normalised text) and near-duplicate matching.

Near duplicates use MinHash over character 5-shingles with locality-sensitive banding: 64 hash
functions in 16 bands of 4, stored as indexed rows, so a look-up is one indexed query whatever
the size of the bank. Candidates are confirmed by their estimated Jaccard similarity.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection

from balai.moderation.models import BankBand, BankEntry
from balai_ml.normalize import normalize

NUM_HASHES = 64
BANDS = 16
ROWS = NUM_HASHES // BANDS
SHINGLE = 5
NEAR_THRESHOLD = 0.6
_PRIME = np.uint64(4294967311)
_rng = np.random.default_rng(20210110)
_A = _rng.integers(1, 2**31 - 1, size=NUM_HASHES, dtype=np.uint64)
_B = _rng.integers(0, 2**31 - 1, size=NUM_HASHES, dtype=np.uint64)


@dataclass(frozen=True)
class BankMatch:
    entry_id: int
    category: str
    similarity: float
    exact: bool


def canonical(text: str, lang: str | None = None) -> str:
    """The bank's form of a text: the screen's normalisation (which also collapses spaces)."""
    return normalize(text, lang)


def digest(canonical_text: str) -> str:
    return hashlib.sha256(canonical_text.encode()).hexdigest()


def signature(canonical_text: str) -> list[int]:
    text = canonical_text or " "
    shingles = {text[i : i + SHINGLE] for i in range(max(1, len(text) - SHINGLE + 1))}
    hashed = np.fromiter(
        (zlib.crc32(s.encode()) for s in shingles), dtype=np.uint64, count=len(shingles)
    )
    values = (np.outer(hashed, _A) + _B) % _PRIME
    return [int(v) for v in values.min(axis=0)]


def bands(sig: list[int]) -> list[str]:
    out = []
    for b in range(BANDS):
        chunk = ",".join(str(v) for v in sig[b * ROWS : (b + 1) * ROWS])
        out.append(f"{b}:{hashlib.blake2b(chunk.encode(), digest_size=12).hexdigest()}")
    return out


def similarity(a: list[int], b: list[int]) -> float:
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / NUM_HASHES


def bank_add(*, text: str, lang: str | None, category: str, post_id: int | None) -> BankEntry:
    canon = canonical(text, lang)
    sig = signature(canon)
    entry = BankEntry.objects.create(
        text=canon, digest=digest(canon), signature=sig, category=category, post_id=post_id
    )
    BankBand.objects.bulk_create([BankBand(entry=entry, band=b) for b in bands(sig)])
    return entry


def bank_retire(*, post_id: int) -> None:
    """An overturned removal takes its text out of the bank."""
    BankEntry.objects.filter(post_id=post_id).update(active=False)


def _candidates(text_digest: str, band_keys: list[str]) -> list[tuple[int, str, Any, str]]:
    """One indexed query in plain SQL (the ORM costs more than the query on this hot path)."""
    entries, band_table = BankEntry._meta.db_table, BankBand._meta.db_table
    marks = ",".join(["%s"] * len(band_keys))
    sql = (
        f"SELECT id, digest, signature, category FROM {entries} "  # noqa: S608 - fixed names
        f"WHERE active = %s AND (digest = %s OR id IN "
        f"(SELECT entry_id FROM {band_table} WHERE band IN ({marks}))) LIMIT 20"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [True, text_digest, *band_keys])
        return list(cursor.fetchall())


def bank_lookup(canon: str) -> BankMatch | None:
    """The exact digest, or the most similar entry sharing a band with the text.

    `canon` is the text as `canonical` (the screen's normalisation) made it."""
    if not canon:
        return None
    sig = signature(canon)
    text_digest = digest(canon)
    best: BankMatch | None = None
    for entry_id, entry_digest, entry_sig, category in _candidates(text_digest, bands(sig)):
        if entry_digest == text_digest:
            return BankMatch(entry_id, category, 1.0, True)
        stored = json.loads(entry_sig) if isinstance(entry_sig, str) else entry_sig
        sim = similarity(sig, stored)
        if sim >= NEAR_THRESHOLD and (best is None or sim > best.similarity):
            best = BankMatch(entry_id, category, sim, False)
    return best
