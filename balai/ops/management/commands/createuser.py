from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.accounts.models import Role
from balai.accounts.services import user_create
from balai.core.errors import BalaiError


class Command(BaseCommand):
    help = "Create an account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--role", choices=Role.values, default=Role.USER)
        parser.add_argument("--confirmed", action="store_true", help="skip email confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = user_create(
                username=options["username"],
                email=options["email"],
                password=options["password"],
                role=options["role"],
                confirmed=True if options["confirmed"] else None,
                approved=True,
            )
        except BalaiError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"created @{user.username} ({user.role}) id={user.pk}")
