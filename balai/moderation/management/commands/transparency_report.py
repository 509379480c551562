"""`balai transparency-report --since YYYY-MM-DD --until YYYY-MM-DD --format json|csv`."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from balai.moderation.transparency import as_csv, transparency_report


def _day(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {raw}") from error


class Command(BaseCommand):
    help = "Print the moderation transparency report for a period (until is inclusive)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", required=True)
        parser.add_argument("--until", required=True)
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        since = timezone.make_aware(datetime.combine(_day(options["since"]), time.min))
        until_day = _day(options["until"]) + timedelta(days=1)
        until = timezone.make_aware(datetime.combine(until_day, time.min))
        data = transparency_report(since, until)
        data["period"] = {"since": options["since"], "until": options["until"]}
        if options["format"] == "csv":
            self.stdout.write(as_csv(data), ending="")
        else:
            self.stdout.write(json.dumps(data, indent=2, sort_keys=True))
