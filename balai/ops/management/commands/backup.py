"""`balai backup PATH`: one archive of the whole instance, taken while it runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one archive (database in a portable form, media, secret key, settings) while "
        "the server runs. PATH ending in .gz, .bz2 or .xz is compressed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--quiet", action="store_true", help="no progress bars")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if path.is_dir():
            raise CommandError(f"{path} is a folder; give the archive's file name")
        try:
            manifest = create_backup(path, quiet=options["quiet"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(table["rows"] for table in manifest["tables"])
        media = manifest["media"]["files"]
        self.stdout.write(f"backup written to {path}: {rows} rows, {media} media files")
