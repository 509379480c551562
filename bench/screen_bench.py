"""What the synchronous screen adds to creating a post: `python -m bench.screen_bench`.

Creates posts through the real `post_create` on a fresh SQLite instance, alternating between the
null screen (`allow_all`) and the moderation screen, with texts from the team's bilingual set, and
prints medians and p90s: the added median must stay at or under 5 ms (issue 4). Also times the
pure `screen_text` path (what `balai screen` runs) and each backend on its own.

Environment: SCREEN_BENCH_N (posts per arm, default 400).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["BALAI_DATA_DIR"] = tempfile.mkdtemp(prefix="balai-screen-bench-")
os.environ.setdefault("BALAI_LOG_LEVEL", "WARNING")
os.environ.setdefault("BALAI_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")


def texts(violent: bool) -> list[str]:
    """Team-set texts: benign ones (violent vocabulary included) or labelled violent ones."""
    out = []
    for name in ("team_en.jsonl", "team_id.jsonl"):
        path = ROOT / "balai_ml" / "data" / name
        if path.exists():
            for line in path.read_text().splitlines():
                item = json.loads(line) if line else {}
                if item and bool(item.get("labels")) == violent:
                    out.append(item["text"])
    return out or (["I will kill you"] if violent else ["hello world", "selamat pagi semua"])


def q(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from balai.accounts.models import User
    from balai.moderation.classifiers import sync_backends
    from balai.moderation.screening import screen_text
    from balai.posts.services import PostDraft, post_create

    call_command("migrate", verbosity=0)
    n = int(os.environ.get("SCREEN_BENCH_N", "400"))
    author = User.objects.create_user(username="bench", email="b@example.test", password="x")
    screens = {
        "none": "balai.posts.screening.allow_all",
        "moderation": "balai.moderation.services.post_screen",
    }
    for text in texts(False)[:20]:  # warm up: models loaded, policy created, caches filled
        screen_text(text)
    print(
        f"post_create, {n} posts per arm, SQLite, backends: "
        + ", ".join(f"{b.name}={b.version}" for b in sync_backends())
    )
    corpus: list[str] = []
    for label, violent in (("benign posts", False), ("violent posts (held)", True)):
        corpus = texts(violent)
        timings: dict[str, list[float]] = {k: [] for k in screens}
        for i in range(n):
            text = corpus[i % len(corpus)]
            for arm, path in screens.items():
                settings.BALAI_POST_SCREEN = path
                started = time.perf_counter()
                post_create(author=author, draft=PostDraft(text=f"{text} {i}"))
                timings[arm].append((time.perf_counter() - started) * 1000)
        print(f" {label}:")
        for arm, values in timings.items():
            print(
                f"  screen={arm:<11} median {statistics.median(values):7.3f} ms   "
                f"p90 {q(values, 0.9):7.3f} ms"
            )
        added = statistics.median(timings["moderation"]) - statistics.median(timings["none"])
        print(f"  added by screening (median): {added:.3f} ms  (target <= 5 ms)")
    corpus = texts(False) + texts(True)
    for backend in sync_backends():
        values = []
        for text in corpus[:n]:
            started = time.perf_counter()
            screen_text(text, backends=(backend,), use_bank=False)
            values.append((time.perf_counter() - started) * 1000)
        print(
            f"  screen_text with {backend.name:<6} only: median "
            f"{statistics.median(values):.3f} ms  p90 {q(values, 0.9):.3f} ms"
        )
    values = []
    for text in corpus[:n]:
        started = time.perf_counter()
        screen_text(text)
        values.append((time.perf_counter() - started) * 1000)
    print(
        f"  screen_text, all backends + bank: median {statistics.median(values):.3f} ms  "
        f"p90 {q(values, 0.9):.3f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
