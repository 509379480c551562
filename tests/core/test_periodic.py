"""Periodic jobs run when due, once per turn across workers, and survive a failing neighbour."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from balai.core import periodic


def test_due_jobs_run_once_per_turn(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(periodic, "_jobs", {})
    periodic.register("count", 60, lambda: calls.append("count"))
    periodic.register("broken", 60, lambda: 1 / 0)
    now = timezone.now()
    assert periodic.run_due_jobs(now) == ["count"]
    assert periodic.run_due_jobs(now + timedelta(seconds=30)) == []  # not yet due: claimed
    assert periodic.run_due_jobs(now + timedelta(seconds=61)) == ["count"]
    assert calls == ["count", "count"]


def test_media_sweep_is_registered():
    assert "media_sweep" in {job.name for job in periodic.registered_jobs()}
