"""Make ``balai_ml`` importable when these tests run without pytest-django."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)


@pytest.fixture(autouse=True)
def _fast_password_hashing() -> None:
    """Override the suite-wide autouse fixture that needs pytest-django's ``settings``:
    these tests touch no Django, and must also run with ``-p no:django``."""
    return None


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """``test_django_*`` modules screen posts through Django: skipped with ``-p no:django``."""
    if collection_path.name.startswith("test_django_") and not config.pluginmanager.hasplugin(
        "django"
    ):
        return True
    return None
