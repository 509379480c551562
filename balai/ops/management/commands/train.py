"""`balai train`: hand over to the classifier toolkit in balai_ml (which imports no Django)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Run `python -m balai_ml train` (see `balai train -- --help`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("rest", nargs="*", help="arguments passed to balai_ml train")

    def handle(self, *args: Any, **options: Any) -> None:
        from balai_ml.cli import main

        code = main(["train", *options["rest"]])
        sys.stdout.flush()
        if code:
            raise CommandError(f"balai_ml train exited with {code}")
