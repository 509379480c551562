"""External backends fail as configured: timeouts, 5xx, circuit breaker, open/closed."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import numpy as np
import pytest

from balai_ml import CATEGORIES
from balai_ml.external import CircuitBreaker, OnnxBackend, OpenAIModerationBackend


class FakeModeration(BaseHTTPRequestHandler):
    """Speaks OpenAI's moderation format; behaviour switched through class attributes."""

    mode: ClassVar[str] = "ok"
    calls: ClassVar[int] = 0
    last_body: ClassVar[dict[str, Any]] = {}

    def do_POST(self) -> None:
        type(self).calls += 1
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).last_body = body
        if self.mode == "slow":
            time.sleep(0.5)
        if self.mode == "error":
            self.send_response(503)
            self.end_headers()
            return
        if self.mode == "garbage":
            payload = b"not json"
        else:
            results = [
                {
                    "flagged": "kill" in text,
                    "category_scores": {
                        "violence": 0.97 if "kill" in text else 0.01,
                        "hate": 0.02,
                        "harassment/threatening": 0.6 if "kill" in text else 0.0,
                    },
                }
                for text in body["input"]
            ]
            payload = json.dumps({"id": "modr-1", "model": "fake", "results": results}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    FakeModeration.mode, FakeModeration.calls = "ok", 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeModeration)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1/moderations"
    httpd.shutdown()
    httpd.server_close()


def test_maps_openai_categories(server: str) -> None:
    """OpenAI category scores are mapped onto every Balai category."""
    backend = OpenAIModerationBackend(server, api_key="k", model="omni")
    calm, threat = backend.score_batch(["hello there", "I will kill you"])
    assert set(calm) == set(CATEGORIES)
    assert threat["violent_threat"] == pytest.approx(0.97)
    assert threat["harassment"] == pytest.approx(0.6)
    assert calm["violent_threat"] < 0.1
    assert FakeModeration.last_body == {
        "input": ["hello there", "I will kill you"],
        "model": "omni",
    }


def test_5xx_fails_open_by_default(server: str) -> None:
    """A 503 yields score 0 in every category (fail-open) and records the error."""
    FakeModeration.mode = "error"
    backend = OpenAIModerationBackend(server)
    assert backend.score("I will kill you") == dict.fromkeys(CATEGORIES, 0.0)
    assert backend.last_error and "503" in backend.last_error


def test_timeout_fails_closed_per_category(server: str) -> None:
    """A slow backend times out; fail-closed categories score 1, the others 0."""
    FakeModeration.mode = "slow"
    backend = OpenAIModerationBackend(
        server, timeout_s=0.1, failure={"violent_threat": "closed", "incitement": "closed"}
    )
    scores = backend.score("anything")
    assert scores["violent_threat"] == 1.0 and scores["incitement"] == 1.0
    assert scores["hate"] == 0.0 and scores["harassment"] == 0.0


def test_malformed_json_falls_back(server: str) -> None:
    """A 200 with a body that is not the moderation format counts as a failure."""
    FakeModeration.mode = "garbage"
    backend = OpenAIModerationBackend(server, failure="closed")
    assert backend.score("x") == dict.fromkeys(CATEGORIES, 1.0)


def test_circuit_opens_then_half_opens(server: str) -> None:
    """After N consecutive failures calls stop reaching the server until the cool-down;
    then one trial call goes through and a success closes the circuit."""
    now = [0.0]
    breaker = CircuitBreaker(failure_threshold=3, cooldown_s=10.0, clock=lambda: now[0])
    backend = OpenAIModerationBackend(server, breaker=breaker)
    FakeModeration.mode = "error"
    for _ in range(3):
        backend.score("x")
    assert breaker.state == "open"
    calls = FakeModeration.calls
    backend.score("x")
    assert FakeModeration.calls == calls  # short-circuited
    assert backend.last_error and "circuit open" in backend.last_error
    now[0] = 11.0
    assert breaker.state == "half-open"
    FakeModeration.mode = "ok"
    assert backend.score("I will kill you")["violent_threat"] > 0.9
    assert breaker.state == "closed"


def test_half_open_failure_reopens(server: str) -> None:
    """A failed trial call in the half-open state re-opens the circuit at once."""
    now = [0.0]
    breaker = CircuitBreaker(failure_threshold=2, cooldown_s=5.0, clock=lambda: now[0])
    backend = OpenAIModerationBackend(server, breaker=breaker)
    FakeModeration.mode = "error"
    backend.score("x")
    backend.score("x")
    now[0] = 6.0
    backend.score("x")
    assert breaker.state == "open"


def test_connection_refused_fails_open() -> None:
    """Nothing listening: fallback scores, no exception."""
    backend = OpenAIModerationBackend("http://127.0.0.1:9/v1/moderations", timeout_s=0.5)
    assert backend.score_batch(["a", "b"]) == [dict.fromkeys(CATEGORIES, 0.0)] * 2


class FakeSession:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail

    def run(self, output_names: Any, input_feed: dict[str, Any]) -> list[Any]:
        if self.fail:
            raise RuntimeError("boom")
        n = len(input_feed["input_ids"])
        return [np.tile(np.array([[4.0, -4.0, 0.0]]), (n, 1))]


def fake_tokenizer(texts: list[str]) -> dict[str, Any]:
    return {"input_ids": np.ones((len(texts), 4), dtype=np.int64)}


def test_onnx_backend_maps_labels() -> None:
    """ONNX outputs (logits) are squashed and mapped by label name."""
    backend = OnnxBackend(
        session=FakeSession(),
        tokenizer=fake_tokenizer,
        labels=["violence", "hate", "harassment"],
        outputs_are_logits=True,
    )
    scores = backend.score("x")
    assert scores["violent_threat"] > 0.95 and scores["hate"] < 0.05
    assert scores["harassment"] == pytest.approx(0.5)


def test_onnx_backend_fails_closed() -> None:
    """An inference error gives the configured fallback."""
    backend = OnnxBackend(
        session=FakeSession(fail=True), tokenizer=fake_tokenizer, failure="closed"
    )
    assert backend.score("x") == dict.fromkeys(CATEGORIES, 1.0)
