"""`balai restore PATH`: bring an archive back into an empty data dir or PostgreSQL database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `balai backup` into the configured database (empty "
        "SQLite in BALAI_DATA_DIR, or an empty PostgreSQL database via BALAI_DATABASE_URL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="DROP every table in a non-empty target first"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bars")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_backup(
                options["path"], force=options["force"], quiet=options["quiet"]
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(table["rows"] for table in manifest["tables"])
        self.stdout.write(
            f"restored {rows} rows and {manifest['media']['files']} media files from "
            f"{options['path']} (Balai {manifest['balai_version']}, "
            f"{manifest['source_vendor']}, {manifest['created_at']})"
        )
