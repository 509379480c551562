"""External scoring backends: an OpenAI-moderation-compatible HTTP service, and ONNX.

Both expose the same ``version`` / ``score`` / ``score_batch`` as the in-package
models and never raise on backend trouble: every call goes through a
:class:`CircuitBreaker` with a timeout, and on any error (timeout, connection
refused, 5xx, malformed JSON, open circuit) each category gets its configured
fallback: ``0.0`` (fail-open, the post is not held because of that category)
or ``1.0`` (fail-closed, it is held for review). ``last_error`` records why.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from balai_ml import CATEGORIES

Scores = dict[str, float]
Failure = Literal["open", "closed"]

# OpenAI moderation categories -> Balai categories (a Balai score is the max of its sources).
# "violence" covers threats, incitement and glorification alike, so it feeds all three;
# "violence/graphic" (gore) and the sexual/self-harm categories have no Balai counterpart.
OPENAI_CATEGORY_MAP: dict[str, tuple[str, ...]] = {
    "violence": ("violent_threat", "incitement", "glorification"),
    "hate": ("hate",),
    "hate/threatening": ("hate", "violent_threat"),
    "harassment": ("harassment",),
    "harassment/threatening": ("harassment", "violent_threat"),
    "illicit/violent": ("incitement",),
}


class BackendUnavailable(RuntimeError):
    """The circuit is open: the backend is not called until the cool-down passes."""


class CircuitBreaker:
    """Closed -> open after ``failure_threshold`` consecutive failures; after ``cooldown_s``
    one trial call is let through (half-open): success closes it, failure re-opens it."""

    def __init__(
        self, failure_threshold: int = 5, cooldown_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:  # fmt: skip
        self.failure_threshold = failure_threshold
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False
        self._lock = threading.Lock()

    @property
    def state(self) -> str:
        """ "closed", "open" or "half-open"."""
        with self._lock:
            return self._state()

    def _state(self) -> str:
        if self._opened_at is None:
            return "closed"
        if self._clock() - self._opened_at >= self.cooldown_s:
            return "half-open"
        return "open"

    def call(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` under the breaker; raises :class:`BackendUnavailable` when open."""
        with self._lock:
            state = self._state()
            if state == "open" or (state == "half-open" and self._trial_running):
                raise BackendUnavailable("circuit open")
            if state == "half-open":
                self._trial_running = True
        try:
            result = fn()
        except Exception:
            with self._lock:
                self._trial_running = False
                self._failures += 1
                if state == "half-open" or self._failures >= self.failure_threshold:
                    self._opened_at = self._clock()
            raise
        with self._lock:
            self._trial_running = False
            self._failures = 0
            self._opened_at = None
        return result


class _FallbackMixin:
    failure: dict[str, Failure]
    breaker: CircuitBreaker
    last_error: str | None

    def _fallback(self, n: int) -> list[Scores]:
        row = {c: (1.0 if self.failure.get(c, "open") == "closed" else 0.0) for c in CATEGORIES}
        return [dict(row) for _ in range(n)]

    def _guarded(self, texts: list[str], fn: Callable[[], list[Scores]]) -> list[Scores]:
        try:
            result: list[Scores] = self.breaker.call(fn)
            self.last_error = None
            return result
        except Exception as exc:  # any backend trouble -> configured fallback
            self.last_error = f"{type(exc).__name__}: {exc}"
            return self._fallback(len(texts))


def _failure_map(failure: Failure | Mapping[str, Failure]) -> dict[str, Failure]:
    if isinstance(failure, str):
        return {c: failure for c in CATEGORIES}
    return {c: failure.get(c, "open") for c in CATEGORIES}


class OpenAIModerationBackend(_FallbackMixin):
    """POST ``{"input": [...], "model": ...}`` to ``url``; read ``results[].category_scores``."""

    def __init__(
        self, url: str, api_key: str | None = None, model: str | None = None,
        timeout_s: float = 2.0, failure: Failure | Mapping[str, Failure] = "open",
        breaker: CircuitBreaker | None = None,
        category_map: Mapping[str, Sequence[str]] | None = None,
    ) -> None:  # fmt: skip
        if not url.startswith(("http://", "https://")):
            raise ValueError("url must be http(s)")
        self.url = url
        self.api_key = api_key
        self.model = model
        self.timeout_s = timeout_s
        self.failure = _failure_map(failure)
        self.breaker = breaker or CircuitBreaker()
        self.category_map = {k: tuple(v) for k, v in (category_map or OPENAI_CATEGORY_MAP).items()}
        self.last_error: str | None = None
        self.version = f"openai-moderation:{model or 'default'}@{url}"

    def _request(self, texts: list[str]) -> list[Scores]:
        body: dict[str, Any] = {"input": texts}
        if self.model:
            body["model"] = self.model
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        req = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            self.url, data=json.dumps(body).encode(), headers=headers, method="POST"
        )
        with urllib.request.urlopen(req, timeout=self.timeout_s) as resp:  # noqa: S310
            payload = json.loads(resp.read().decode("utf-8"))
        results = payload["results"]
        if len(results) != len(texts):
            raise ValueError("result count does not match input count")
        return [self._map(r.get("category_scores", {})) for r in results]

    def _map(self, cs: Mapping[str, Any]) -> Scores:
        out = dict.fromkeys(CATEGORIES, 0.0)
        for name, targets in self.category_map.items():
            if name in cs:
                v = min(max(float(cs[name]), 0.0), 1.0)
                for t in targets:
                    out[t] = max(out[t], v)
        return out

    def score_batch(self, texts: list[str], langs: list[str | None] | None = None) -> list[Scores]:
        """Scores for every text; the configured fallback on any error."""
        if not texts:
            return []
        return self._guarded(texts, lambda: self._request(list(texts)))

    def score(self, text: str, lang: str | None = None) -> Scores:
        """Scores for one text."""
        return self.score_batch([text])[0]


