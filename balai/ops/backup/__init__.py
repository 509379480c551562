"""One-archive backup and restore: the database in a portable form, media, secret key, settings.

`create_backup(path)` writes a tar archive (plain, .gz, .bz2 or .xz by suffix) while the server
runs; `restore_backup(path)` brings it back into an empty database and data dir, on SQLite or
PostgreSQL whichever wrote it. The format is described in `balai.ops.backup.archive`.
"""

from __future__ import annotations

from balai.ops.backup.archive import BackupError
from balai.ops.backup.dump import create_backup
from balai.ops.backup.load import restore_backup

__all__ = ["BackupError", "create_backup", "restore_backup"]
