from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.media.bank import hash_bank_import_csv


class Command(BaseCommand):
    help = "Import a CSV of PDQ hashes (64 hex digits each) of known-bad images into the bank."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", type=Path)
        parser.add_argument("--source", default="", help="label stored with each hash")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["csv"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        source = options["source"] or f"import:{path.name}"
        with path.open("rb") as handle:
            result = hash_bank_import_csv(stream=handle, source=source)
        self.stdout.write(
            f"added {result.added}, already present {result.duplicates}, invalid {result.invalid}"
        )
