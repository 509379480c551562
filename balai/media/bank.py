"""The known-bad image bank: PDQ hashes of removed media and of imported industry lists.

Moderation's removal calls `hash_bank_add`; its screen calls `hash_bank_match` for each hash
of a post's attachments (`balai.media.selectors.post_media_hashes`). Matching is exact first
(one indexed query), then a vectorised Hamming scan of the whole bank (32 bytes per hash: a
million hashes is 32 MB and a few tens of milliseconds), cached per process until the bank
changes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Count, Max

from balai.accounts.models import User
from balai.media.models import KnownBadHash
from balai.media.pdq import DEFAULT_THRESHOLD, is_pdq_hex

_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)
_cache: dict[str, object] = {}


@dataclass(frozen=True)
class HashMatch:
    entry_id: int
    pdq: str
    distance: int
    source: str
    category: str


@dataclass
class ImportResult:
    added: int = 0
    duplicates: int = 0
    invalid: int = 0


def _normalise(value: str) -> str | None:
    value = value.strip().lower()
    return value if is_pdq_hex(value) else None


def hash_bank_add(
    hashes: Iterable[str],
    source: str,
    added_by: User | None = None,
    *,
    category: str = "",
    media_id: int | None = None,
) -> int:
    """Add PDQ hashes (hex) to the bank; returns how many were new (re-adding re-activates)."""
    added = 0
    for raw in hashes:
        value = _normalise(raw)
        if value is None or value == "0" * 64:
            continue
        if KnownBadHash.objects.filter(pdq=value).update(active=True):
            continue
        try:
            with transaction.atomic():
                KnownBadHash.objects.create(
                    pdq=value,
                    source=source[:100],
                    category=category[:50],
                    added_by=added_by,
                    media_id_ref=media_id,
                )
            added += 1
        except IntegrityError:  # added concurrently
            continue
    return added


def hash_bank_retire(hashes: Iterable[str]) -> int:
    """An overturned removal takes its hashes out of the bank."""
    values = [v for v in (_normalise(h) for h in hashes) if v]
    return KnownBadHash.objects.filter(pdq__in=values).update(active=False)


def _matrix() -> tuple[np.ndarray, list[int]]:
    state = KnownBadHash.objects.filter(active=True).aggregate(n=Count("id"), top=Max("id"))
    key = f"{state['n']}:{state['top']}"
    if _cache.get("key") != key:
        rows = list(KnownBadHash.objects.filter(active=True).values_list("id", "pdq"))
        matrix = np.array([bytes.fromhex(pdq) for _id, pdq in rows] or [bytes(32)], dtype="S32")
        _cache.update(
            key=key,
            ids=[row_id for row_id, _pdq in rows],
            matrix=np.frombuffer(matrix.tobytes(), dtype=np.uint8).reshape(-1, 32),
        )
    return _cache["matrix"], _cache["ids"]  # type: ignore[return-value]


def hash_bank_match(pdq_hex: str, max_distance: int = DEFAULT_THRESHOLD) -> HashMatch | None:
    """The nearest active bank entry within `max_distance` bits of `pdq_hex`, or None."""
    value = _normalise(pdq_hex)
    if value is None or value == "0" * 64:
        return None
    exact = KnownBadHash.objects.filter(pdq=value, active=True).first()
    if exact is not None:
        return HashMatch(exact.pk, exact.pdq, 0, exact.source, exact.category)
    matrix, ids = _matrix()
    if not ids:
        return None
    probe = np.frombuffer(bytes.fromhex(value), dtype=np.uint8)
    distances = _POPCOUNT[np.bitwise_xor(matrix, probe)].sum(axis=1, dtype=np.int32)
    best = int(distances.argmin())
    if int(distances[best]) > max_distance:
        return None
    entry = KnownBadHash.objects.filter(pk=ids[best], active=True).first()
    if entry is None:
        return None
    return HashMatch(entry.pk, entry.pdq, int(distances[best]), entry.source, entry.category)


def hash_bank_import_csv(
    *, stream: IO[str] | IO[bytes], source: str, added_by: User | None = None
) -> ImportResult:
    """Import a CSV of PDQ hashes: in each row the first cell that is 64 hex digits is taken
    (a header row, quality scores, categories or ids in other columns are fine); a column
    named `category` (if the header has one) is recorded."""
    text = stream.read()
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig", "replace")
    result = ImportResult()
    category_col: int | None = None
    for index, row in enumerate(csv.reader(io.StringIO(text))):
        cells = [cell.strip() for cell in row]
        if index == 0 and "category" in [c.lower() for c in cells]:
            category_col = [c.lower() for c in cells].index("category")
        value = next((v for v in (_normalise(c) for c in cells) if v), None)
        if value is None:
            result.invalid += int(any(cells) and index > 0)
            continue
        category = (
            cells[category_col] if category_col is not None and category_col < len(cells) else ""
        )
        if hash_bank_add([value], source, added_by, category=category):
            result.added += 1
        else:
            result.duplicates += 1
    return result
