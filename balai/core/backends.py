"""Load pluggable backends chosen by dotted path in settings."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


@cache
def load_setting_object(setting_name: str) -> Any:
    return import_string(getattr(settings, setting_name))
