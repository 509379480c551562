"""Web sessions: Django's database sessions, with the lookup compiled once (decision 0009).

Every page a signed-in person loads reads their session row first; the ORM's compile of that
lookup cost more CPU than the database spends on it. Rows and behaviour are Django's: an expired
or unknown session key is no session.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from balai.core.compiled import instances


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        found = instances(
            Session,
            ("live session by key",),
            lambda m: Session.objects.filter(
                session_key=m.text("key"), expire_date__gt=m.moment("now")
            ),
            {"key": self.session_key, "now": timezone.now()},
        )
        if not found:
            self._session_key = None
            return None
        return found[0]
