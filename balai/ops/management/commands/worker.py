"""`balai worker`: run background tasks and the periodic jobs (sweeps, purges)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from balai.core.periodic import start_scheduler_thread


class Command(BaseCommand):
    help = "Run a background worker: queued tasks plus periodic jobs. Start as many as you like."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-periodic", action="store_true", help="only run queued tasks")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_periodic"]:
            start_scheduler_thread()
        call_command("db_worker")
