"""Snowflake ids: 64-bit, time-sortable, with random low bits so they cannot be guessed.

Layout (63 bits, so it fits a signed BIGINT): 46 bits of milliseconds since 2020-01-01 UTC,
then 17 random bits. Within one process ids are strictly increasing.
"""

from __future__ import annotations

import secrets
import threading
import time
from datetime import datetime

EPOCH_MS = 1_577_836_800_000  # 2020-01-01T00:00:00Z
RANDOM_BITS = 17
RANDOM_MASK = (1 << RANDOM_BITS) - 1

_lock = threading.Lock()
_last_id = 0


def snowflake_at(ms: int) -> int:
    """A fresh id for the given unix time in milliseconds."""
    return ((ms - EPOCH_MS) << RANDOM_BITS) | secrets.randbits(RANDOM_BITS)


def snowflake() -> int:
    """A fresh, unique, time-sortable id."""
    global _last_id
    candidate = snowflake_at(int(time.time() * 1000))
    with _lock:
        if candidate <= _last_id:
            candidate = _last_id + 1 + secrets.randbits(8)
        _last_id = candidate
    return candidate


def lowest_id_at(moment: datetime) -> int:
    """The smallest id that could have been made at `moment` (for time-based cursors)."""
    return (int(moment.timestamp() * 1000) - EPOCH_MS) << RANDOM_BITS


def id_timestamp_ms(value: int) -> int:
    return (value >> RANDOM_BITS) + EPOCH_MS
