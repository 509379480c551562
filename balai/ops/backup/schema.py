"""Which tables a backup holds, in which order, and the migration state they belong to."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.apps.registry import Apps
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model

from balai.ops.backup.archive import SKIPPED_MODELS, BackupError

ModelType = type[Model]


def dumped_models(registry: Apps) -> list[ModelType]:
    """Every concrete, managed model (auto-created M2M tables included), parents before the
    tables that point at them; self-references are left to deferred constraint checks."""
    models = [
        model
        for model in registry.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and not model._meta.swapped
        and model._meta.label not in SKIPPED_MODELS
    ]
    return dependency_order(models)


def dependency_order(models: list[ModelType]) -> list[ModelType]:
    """A stable topological sort on foreign keys (cycles, if any, keep their original order)."""
    wanted = set(models)
    needs: dict[ModelType, set[ModelType]] = {}
    for model in models:
        needs[model] = {
            field.related_model  # type: ignore[misc]
            for field in model._meta.local_concrete_fields
            if field.is_relation
            and field.related_model in wanted
            and field.related_model is not model
        }
    ordered: list[ModelType] = []
    placed: set[ModelType] = set()
    while len(ordered) < len(models):
        ready = [m for m in models if m not in placed and needs[m] <= placed]
        if not ready:  # a cycle: take the first remaining model, constraints are deferred anyway
            ready = [next(m for m in models if m not in placed)]
        for model in ready:
            ordered.append(model)
            placed.add(model)
    return ordered


def columns(model: ModelType) -> list[tuple[str, str]]:
    """(attname, column) of each concrete field stored in the model's own table."""
    return [(f.attname, f.column) for f in model._meta.local_concrete_fields]


def applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = defaultdict(list)
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied[app_label].append(name)
    return dict(applied)


def migration_targets(
    loader: MigrationLoader, applied: dict[str, list[str]]
) -> list[tuple[str, str]]:
    """The newest applied migration of each app in the archive, as migrate targets. Refuses an
    archive that names a migration this code does not have (it comes from a newer Balai)."""
    graph = loader.graph
    unknown = [
        f"{app}.{name}"
        for app, names in applied.items()
        for name in names
        if (app, name) not in graph.nodes and (app, name) not in loader.replacements
    ]
    if unknown:
        raise BackupError(
            "This archive comes from a newer Balai: its database has migrations this code does "
            f"not know ({', '.join(unknown[:5])}). Install the same or a newer Balai, then restore."
        )
    targets = []
    for app, names in applied.items():
        nodes = {(app, name) for name in names if (app, name) in graph.nodes}
        parents = {p for node in nodes for p in graph.node_map[node].parents}
        leaves = sorted(nodes - parents)
        targets.extend(leaves)
    return targets


def models_by_table(registry: Apps) -> dict[str, Any]:
    return {
        model._meta.db_table: model
        for model in registry.get_models(include_auto_created=True)
        if not model._meta.proxy
    }
