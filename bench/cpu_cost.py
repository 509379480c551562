"""CPU cost per request, measured in-process on the PostgreSQL bench instance.

HTTP throughput on a shared 2-core machine swings with whatever else runs; CPU time per request
does not. This drives Django's test client (no network, no load generator) over the instance
`python -m bench.run` generated and adds this process's CPU time to its PostgreSQL backend's
(read from /proc), so `2 cores / cost` is the ceiling a 2-core server could reach. Every user is
served once before measuring, so per-process caches are as warm as in a steady load.

    python -m bench.cpu_cost            # after `make bench` (or `BENCH_DATABASES=postgres`)
    BENCH_ONLY=home python -m bench.cpu_cost   # only scenarios whose name has "home" (no posting,
                                                # so the instance stays fit for timeline runs)
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.run import DEFAULT_PG_URL, OUT

PATHS = [
    ("home timeline  API", "/api/v1/timelines/home?limit=20", "api"),
    ("local timeline API", "/api/v1/timelines/public?local=true&limit=20", "api"),
    ("home timeline  web /home", "/home", "web"),
    ("local timeline web /local", "/local", "web"),
    ("post           API", "/api/v1/statuses", "api-post"),
]
WARM, MEASURED = 200, 300


def main() -> int:
    directory = OUT / "postgresql"
    if not (directory / "sessions.json").exists():
        print("bench.cpu_cost: no PostgreSQL bench instance; run `make bench` first")
        return 0
    os.environ.update(
        DJANGO_SETTINGS_MODULE="balai.settings",
        BALAI_DATA_DIR=str(directory),
        BALAI_DATABASE_URL=os.environ.get("BALAI_BENCH_POSTGRES_URL", DEFAULT_PG_URL),
        BALAI_LOG_LEVEL="ERROR",
    )
    import django

    django.setup()
    users = json.loads((directory / "sessions.json").read_text())["users"]
    print(
        f"{'scenario':<30} {'python ms':>10} {'postgres ms':>12} {'total ms':>9} {'ceiling/s':>10}"
    )
    only = os.environ.get("BENCH_ONLY", "")
    for name, path, kind in [p for p in PATHS if only in p[0]]:
        python_ms, postgres_ms = measure(path, kind, users)
        total = python_ms + postgres_ms
        print(
            f"{name:<30} {python_ms:>10.2f} {postgres_ms:>12.2f} {total:>9.2f} "
            f"{2000 / total:>10.0f}"
        )
    print("ceiling: requests/s two cores could serve at this CPU cost, with no load generator")
    return 0


def measure(path: str, kind: str, users: list[dict[str, str]]) -> tuple[float, float]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    client = Client()

    def send(number: int) -> Any:
        user = users[number % len(users)]
        if kind == "web":
            cookie = f"{settings.SESSION_COOKIE_NAME}={user['session']}"
            return client.get(path, HTTP_COOKIE=cookie)
        auth = f"Bearer {user['token']}"
        if kind == "api-post":
            body = {"status": f"Kopi tubruk pagi ini mantap (cpu {time.time()}) #bench"}
            return client.post(path, body, HTTP_AUTHORIZATION=auth)
        return client.get(path, HTTP_AUTHORIZATION=auth)

    for number in range(WARM):
        response = send(number)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    python_before, postgres_before = time.process_time(), _cpu_seconds(backend)
    for number in range(MEASURED):
        send(number)
    python = time.process_time() - python_before
    postgres = _cpu_seconds(backend) - postgres_before
    return python / MEASURED * 1000, postgres / MEASURED * 1000


def _cpu_seconds(stat: Path) -> float:
    """User + system CPU of a process on this machine (the database runs on 127.0.0.1)."""
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    sys.exit(main())
