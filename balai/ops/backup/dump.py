"""`balai backup`: one consistent archive of a running instance.

Every table is read inside ONE read transaction (a WAL snapshot on SQLite, REPEATABLE READ READ
ONLY on PostgreSQL), so rows agree with each other however many writes happen meanwhile and no
writer is blocked. Media are copied after the database: a file deleted in between belonged to
content that the snapshot still shows but that was being deleted anyway.
"""

from __future__ import annotations

import json
import os
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from django.apps.registry import Apps
from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from tqdm import tqdm

import balai
from balai.ops.backup import archive
from balai.ops.backup.schema import (
    ModelType,
    applied_migrations,
    columns,
    dumped_models,
    migration_targets,
)


def create_backup(path: Path, *, quiet: bool = False) -> dict[str, Any]:
    """Write the archive to `path` (via a temporary name, renamed when complete)."""
    partial = path.with_name(path.name + ".partial")
    manifest: dict[str, Any] = {
        "format": archive.FORMAT,
        "format_version": archive.FORMAT_VERSION,
        "balai_version": balai.__version__,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "source_vendor": connection.vendor,
        "files": {},
    }
    opener: Any = tarfile.open  # the mode is chosen at run time from the suffix
    with opener(partial, archive.write_mode(path)) as tar:
        writer = MemberWriter(tar, manifest["files"])
        with read_snapshot():
            manifest["migrations"] = applied_migrations(connection)
            registry = schema_at(manifest["migrations"])
            manifest["tables"] = dump_tables(writer, registry, path.parent, quiet=quiet)
        manifest["media"] = dump_media(writer, default_storage, path.parent, quiet=quiet)
        writer.add_bytes(archive.SECRET_KEY, settings.SECRET_KEY.encode())
        public = archive.public_settings(dict(os.environ))
        writer.add_bytes(archive.SETTINGS, json.dumps(public, indent=2).encode())
        body = json.dumps(manifest, indent=2).encode()
        add_member(tar, archive.MANIFEST, BytesIO(body), len(body))
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    partial.replace(path)
    return manifest


@contextmanager
def read_snapshot() -> Iterator[None]:
    """One read transaction over every query inside: a consistent snapshot, no write lock."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        from django.db import transaction

        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    # SQLite: a deferred BEGIN (Django's atomic() would take the write lock with IMMEDIATE);
    # the snapshot starts with the first read and lasts until the transaction ends.
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("COMMIT")


class MemberWriter:
    """Adds members to the tar, recording each one's sha256 in the manifest."""

    def __init__(self, tar: tarfile.TarFile, hashes: dict[str, str]) -> None:
        self.tar = tar
        self.hashes = hashes

    def add_file(self, name: str, source: IO[bytes], spool_dir: Path) -> int:
        with tempfile.SpooledTemporaryFile(8 * 1024 * 1024, dir=str(spool_dir)) as spool:
            size, digest = archive.copy_hashing(source, spool)  # type: ignore[arg-type]
            spool.seek(0)
            add_member(self.tar, name, spool, size)  # type: ignore[arg-type]
        self.hashes[name] = digest
        return size

    def add_bytes(self, name: str, data: bytes) -> None:
        self.add_file(name, BytesIO(data), Path(tempfile.gettempdir()))


def add_member(tar: tarfile.TarFile, name: str, source: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, source)


def schema_at(applied: dict[str, list[str]]) -> Apps:
    """The models as the database's own migration state has them (it may lag the code)."""
    loader = MigrationLoader(connection)
    return loader.project_state(migration_targets(loader, applied)).apps


def dump_tables(
    writer: MemberWriter, registry: Apps, spool_dir: Path, *, quiet: bool
) -> list[dict[str, Any]]:
    models = dumped_models(registry)
    counts = {model: model._base_manager.count() for model in models}
    progress = tqdm(
        total=sum(counts.values()), desc="database", unit="row", disable=quiet, file=_stderr()
    )
    tables = []
    with progress:
        for model in models:
            tables.append(dump_table(writer, model, spool_dir, progress))
    return tables


def dump_table(
    writer: MemberWriter, model: ModelType, spool_dir: Path, progress: tqdm[Any]
) -> dict[str, Any]:
    fields = columns(model)
    name = f"{archive.DB_DIR}/{model._meta.label}.jsonl"
    rows = model._base_manager.order_by("pk").values_list(*[attname for attname, _ in fields])
    count = 0
    with tempfile.TemporaryFile(dir=spool_dir) as spool:
        for row in rows.iterator(chunk_size=2000):
            spool.write(archive.encode_row(row).encode())
            spool.write(b"\n")
            count += 1
            progress.update(1)
        spool.seek(0)
        writer.add_file(name, spool, spool_dir)
    return {
        "model": model._meta.label,
        "table": model._meta.db_table,
        "columns": [column for _, column in fields],
        "rows": count,
        "member": name,
    }


def dump_media(
    writer: MemberWriter, storage: Storage, spool_dir: Path, *, quiet: bool
) -> dict[str, int]:
    names = sorted(walk_storage(storage))
    copied = missing = size = 0
    for name in tqdm(names, desc="media", unit="file", disable=quiet, file=_stderr()):
        try:
            with storage.open(name, "rb") as source:
                size += writer.add_file(f"{archive.MEDIA_DIR}/{name}", source, spool_dir)
            copied += 1
        except FileNotFoundError:  # deleted since it was listed: deleted content
            missing += 1
    return {"files": copied, "bytes": size, "vanished": missing}


def walk_storage(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in a storage (local folder or S3), through the storage API."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    prefix = f"{folder}/" if folder else ""
    for file_name in files:
        yield prefix + file_name
    for directory in directories:
        yield from walk_storage(storage, prefix + directory)


def _stderr() -> Any:
    import sys

    return sys.stderr
