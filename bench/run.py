"""`make bench`: generate an instance, serve it, load it over HTTP, print what it sustains.

    make bench                                   10,000 users, 200,000 posts, SQLite + PostgreSQL
    BENCH_USERS=1000 BENCH_POSTS=20000 make bench    a quick run while developing

Environment (all optional):
  BENCH_USERS, BENCH_POSTS       instance size (10000, 200000)
  BENCH_DATABASES                which databases, comma-separated (sqlite,postgres)
  BALAI_BENCH_POSTGRES_URL       a PostgreSQL database the bench may DROP and re-create
                                 (default: postgres://balai:balai@127.0.0.1:5432/balai_bench,
                                 the role .ci/run creates); skipped when unreachable
  BENCH_CLIENTS                  concurrent client connections (4)
  BENCH_WORKERS                  gunicorn worker processes (2 x cores + 1, each with threads,
                                 as `balai run` starts them: balai/ops/serving.py)
  BENCH_DURATION                 seconds per scenario (15); BENCH_MAX_REQUESTS caps each (100000)
  BENCH_WARMUP                   unmeasured seconds before each scenario (30): long enough for
                                 every worker to have served each bench user several times, as a
                                 server that has been up for a while has (per-process caches of
                                 compiled queries, sanitised HTML and embedded counters warm)
  BENCH_FRESH=1                  regenerate data even when bench/out has a matching instance
  BENCH_ONLY                     run only scenarios whose name contains this text (e.g. "home")

Everything lives under bench/out/ (ignored by git); traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from balai.ops.serving import default_web_workers, gunicorn_command
from bench import load, scenarios

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_PG_URL = "postgres://balai:balai@127.0.0.1:5432/balai_bench"
PROBE_POSTS_ALLOWED = 20  # each run's probes post twice


@dataclass
class Target:
    label: str
    directory: Path
    database_url: str = ""

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("BALAI_")}
        env.update(
            BALAI_DATA_DIR=str(self.directory),
            BALAI_LOG_LEVEL="WARNING",
            BALAI_SIGNUP_CONFIRM_EMAIL="false",
            PYTHONPATH=str(ROOT),
        )
        if self.database_url:
            env["BALAI_DATABASE_URL"] = self.database_url
        return env


def setting(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def postgres_target() -> Target | None:
    url = os.environ.get("BALAI_BENCH_POSTGRES_URL", DEFAULT_PG_URL)
    try:
        recreate_postgres(url, drop=False)
    except Exception as exc:
        print(f"PostgreSQL: skipped ({type(exc).__name__}: {str(exc).strip()[:200]})")
        print("  set BALAI_BENCH_POSTGRES_URL to a database the bench may drop and re-create")
        return None
    return Target("postgresql", OUT / "postgresql", url)


def recreate_postgres(url: str, *, drop: bool) -> None:
    """Connect to the server's maintenance database; (re)create the bench database."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        exists = connection.execute(query, [name]).fetchone() is not None
        if exists and not drop:
            return
        if exists:
            drop_database(connection, name)
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(connection: Any, name: str) -> None:
    """Drop a database on an autocommit connection to another one. A plain DROP first: it
    stops an autovacuum worker busy there by itself (a freshly loaded database often has one),
    whereas WITH (FORCE), which a role without superuser or pg_signal_backend may run, fails on
    that worker; FORCE only for the bench's or the test's own leftover connections."""
    import psycopg

    try:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
    except psycopg.errors.ObjectInUse:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def generate(target: Target) -> None:
    wanted = {
        "users": setting("BENCH_USERS", 10000),
        "posts": setting("BENCH_POSTS", 200000),
        "database": target.database_url,
    }
    marker = target.directory / "instance.json"
    if (
        os.environ.get("BENCH_FRESH") != "1"
        and marker.exists()
        and json.loads(marker.read_text()) == wanted
    ):
        # Posting scenarios add posts by the very users whose timelines are measured, at the top
        # of those timelines: a later run would find its pages at once and read far too well.
        # Timelines are measured only on an instance no posting run has touched.
        grown = post_count(target) - setting("BENCH_POSTS", 200000)
        if grown <= PROBE_POSTS_ALLOWED:
            print(f"{target.label}: reusing the generated instance (BENCH_FRESH=1 to regenerate)")
            migrate(target)  # as `balai run` does on start: the code may be newer than the data
            return
        print(f"{target.label}: earlier runs added {grown} posts; generating a fresh instance")
    marker.unlink(missing_ok=True)
    if target.database_url:
        recreate_postgres(target.database_url, drop=True)
    else:
        for path in target.directory.glob("balai.sqlite3*"):
            path.unlink()
    target.directory.mkdir(parents=True, exist_ok=True)
    print(f"{target.label}: generating {wanted['users']} users, {wanted['posts']} posts ...")
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "bench.generate", str(target.directory)],
        env=target.env(),
        cwd=ROOT,
        check=True,
    )
    marker.write_text(json.dumps(wanted))
    print(f"{target.label}: generated in {time.monotonic() - started:.0f}s")


