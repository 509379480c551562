"""IP addresses are kept at most BALAI_IP_RETENTION_DAYS: rate-limit counters (the only rows that
hold client IPs) are deleted by the periodic `ip_purge` job once their window has ended."""

from __future__ import annotations

from balai.accounts.ip_retention import ip_purge
from balai.core.models import RateLimitBucket
from balai.core.ratelimit import LOGIN, POST, hit

NOW = 1_800_000_000.0  # a fixed clock: no sleeping, no timing


def _keys() -> set[str]:
    return set(RateLimitBucket.objects.values_list("key", flat=True))


def test_ended_windows_are_purged_and_current_ones_kept():
    """A login counter from ten minutes ago (5-minute window) goes; one from now stays; a post
    counter (3-hour window) from an hour ago stays until its window ends."""
    hit(LOGIN, "ip:198.51.100.7", now=NOW - 600)
    hit(LOGIN, "ip:203.0.113.9", now=NOW)
    hit(POST, "ip:192.0.2.44", now=NOW - 3600)
    assert len(_keys()) == 3
    result = ip_purge(now=NOW)
    assert result.rate_limit_buckets == 1
    assert _keys() == {"login:ip:203.0.113.9", "post:ip:192.0.2.44"}
    ip_purge(now=NOW + POST.window_seconds)
    assert _keys() == set()


def test_retention_setting_caps_any_counter(settings):
    """Whatever a scope's window, nothing older than the retention period survives."""
    settings.BALAI_IP_RETENTION_DAYS = 0
    hit(POST, "ip:192.0.2.44", now=NOW - 60)
    ip_purge(now=NOW)
    assert _keys() == set()


def test_unknown_scopes_go_once_the_longest_window_has_passed():
    """A counter of a scope this module does not know is kept for the longest known window."""
    RateLimitBucket.objects.create(key="custom:ip:192.0.2.1", window_start=int(NOW) - 60, count=1)
    RateLimitBucket.objects.create(
        key="custom:ip:192.0.2.2", window_start=int(NOW) - POST.window_seconds, count=1
    )
    ip_purge(now=NOW)
    assert _keys() == {"custom:ip:192.0.2.1"}
