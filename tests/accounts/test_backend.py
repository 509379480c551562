"""The session user of a web request is loaded by the account backend: active accounts only."""

from __future__ import annotations

from balai.accounts.backends import AccountBackend
from balai.accounts.models import User


def test_the_backend_loads_active_accounts_and_refuses_the_rest(make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    loaded = AccountBackend().get_user(str(user.pk))
    assert loaded is not None and loaded.pk == user.pk and loaded.username == user.username
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert AccountBackend().get_user(user.pk) is None
    assert AccountBackend().get_user("not a number") is None
    assert AccountBackend().get_user(12345) is None
