"""Django's model backend, with the signed-in user of every web request loaded through SQL
compiled once (`balai.core.compiled`) instead of an ORM compile per request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from balai.accounts.models import User
from balai.core import compiled


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:  # type: ignore[override]
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        found = compiled.by_ids(User, [pk])
        if not found or not self.user_can_authenticate(found[0]):
            return None
        return found[0]