def post_count(target: Target) -> int:
    query = "SELECT count(*) FROM posts_post"
    if target.database_url:
        import psycopg

        with psycopg.connect(target.database_url, connect_timeout=5) as connection:
            row = connection.execute(query).fetchone()
    else:
        import sqlite3

        with closing(sqlite3.connect(target.directory / "balai.sqlite3")) as connection:
            row = connection.execute(query).fetchone()
    return int(row[0]) if row else 0


def migrate(target: Target) -> None:
    subprocess.run(
        [sys.executable, "-m", "balai.ops.cli", "migrate", "--no-input", "-v", "0"],
        env=target.env(),
        cwd=ROOT,
        check=True,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((load.HOST, 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(target: Target) -> Iterator[int]:
    port = free_port()
    workers = setting("BENCH_WORKERS", default_web_workers())
    log = (target.directory / "server.log").open("w")
    command = gunicorn_command(load.HOST, port, workers)  # served exactly as `balai run` serves
    process = subprocess.Popen(command, env=target.env(), cwd=ROOT, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while load.probe(port, load.Request("GET", "/robots.txt"))[0] == 0:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start; see {log.name}")
            time.sleep(0.2)
        print(f"{target.label}: serving on {load.HOST}:{port} with {workers} gunicorn workers")
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def bench(target: Target) -> list[dict[str, object]]:
    generate(target)
    credentials = json.loads((target.directory / "sessions.json").read_text())
    rows = []
    with server(target) as port:
        only = os.environ.get("BENCH_ONLY", "")
        for name, make in scenarios.discover(port, credentials):
            if only not in name:
                continue
            result = load.run(
                name,
                port,
                make,
                clients=setting("BENCH_CLIENTS", 4),
                duration=setting("BENCH_DURATION", 15),
                max_requests=setting("BENCH_MAX_REQUESTS", 100_000),
                warmup=setting("BENCH_WARMUP", 30),
            )
            row = summarise(target, result)
            print(format_row(row), flush=True)
            rows.append(row)
    return rows


def summarise(target: Target, result: load.Result) -> dict[str, object]:
    return {
        "database": target.label,
        "scenario": result.name,
        "per_second": round(result.rate, 1),
        "p50_ms": round(result.percentile(0.50), 1),
        "p99_ms": round(result.percentile(0.99), 1),
        "ok": result.ok,
        "errors": result.errors,
        "statuses": dict(result.statuses),
    }


HEADER = f"{'database':<11} {'scenario':<34} {'per s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"


def format_row(row: dict[str, object]) -> str:
    return (
        f"{row['database']!s:<11} {row['scenario']!s:<34} {row['per_second']!s:>8} "
        f"{row['p50_ms']!s:>8} {row['p99_ms']!s:>8} {row['errors']!s:>7}"
    )


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",")
    targets = []
    if "sqlite" in wanted:
        targets.append(Target("sqlite", OUT / "sqlite"))
    if "postgres" in wanted:
        pg = postgres_target()
        if pg is not None:
            targets.append(pg)
    rows = []
    for target in targets:
        rows.extend(bench(target))
    print("\n" + HEADER)
    for row in rows:
        print(format_row(row))
    print(scenarios.TARGETS_NOTE)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (OUT / f"results-{stamp}.json").write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
