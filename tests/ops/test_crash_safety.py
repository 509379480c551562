"""Crash safety: a post acknowledged with 2xx survives SIGKILL of the whole server, exactly once.

A live `balai run` on a fresh data dir (and, on PostgreSQL, a fresh database) takes posts from a
few client threads through the Mastodon API; the test kills the server's whole process group
with SIGKILL in the middle of the stream, starts it again, and counts each acknowledged text.
Bounded by a number of posts and a deadline; traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest

from tests.ops.test_backup import (
    ON_POSTGRES,
    Server,
    balai,
    balai_env,
    fresh_postgres,
    live_server,
)

CLIENTS = 3
KILL_AFTER = 40  # acknowledged posts before the kill
MAX_POSTS = 400  # a bound on the stream, whatever happens
DEADLINE_S = 120.0


class Stream:
    """Client threads posting unique texts until told to stop; they keep what was acknowledged."""

    def __init__(self, server: Server, token: str) -> None:
        self.server, self.token = server, token
        self.acknowledged: list[str] = []
        self.sent = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def run(self, client: int) -> None:
        number = 0
        while not self.stop.is_set():
            with self.lock:
                if self.sent >= MAX_POSTS:
                    return
                self.sent += 1
            number += 1
            text = f"crash-test client {client} post {number}"
            try:
                status, _ = self.server.request(
                    "POST", "/api/v1/statuses", token=self.token, form={"status": text}
                )
            except OSError:  # the server is gone: nothing acknowledged
                continue
            if 200 <= status < 300:
                with self.lock:
                    self.acknowledged.append(text)


def kill_mid_stream(server: Server, token: str) -> list[str]:
    """Stream posts, SIGKILL the server's process group after KILL_AFTER acknowledgements."""
    stream = Stream(server, token)
    threads = [threading.Thread(target=stream.run, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + DEADLINE_S
    while len(stream.acknowledged) < KILL_AFTER and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait()
    time.sleep(0.5)  # let in-flight requests fail; more posts after the kill cannot be acked
    stream.stop.set()
    for thread in threads:
        thread.join(timeout=60)
    with stream.lock:
        return list(stream.acknowledged)


COUNT_SCRIPT = """
import json
from collections import Counter
from balai.posts.models import Post
texts = Post.objects.filter(text__startswith="crash-test ").values_list("text", flat=True)
print(json.dumps(Counter(texts)))
"""


@pytest.mark.live
@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_every_acknowledged_post_survives_sigkill_exactly_once(tmp_path: Path, kind: str) -> None:
    """After SIGKILL of the server (all its processes at once) while posts stream in, and a
    restart, every post the API acknowledged with 2xx is stored exactly once, and the server
    serves again."""
    if kind == "postgresql" and not ON_POSTGRES:
        pytest.skip("the suite runs on SQLite; set BALAI_DATABASE_URL to a PostgreSQL server")
    database: Any = fresh_postgres() if kind == "postgresql" else nullcontext("")
    with database as url:
        env = balai_env(tmp_path / "data", url)
        balai(env, "migrate", "-v0")
        balai(env, "createuser", "poster", "--email", "p@example.test", "--password",
              "a long and careful passphrase", "--confirmed")  # fmt: skip
        token = balai(env, "token", "poster", "--scopes", "read write").strip().splitlines()[-1]
        with live_server(env) as server:
            acknowledged = kill_mid_stream(server, token)
        assert len(acknowledged) >= KILL_AFTER
        with live_server(env) as server:
            status, _ = server.request("GET", "/api/v1/timelines/public")
            assert status == 200
        stored = json.loads(balai(env, "shell", "-c", COUNT_SCRIPT).strip().splitlines()[-1])
    assert {text: stored.get(text, 0) for text in acknowledged} == dict.fromkeys(acknowledged, 1)
    assert all(count == 1 for count in stored.values())
