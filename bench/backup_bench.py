"""Backup and restore times for a generated instance (10,000 users, 200,000 posts by default).

    python -m bench.backup_bench          (BENCH_USERS / BENCH_POSTS / BENCH_DATABASES as bench.run)

For each source database (the instance `bench.run` generates and reuses under bench/out/), time
`balai backup` to a .tar.gz, then `balai restore` into a fresh SQLite data dir and, when a
PostgreSQL server is reachable, into a fresh PostgreSQL database (so SQLite → PostgreSQL is timed
too). BALAI_BENCH_RESTORE_POSTGRES_URL names the database the bench may DROP and re-create for
restores (default: balai_bench_restore next to BALAI_BENCH_POSTGRES_URL). Prints the figures; the
target is a restore under 5 minutes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

from bench.run import (
    DEFAULT_PG_URL,
    OUT,
    ROOT,
    Target,
    generate,
    postgres_target,
    recreate_postgres,
)

RESTORE_LIMIT_S = 300


def restore_postgres_url() -> str:
    explicit = os.environ.get("BALAI_BENCH_RESTORE_POSTGRES_URL")
    if explicit:
        return explicit
    parts = urlsplit(os.environ.get("BALAI_BENCH_POSTGRES_URL", DEFAULT_PG_URL))
    return urlunsplit(parts._replace(path="/balai_bench_restore"))


def timed(target: Target, *args: str) -> float:
    started = time.monotonic()
    command = [sys.executable, "-m", "balai.ops.cli", *args, "--quiet"]
    subprocess.run(command, env=target.env(), cwd=ROOT, check=True)
    return time.monotonic() - started


def restore_targets(label: str) -> list[Target]:
    directory = OUT / f"restored-from-{label}"
    shutil.rmtree(directory, ignore_errors=True)
    targets = [Target("sqlite", directory / "sqlite")]
    url = restore_postgres_url()
    try:
        recreate_postgres(url, drop=True)
    except Exception as exc:
        print(f"  restore into PostgreSQL skipped ({type(exc).__name__}: {str(exc)[:150]})")
    else:
        targets.append(Target("postgresql", directory / "postgresql", url))
    return targets


def bench_source(source: Target) -> list[tuple[str, float, int]]:
    generate(source)
    archive = OUT / f"backup-{source.label}.tar.gz"
    rows = [(f"backup  {source.label}", timed(source, "backup", str(archive)), 0)]
    size = archive.stat().st_size
    rows[0] = (rows[0][0], rows[0][1], size)
    for target in restore_targets(source.label):
        target.directory.mkdir(parents=True, exist_ok=True)
        seconds = timed(target, "restore", str(archive))
        rows.append((f"restore {source.label} -> {target.label}", seconds, 0))
    return rows


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",")
    sources = [Target("sqlite", OUT / "sqlite")] if "sqlite" in wanted else []
    if "postgres" in wanted and (pg := postgres_target()) is not None:
        sources.append(pg)
    results = []
    for source in sources:
        results.extend(bench_source(source))
    users, posts = os.environ.get("BENCH_USERS", "10000"), os.environ.get("BENCH_POSTS", "200000")
    print(f"\nbackup / restore, {users} users and {posts} posts")
    for name, seconds, size in results:
        extra = f"  archive {size / 1e6:.1f} MB" if size else ""
        flag = "  OVER 5 MIN" if name.startswith("restore") and seconds > RESTORE_LIMIT_S else ""
        print(f"  {name:<36} {seconds:7.1f} s{extra}{flag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
