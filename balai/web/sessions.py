"""Web sessions: Django's database sessions, with the lookup compiled once (decision 0009).

Every page a signed-in person loads reads their session row first; the ORM's compile of that
lookup cost more CPU than the database spends on it. Rows and behaviour are Django's: an expired
or unknown session key is no session.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from balai.core.compiled import compiled

_SESSION_FIELDS = [f.attname for f in Session._meta.concrete_fields]


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        query = compiled(
            ("live session by key",),
            lambda m: Session.objects.filter(
                session_key=m.text("key"), expire_date__gt=m.moment("now")
            ).values_list(*_SESSION_FIELDS),
        )
        rows = query.fetch({"key": self.session_key, "now": timezone.now()})
        if not rows:
            self._session_key = None
            return None
        return Session.from_db(connection.alias, _SESSION_FIELDS, rows[0])
