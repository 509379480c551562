"""Snowflake ids: 64-bit, time-sortable, unique across processes, not guessable in sequence.

Layout (63 bits, so it fits a signed BIGINT): 46 bits of milliseconds since 2020-01-01 UTC, then
17 low bits: 6 bits that tell this process apart from its siblings on the host (its pid modulo
64) and 11 bits that start at a random value each millisecond and step up by 1 to 128 at random.
Within one process ids are strictly increasing; two processes never make the same id unless their
pids are equal modulo 64 (siblings forked together have neighbouring pids). A burst of more ids
than a millisecond holds borrows the next millisecond, so the process tag is never overwritten.

Purely random low bits (the first layout) let two workers collide: under load one in a few
thousand posts failed on a duplicate primary key.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from datetime import datetime

EPOCH_MS = 1_577_836_800_000  # 2020-01-01T00:00:00Z
RANDOM_BITS = 17  # everything below the milliseconds
PROCESS_BITS = 6
SEQUENCE_BITS = RANDOM_BITS - PROCESS_BITS
SEQUENCE_LIMIT = 1 << SEQUENCE_BITS
STEP_BITS = 7  # the next id in the same millisecond is 1 to 128 further on

_lock = threading.Lock()
_last_ms = 0
_last_sequence = 0
_process_tag = os.getpid() % (1 << PROCESS_BITS)


def _after_fork() -> None:
    global _process_tag, _last_ms, _last_sequence
    _process_tag = os.getpid() % (1 << PROCESS_BITS)
    _last_ms, _last_sequence = 0, 0


os.register_at_fork(after_in_child=_after_fork)


def _compose(ms: int, sequence: int) -> int:
    return ((ms - EPOCH_MS) << RANDOM_BITS) | (_process_tag << SEQUENCE_BITS) | sequence


def snowflake() -> int:
    """A fresh, unique, time-sortable id."""
    global _last_ms, _last_sequence
    now = int(time.time() * 1000)
    with _lock:
        if now > _last_ms:
            ms, sequence = now, secrets.randbits(SEQUENCE_BITS - 1)  # room for a burst
        else:
            ms, sequence = _last_ms, _last_sequence + 1 + secrets.randbits(STEP_BITS)
            if sequence >= SEQUENCE_LIMIT:  # this millisecond is full: borrow the next
                ms, sequence = ms + 1, secrets.randbits(STEP_BITS)
        _last_ms, _last_sequence = ms, sequence
    return _compose(ms, sequence)


def lowest_id_at(moment: datetime) -> int:
    """The smallest id that could have been made at `moment` (for time-based cursors)."""
    return (int(moment.timestamp() * 1000) - EPOCH_MS) << RANDOM_BITS


def id_timestamp_ms(value: int) -> int:
    return (value >> RANDOM_BITS) + EPOCH_MS