class Session(Protocol):
    """The part of ``onnxruntime.InferenceSession`` the ONNX backend uses."""

    def run(self, output_names: Any, input_feed: dict[str, Any]) -> list[Any]: ...


class Tokenizer(Protocol):
    """Turns texts into the model's input arrays (e.g. input_ids, attention_mask)."""

    def __call__(self, texts: list[str]) -> dict[str, Any]: ...


class OnnxBackend(_FallbackMixin):
    """An ONNX classifier whose output is (n, k) probabilities or logits.

    ``labels`` names the k outputs; each is mapped onto Balai categories by
    ``category_map`` (default: identity for Balai names, ``OPENAI_CATEGORY_MAP``
    for OpenAI names). ``onnxruntime`` and ``tokenizers`` are optional: pass
    ``session`` / ``tokenizer`` objects directly, or paths with those packages
    installed. The time limit is checked after the call (ONNX cannot be
    interrupted); a slow call counts as a failure for the breaker.
    """

    def __init__(
        self, model_path: str | Path | None = None, tokenizer_path: str | Path | None = None, *,
        labels: Sequence[str] = CATEGORIES, session: Session | None = None,
        tokenizer: Tokenizer | None = None, outputs_are_logits: bool = False,
        timeout_s: float = 2.0, failure: Failure | Mapping[str, Failure] = "open",
        breaker: CircuitBreaker | None = None, max_length: int = 256,
    ) -> None:  # fmt: skip
        self.labels = tuple(labels)
        self.outputs_are_logits = outputs_are_logits
        self.timeout_s = timeout_s
        self.failure = _failure_map(failure)
        self.breaker = breaker or CircuitBreaker()
        self.last_error: str | None = None
        self._session = session
        self._tokenizer = tokenizer
        self._model_path = Path(model_path) if model_path else None
        self._tokenizer_path = Path(tokenizer_path) if tokenizer_path else None
        self._max_length = max_length
        name = self._model_path.name if self._model_path else "session"
        self.version = f"onnx:{name}"

    def _ensure_loaded(self) -> tuple[Session, Tokenizer]:
        if self._session is None:
            import onnxruntime  # optional dependency

            self._session = onnxruntime.InferenceSession(str(self._model_path))
        if self._tokenizer is None:
            from tokenizers import Tokenizer as HfTokenizer  # optional dependency

            tok = HfTokenizer.from_file(str(self._tokenizer_path))
            tok.enable_truncation(self._max_length)
            tok.enable_padding()

            def encode(texts: list[str]) -> dict[str, Any]:
                enc = tok.encode_batch(texts)
                return {
                    "input_ids": np.array([e.ids for e in enc], dtype=np.int64),
                    "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
                }

            self._tokenizer = encode
        return self._session, self._tokenizer

    def _run(self, texts: list[str]) -> list[Scores]:
        session, tokenizer = self._ensure_loaded()
        start = time.monotonic()
        out = np.asarray(session.run(None, tokenizer(texts))[0], dtype=np.float64)
        if time.monotonic() - start > self.timeout_s:
            raise TimeoutError(f"ONNX inference took longer than {self.timeout_s}s")
        if out.shape != (len(texts), len(self.labels)):
            raise ValueError(f"unexpected output shape {out.shape}")
        if self.outputs_are_logits:
            out = 1.0 / (1.0 + np.exp(-out))
        results = []
        for row in out:
            scores = dict.fromkeys(CATEGORIES, 0.0)
            for label, v in zip(self.labels, row.tolist(), strict=True):
                targets = (label,) if label in CATEGORIES else OPENAI_CATEGORY_MAP.get(label, ())
                for t in targets:
                    scores[t] = max(scores[t], min(max(v, 0.0), 1.0))
            results.append(scores)
        return results

    def score_batch(self, texts: list[str], langs: list[str | None] | None = None) -> list[Scores]:
        """Scores for every text; the configured fallback on any error."""
        if not texts:
            return []
        return self._guarded(texts, lambda: self._run(list(texts)))

    def score(self, text: str, lang: str | None = None) -> Scores:
        """Scores for one text."""
        return self.score_batch([text])[0]
