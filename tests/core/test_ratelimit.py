"""Rate limits: counted per identity and window, shared through the database."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from balai.core.errors import RateLimited
from balai.core.ratelimit import Limit, client_ip, hit


def test_limit_allows_the_allowance_then_refuses_with_retry_after():
    limit = Limit("test", 3, 60)
    for _ in range(3):
        hit(limit, "ip:1.2.3.4", now=120)
    with pytest.raises(RateLimited) as caught:
        hit(limit, "ip:1.2.3.4", now=150)
    assert caught.value.retry_after == 30
    hit(limit, "ip:5.6.7.8", now=150)  # another identity has its own allowance
    hit(limit, "ip:1.2.3.4", now=181)  # a new window starts afresh


def test_ipv6_clients_are_grouped_by_slash_64(rf):
    a = rf.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    b = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert client_ip(a) == client_ip(b) == "2001:db8:1:2::/64"


def test_forwarded_for_is_believed_only_from_trusted_proxies(rf, settings):
    """Behind a trusted proxy the client's own address counts; anyone else's header is ignored."""
    settings.BALAI_TRUSTED_PROXIES = ["10.0.0.0/8"]
    via_proxy = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_ip(via_proxy) == "198.51.100.7"  # the left part could be forged by the client
    chained = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="198.51.100.7, 10.9.9.9")
    assert client_ip(chained) == "198.51.100.7"
    spoofed = rf.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(spoofed) == "203.0.113.5"
    settings.BALAI_TRUSTED_PROXIES = []
    assert client_ip(via_proxy) == "10.1.2.3"  # loopback/private peers are not trusted by default


def _allowance_then_refusal() -> None:
    limit = Limit("cached", 2, 60)
    hit(limit, "ip:192.0.2.1", now=600)
    hit(limit, "ip:192.0.2.1", now=601)
    with pytest.raises(RateLimited):
        hit(limit, "ip:192.0.2.1", now=602)
    hit(limit, "ip:192.0.2.1", now=661)  # the next window starts afresh


def test_counters_can_live_in_the_cache(settings):
    """With BALAI_RATE_LIMIT_STORE=cache the same limits hold, counted in the shared cache."""
    from balai.core.models import RateLimitBucket

    settings.BALAI_RATE_LIMIT_STORE = "cache"
    _allowance_then_refusal()
    assert not RateLimitBucket.objects.exists()


@pytest.fixture
def redis_server(tmp_path):  # type: ignore[no-untyped-def]
    import shutil
    import socket
    import subprocess
    import time

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (.ci/run installs it)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_counters_in_a_real_redis(settings, redis_server):
    """BALAI_REDIS_URL's Redis, through Django's Redis cache backend, counts atomically."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_server,
        }
    }
    settings.BALAI_RATE_LIMIT_STORE = "cache"
    _allowance_then_refusal()


@pytest.mark.django_db(transaction=True)
def test_a_hit_is_one_statement_whose_relaxed_commit_never_covers_other_writes():
    """On PostgreSQL the hit's own commit skips the WAL flush; the session stays durable, and
    inside a caller's transaction the hit leaves the setting alone."""
    limit = Limit("test", 5, 60)
    with CaptureQueriesContext(connection) as alone:
        hit(limit, "ip:9.9.9.9", now=60)
    assert len(alone.captured_queries) == 1
    relaxed = "synchronous_commit" in alone.captured_queries[0]["sql"]
    assert relaxed is (connection.vendor == "postgresql")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
    with transaction.atomic(), CaptureQueriesContext(connection) as inside:
        hit(limit, "ip:9.9.9.9", now=61)
    assert "synchronous_commit" not in inside.captured_queries[0]["sql"]
    for _ in range(3):
        hit(limit, "ip:9.9.9.9", now=62)
    with pytest.raises(RateLimited):
        hit(limit, "ip:9.9.9.9", now=63)  # both kinds of hit counted in the same bucket
