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
