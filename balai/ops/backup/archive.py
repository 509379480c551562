"""The archive format, shared by backup and restore.

A tar archive (optionally gzip, bzip2 or xz) with, under `balai-backup/`:

- `db/<app_label>.<Model>.jsonl`: one JSON array per row, raw column values in the order of the
  table's `columns` in the manifest (datetimes ISO 8601, binary base64, decimals and UUIDs as
  strings, JSON columns as JSON); tables in foreign-key dependency order.
- `media/<name>`: every file in the media storage, under its storage name.
- `secret_key`: the secret key in effect (tokens, sessions and recovery codes depend on it).
- `settings.json`: the non-secret BALAI_* variables in effect when the backup was taken.
- `manifest.json` (last): format version, Balai version, source database vendor, applied
  migrations per app, and per table its columns, row count and sha256; sha256 of every member.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import hashlib
import json
import uuid
from pathlib import Path
from typing import IO, Any

FORMAT = "balai-backup"
FORMAT_VERSION = 1
ROOT = "balai-backup"
MANIFEST = f"{ROOT}/manifest.json"
SECRET_KEY = f"{ROOT}/secret_key"
SETTINGS = f"{ROOT}/settings.json"
DB_DIR = f"{ROOT}/db"
MEDIA_DIR = f"{ROOT}/media"
CHUNK = 1024 * 1024

# Tables whose rows are not worth moving: queued task results and rate-limit counters.
# Not archived: task results, rate-limit counters, and the home lists, which are derived from
# posts and follows and rebuilt after a restore (millions of rows on a busy instance).
SKIPPED_MODELS = frozenset(
    {"django_tasks_database.DBTaskResult", "core.RateLimitBucket", "posts.HomeEntry"}
)
# BALAI_* variables never written to the archive (passwords live in them).
SECRET_WORDS = ("SECRET", "PASSWORD", "TOKEN", "KEY", "_URL")
SAFE_URLS = frozenset({"BALAI_MEDIA_URL", "BALAI_S3_ENDPOINT_URL"})


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def write_mode(path: Path) -> str:
    name = path.name
    for suffix, mode in ((".gz", "w:gz"), (".tgz", "w:gz"), (".bz2", "w:bz2"), (".xz", "w:xz")):
        if name.endswith(suffix):
            return mode
    return "w"


def encode_value(value: Any) -> Any:
    """A JSON-ready form of a column value as the ORM returns it."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime.timedelta):
        from django.utils.duration import duration_iso_string

        return duration_iso_string(value)
    return value


def encode_row(row: tuple[Any, ...]) -> str:
    return json.dumps([encode_value(v) for v in row], ensure_ascii=False, separators=(",", ":"))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def copy_hashing(source: IO[bytes], target: IO[bytes]) -> tuple[int, str]:
    """Copy a stream, returning its size and sha256."""
    digest, size = hashlib.sha256(), 0
    while block := source.read(CHUNK):
        digest.update(block)
        size += len(block)
        target.write(block)
    return size, digest.hexdigest()


def public_settings(environ: dict[str, str]) -> dict[str, str]:
    """BALAI_* variables that hold no secret (no keys, passwords or credentialed URLs)."""
    kept = {}
    for name, value in sorted(environ.items()):
        if not name.startswith("BALAI_") or name == "BALAI_DATA_DIR":
            continue
        if name not in SAFE_URLS and any(word in name for word in SECRET_WORDS):
            continue
        kept[name] = value
    return kept
