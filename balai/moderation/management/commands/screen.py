"""`balai screen`: JSON lines in, one verdict per line out, through the live screening code path.

Input lines: {"id": ..., "text": ...[, "lang": ...]}. Output lines: {"id", "action",
"categories", "lang", "evidence", "model_version", "policy_version"}. Works on a fresh
BALAI_DATA_DIR: the database is migrated first (the policy and bank live there).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from balai.moderation.screening import screen_text


class Command(BaseCommand):
    help = "Screen JSON lines from stdin with the live policy; write one JSON verdict per line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-migrate", action="store_true", help="skip migrating first")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        out = sys.stdout
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = str(item["text"])
            except (ValueError, KeyError, TypeError):
                self.stderr.write(f"line {number}: expected a JSON object with a text field")
                continue
            outcome = screen_text(text, str(item.get("lang") or ""))
            out.write(json.dumps(outcome.as_json(item.get("id")), ensure_ascii=False) + "\n")
        out.flush()
