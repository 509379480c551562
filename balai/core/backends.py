"""Load pluggable backends chosen by dotted path in settings."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


def load_setting_object(setting_name: str) -> Any:
    """The object the setting names now (a changed setting, as in tests, takes effect)."""
    return _imported(getattr(settings, setting_name))


@cache
def _imported(dotted_path: str) -> Any:
    return import_string(dotted_path)
