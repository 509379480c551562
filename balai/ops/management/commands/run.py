"""`balai run`: migrate, then serve the site with gunicorn and run a background worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from balai.core.search import refresh_planner_statistics
from balai.ops.serving import default_web_workers, gunicorn_command


class Command(BaseCommand):
    help = "Migrate the database, then serve Balai and run one background worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("BALAI_WEB_WORKERS", "0"))
        )
        parser.add_argument("--no-worker", action="store_true", help="do not start a task worker")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        refresh_planner_statistics()
        processes = []
        if not options["no_worker"]:
            processes.append(subprocess.Popen([sys.executable, "-m", "balai.ops.cli", "worker"]))
        web_workers = options["workers"] or default_web_workers()
        gunicorn = gunicorn_command(options["host"], options["port"], web_workers)
        self.stdout.write(f"Balai is serving http://{options['host']}:{options['port']}/")
        web = subprocess.Popen(gunicorn)
        processes.append(web)
        self._wait(processes)

    def _wait(self, processes: list[subprocess.Popen[bytes]]) -> None:
        def stop(signum: int, frame: object) -> None:
            for process in processes:
                process.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            processes[-1].wait()
        finally:
            for process in processes:
                if process.poll() is None:
                    process.terminate()
            for process in processes:
                process.wait(timeout=15)
