"""Web sessions are Django's database sessions, read through a compiled lookup."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from balai.web.sessions import SessionStore


def test_a_live_session_loads_and_an_expired_or_unknown_one_does_not(db):  # type: ignore[no-untyped-def]
    store = SessionStore()
    store["answer"] = 42
    store.create()
    assert SessionStore(store.session_key).load() == {"answer": 42}
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a fresh session, not the expired one revived
    assert SessionStore("x" * 32).load() == {}
