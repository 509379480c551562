"""Helpers for migrations that differ per database vendor."""

from __future__ import annotations

from typing import Any

from balai.core import search


def install_search(apps: Any, schema_editor: Any) -> None:
    search.install_schema(schema_editor)
