"""`balai restore`: bring an archive back into an empty database and data dir.

Steps: unpack and verify every member's sha256; refuse a newer schema or a non-empty target;
migrate to exactly the archive's migration state (without post-migrate hooks, so no content
types or permissions are created that could clash with the archived ones); insert every table in
one transaction with foreign-key checks deferred to its end; reset the sequences of the few
auto-increment tables; rebuild the SQLite search index; migrate to the code's newest state;
restore media into the configured storage; write the secret key.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from tqdm import tqdm

from balai.ops.backup import archive
from balai.ops.backup.archive import BackupError
from balai.ops.backup.rows import insert_tables
from balai.ops.backup.schema import migration_targets
from balai.posts.home import rebuild_home_lists


def restore_backup(path: Path, *, force: bool = False, quiet: bool = False) -> dict[str, Any]:
    """Restore `path`; returns the archive's manifest."""
    if not path.is_file():
        raise BackupError(f"no such archive: {path}")
    work = Path(tempfile.mkdtemp(prefix=".restore-", dir=settings.DATA_DIR))
    try:
        manifest = unpack(path, work, quiet=quiet)
        # Every refusal comes before anything is dropped: --force must never destroy a target
        # for an archive that is then refused.
        targets = migration_targets(MigrationLoader(connection), manifest["migrations"])
        prepare_target(force=force)
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        state = executor.loader.project_state(targets)
        insert_tables(work, manifest["tables"], state.apps, quiet=quiet)
        call_command("migrate", interactive=False, verbosity=0)
        rebuild_home_lists()  # not in the archive: derived from the posts and follows
        restore_media(work / archive.MEDIA_DIR, force=force, quiet=quiet)
        restore_secret_key(work / archive.SECRET_KEY)
        keep_settings(work / archive.SETTINGS)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return manifest


def unpack(path: Path, work: Path, *, quiet: bool) -> dict[str, Any]:
    """Extract the archive and check it is whole: every member listed with the right sha256."""
    try:
        with tarfile.open(path, "r:*") as tar:
            members = tar.getmembers()
            for member in tqdm(members, desc="unpack", unit="file", disable=quiet, file=sys.stderr):
                tar.extract(member, work, filter="data")
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"{path} is not a readable Balai archive: {exc}") from exc
    manifest_path = work / archive.MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{path} has no {archive.MANIFEST}: not a complete Balai archive")
    manifest: dict[str, Any] = json.loads(manifest_path.read_text())
    if manifest.get("format") != archive.FORMAT or manifest.get("format_version", 0) > 1:
        raise BackupError(f"{path} is not an archive this Balai can read (format {manifest})")
    for name, digest in manifest["files"].items():
        member = work / name
        if not member.is_file() or archive.sha256_file(member) != digest:
            raise BackupError(f"{path} is damaged: {name} is missing or its sha256 differs")
    return manifest


def prepare_target(*, force: bool) -> None:
    """Refuse a database that already has tables, unless forced: then drop every table."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if not tables:
        return
    if not force:
        raise BackupError(
            f"The target database is not empty ({len(tables)} tables). Restore into an empty "
            "BALAI_DATA_DIR or an empty PostgreSQL database, or pass --force to DROP every "
            "table in it first."
        )
    drop_tables(tables)


def drop_tables(tables: list[str]) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TABLE IF EXISTS " + ", ".join(map(quote, tables)) + " CASCADE")
            return
        cursor.execute("PRAGMA foreign_keys = OFF")
        try:
            # The search index first: dropping it removes its shadow tables too.
            for table in sorted(tables, key=lambda name: name != "post_search"):
                cursor.execute(f"DROP TABLE IF EXISTS {quote(table)}")
        finally:
            cursor.execute("PRAGMA foreign_keys = ON")


def restore_media(folder: Path, *, force: bool, quiet: bool) -> None:
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    for path in tqdm(files, desc="media", unit="file", disable=quiet, file=sys.stderr):
        name = path.relative_to(folder).as_posix()
        if default_storage.exists(name):
            if not force:
                raise BackupError(f"media file {name} already exists; pass --force to replace it")
            default_storage.delete(name)
        with path.open("rb") as handle:
            saved = default_storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"the media storage saved {name} as {saved}")


def restore_secret_key(path: Path) -> None:
    key = path.read_text().strip()
    target = Path(settings.DATA_DIR) / "secret_key"
    temporary = target.with_name("secret_key.restoring")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    temporary.replace(target)
    explicit = os.environ.get("BALAI_SECRET_KEY")
    if explicit and explicit != key:
        print(
            "warning: BALAI_SECRET_KEY is set and differs from the archive's key; unset it "
            f"(the restored key is in {target}) or logins, tokens and 2FA recovery codes break",
            file=sys.stderr,
        )


def keep_settings(path: Path) -> None:
    """Leave the archived BALAI_* settings next to the data for the operator to review."""
    if path.is_file():
        values = json.loads(path.read_text())
        lines = [f"{name}={value}" for name, value in values.items()]
        target = Path(settings.DATA_DIR) / "restored-settings.env"
        target.write_text(
            "# BALAI_* settings in effect when the backup was taken\n" + "\n".join(lines) + "\n"
        )
