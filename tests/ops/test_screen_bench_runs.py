"""`make bench` runs the screening benchmark after the HTTP one; a broken script would only show
at the end of a long run, so a tiny run of it belongs in the suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_screen_benchmark_runs_and_prints_its_figures() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALAI_")}
    env["SCREEN_BENCH_N"] = "3"
    done = subprocess.run(
        [sys.executable, "-m", "bench.screen_bench"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "added by screening (median)" in done.stdout
