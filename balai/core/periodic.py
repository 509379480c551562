"""Periodic jobs (sweeps, purges) run by every worker, each run claimed by exactly one of them.

Apps register jobs in `AppConfig.ready()`. `balai worker` (and so `balai run`) calls
`run_due_jobs()` every few seconds; a job runs in the worker that first moves its row's
`next_run_at` forward, so several workers on several machines never run the same turn twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from balai.core.models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    run: Callable[[], object]


_jobs: dict[str, PeriodicJob] = {}


def register(name: str, every_seconds: int, run: Callable[[], object]) -> None:
    _jobs[name] = PeriodicJob(name=name, every=timedelta(seconds=every_seconds), run=run)


def registered_jobs() -> list[PeriodicJob]:
    return list(_jobs.values())


def _claim(job: PeriodicJob, now: datetime) -> bool:
    claimed = PeriodicRun.objects.filter(name=job.name, next_run_at__lte=now).update(
        next_run_at=now + job.every
    )
    if claimed:
        return True
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(name=job.name, next_run_at=now + job.every)
        return True
    except IntegrityError:  # the row exists and is not yet due
        return False


def run_due_jobs(now: datetime | None = None) -> list[str]:
    """Run every job that is due; returns the names of those this process ran."""
    now = now or timezone.now()
    ran = []
    for job in registered_jobs():
        if not _claim(job, now):
            continue
        try:
            job.run()
            ran.append(job.name)
        except Exception:  # a failing job must not stop the others; it runs again next turn
            logger.exception("periodic job %s failed", job.name)
    return ran


def start_scheduler_thread(interval_seconds: float = 5.0) -> threading.Event:
    """Run due jobs every `interval_seconds` in a daemon thread; set the event to stop it."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(interval_seconds):
            close_old_connections()
            try:
                run_due_jobs()
            except Exception:
                logger.exception("periodic scheduler turn failed")

    threading.Thread(target=loop, name="balai-periodic", daemon=True).start()
    return stop
