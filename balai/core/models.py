"""Base models shared by every app."""

from __future__ import annotations

from django.db import models

from balai.core.ids import snowflake


class SnowflakeModel(models.Model):
    """A model whose primary key is a snowflake id, never a sequence."""

    id = models.BigIntegerField(primary_key=True, default=snowflake, editable=False)

    class Meta:
        abstract = True


class RateLimitBucket(models.Model):
    """A fixed-window request counter shared by every web process (database-backed)."""

    key = models.CharField(max_length=200, primary_key=True)
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}={self.count}"
