from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.accounts.models import User
from balai.api.models import AccessToken


class Command(BaseCommand):
    help = "Print a new bearer token for a user (the last line of output)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--scopes", default="read write follow push")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username__iexact=options["username"]).first()
        if user is None:
            raise CommandError(f"no such user: {options['username']}")
        scopes = " ".join(options["scopes"].split())
        _token, raw = AccessToken.issue(user=user, scopes=scopes)
        self.stdout.write(raw)
