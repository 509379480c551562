"""Base models shared by every app."""

from __future__ import annotations

from django.db import models

from balai.core.ids import snowflake


class SnowflakeModel(models.Model):
    """A model whose primary key is a snowflake id, never a sequence."""

    id = models.BigIntegerField(primary_key=True, default=snowflake, editable=False)

    class Meta:
        abstract = True


def indexes_of_links(*links: tuple[str, str]) -> list[models.Index]:
    """Indexes for optional foreign keys, `(field, index name)`, over the rows that have one.

    Most posts are no reply, repost or quote: a full index would take an entry per row, on the
    busiest insert, to answer lookups that only ever ask for a linked row (`field = id` implies
    the partial index's condition, on PostgreSQL and SQLite alike)."""
    return [
        models.Index(fields=[field], name=name, condition=models.Q(**{f"{field}__isnull": False}))
        for field, name in links
    ]


class RateLimitBucket(models.Model):
    """A fixed-window request counter shared by every web process (database-backed)."""

    key = models.CharField(max_length=200, primary_key=True)
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}={self.count}"


class PeriodicRun(models.Model):
    """When a periodic job is next due; workers claim a run by moving this forward atomically."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.next_run_at}"
