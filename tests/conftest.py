"""Shared fixtures. Tests run on SQLite by default and on PostgreSQL when BALAI_DATABASE_URL is set.

Every database test runs with real commits (transactional test cases), so side effects that
Balai defers with `transaction.on_commit` happen exactly as they do in production.
"""

from __future__ import annotations

from pathlib import Path

import pytest

NO_DATABASE_DIRS = {"ml"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    tests_root = Path(__file__).parent
    for item in items:
        relative = Path(str(item.fspath)).relative_to(tests_root)
        if relative.parts and relative.parts[0] in NO_DATABASE_DIRS:
            continue
        item.add_marker(pytest.mark.django_db(transaction=True), append=False)


@pytest.fixture
def make_user():  # type: ignore[no-untyped-def]
    from tests.factories import UserFactory

    def make(**kwargs):  # type: ignore[no-untyped-def]
        return UserFactory(**kwargs)

    return make


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    """Argon2 is deliberately slow; tests that check hashing itself re-enable it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """Each test starts with an empty cache: nothing counted or remembered by an earlier one."""
    from django.core.cache import cache

    cache.clear()
