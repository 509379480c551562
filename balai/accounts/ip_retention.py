"""IP addresses are kept at most `BALAI_IP_RETENTION_DAYS` (default 30), then purged.

The only place Balai stores client IP addresses is the database rate-limit counters
(`balai.core.models.RateLimitBucket`, keys like `login:ip:203.0.113.7`); sessions, posts,
moderation rows and the audit log hold none. A counter is useless once its window has ended, so
the periodic job `ip_purge` deletes it then; anything older than the retention period goes
whatever its scope. With Redis counters expire by themselves.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings

from balai.core import ratelimit
from balai.core.models import RateLimitBucket


@dataclass
class IpPurgeResult:
    rate_limit_buckets: int = 0


def _windows() -> dict[str, int]:
    """Window length of every known limit, by scope."""
    return {
        value.scope: value.window_seconds
        for value in vars(ratelimit).values()
        if isinstance(value, ratelimit.Limit)
    }


def ip_purge(*, now: float | None = None) -> IpPurgeResult:
    """Delete rate-limit counters whose window has ended, and any older than the retention."""
    moment = int(now if now is not None else time.time())
    windows = _windows()
    longest = max(windows.values(), default=0)
    retention = settings.BALAI_IP_RETENTION_DAYS * 24 * 3600
    result = IpPurgeResult()
    deleted, _ = RateLimitBucket.objects.filter(
        window_start__lte=moment - min(max(longest, 1), retention)
    ).delete()
    result.rate_limit_buckets += deleted
    for scope, window in windows.items():
        if window >= longest:
            continue
        deleted, _ = RateLimitBucket.objects.filter(
            key__startswith=f"{scope}:", window_start__lte=moment - window
        ).delete()
        result.rate_limit_buckets += deleted
    return result
