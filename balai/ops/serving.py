"""How Balai's web processes are started: one definition for `balai run` and the benchmark."""

from __future__ import annotations

import os
import sys

THREADS_PER_WORKER = 2
KEEP_ALIVE_SECONDS = 5


def default_web_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    """Gunicorn with threaded workers that keep connections alive.

    Balai is served without a buffering proxy in front (`balai run` is the whole deployment), so
    a client — an app polling its timeline — reuses its connection instead of opening one per
    request, which sync workers would force; threads also keep a slow client from holding a
    whole worker."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "balai.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(THREADS_PER_WORKER),
        "--keep-alive",
        str(KEEP_ALIVE_SECONDS),
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "5",
        "--preload",  # load code and models once, before forking the workers
    ]
