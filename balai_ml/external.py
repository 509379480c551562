"""External scoring backends: an OpenAI-moderation-compatible HTTP service, and ONNX.

Both expose the same ``version`` / ``score`` / ``score_batch`` as the in-package
models and never raise on backend trouble: every call goes through a
:class:`CircuitBreaker` with a timeout, and on any error (timeout, connection
refused, 5xx, malformed JSON, open circuit) each category gets its configured
fallback: ``0.0`` (fail-open, the post is not held because of that category)
or ``1.0`` (fail-closed; Balai's adapter, ``balai.moderation.classifiers.external``,
scores it at the policy's hold level so the post waits for a moderator). ``last_error``
records why.
"""

from __future__ import annotations

import json
import sys
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
    """The part of ``onnxruntime.InferenceSession`` the ONNX backend uses. A real session
    also has ``get_inputs()`` / ``get_outputs()``, which the backend reads when present."""

    def run(
        self, output_names: Any, input_feed: dict[str, Any], run_options: Any = None
    ) -> list[Any]: ...


class Tokenizer(Protocol):
    """Turns texts into the model's input arrays (e.g. input_ids, attention_mask)."""

    def __call__(self, texts: list[str]) -> dict[str, Any]: ...


PAD_TOKENS = ("[PAD]", "<pad>", "<|pad|>", "[pad]")
_ONNX_INT_TYPES = {"tensor(int64)": np.int64, "tensor(int32)": np.int32}


def hf_tokenizer(path: str | Path, max_length: int = 256) -> Tokenizer:
    """A ``tokenizers`` tokenizer.json as a :class:`Tokenizer` giving ``input_ids``,
    ``attention_mask`` and ``token_type_ids`` (int64, padded to the longest text).

    Padding and truncation configured in the file are kept; where the file has none,
    texts are padded with the vocabulary's pad token and cut at ``max_length`` tokens."""
    from tokenizers import Tokenizer as HfTokenizer  # optional dependency (balai[onnx])

    tok = HfTokenizer.from_file(str(path))
    if tok.truncation is None:
        tok.enable_truncation(max_length)
    if tok.padding is None:
        pad = next((t for t in PAD_TOKENS if tok.token_to_id(t) is not None), None)
        if pad is None:
            tok.enable_padding()
        else:
            tok.enable_padding(pad_id=tok.token_to_id(pad), pad_token=pad)

    def encode(texts: list[str]) -> dict[str, Any]:
        enc = tok.encode_batch(texts)
        return {
            "input_ids": np.array([e.ids for e in enc], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in enc], dtype=np.int64),
        }

    return encode


class OnnxBackend(_FallbackMixin):
    """An ONNX text classifier whose output is (n, k) probabilities or logits.

    ``labels`` names the k outputs; each is mapped onto Balai categories (identity for
    Balai names, ``OPENAI_CATEGORY_MAP`` for OpenAI names; other labels, such as
    "neutral", are ignored). ``onnxruntime`` and ``tokenizers`` are optional
    (``pip install balai[onnx]``): pass ``model_path`` / ``tokenizer_path``, or
    ``session`` / ``tokenizer`` objects directly.

    The model's declared inputs decide the feed: ``input_ids``, ``attention_mask`` and
    ``token_type_ids`` are given in the integer type each declares, others are an error.
    ``output_name`` picks the output (default: the first). A call running longer than
    ``timeout_s`` is stopped (onnxruntime's ``RunOptions.terminate``) and fails; loading
    the model or tokenizer happens inside the first guarded call, so a missing or
    corrupt file fails like any other backend error. A text whose output row is not
    finite gets the fallback row; the others keep their scores.
    """

    def __init__(
        self, model_path: str | Path | None = None, tokenizer_path: str | Path | None = None, *,
        labels: Sequence[str] = CATEGORIES, session: Session | None = None,
        tokenizer: Tokenizer | None = None, outputs_are_logits: bool = False,
        timeout_s: float = 2.0, failure: Failure | Mapping[str, Failure] = "open",
        breaker: CircuitBreaker | None = None, max_length: int = 256,
        output_name: str | None = None,
    ) -> None:  # fmt: skip
        if session is None and model_path is None:
            raise ValueError("give model_path or session")
        if tokenizer is None and tokenizer_path is None:
            raise ValueError("give tokenizer_path or tokenizer")
        self.labels = tuple(labels)
        self._targets = [
            (label,) if label in CATEGORIES else OPENAI_CATEGORY_MAP.get(label, ())
            for label in self.labels
        ]
        if not any(self._targets):
            raise ValueError(f"no label maps onto a Balai category: {self.labels}")
        self.outputs_are_logits = outputs_are_logits
        self.timeout_s = timeout_s
        self.failure = _failure_map(failure)
        self.breaker = breaker or CircuitBreaker()
        self.last_error: str | None = None
        self.output_name = output_name
        self._session = session
        self._tokenizer = tokenizer
        self._model_path = Path(model_path) if model_path else None
        self._tokenizer_path = Path(tokenizer_path) if tokenizer_path else None
        self._max_length = max_length
        self._load_lock = threading.Lock()
        name = self._model_path.name if self._model_path else "session"
        self.version = f"onnx:{name}"

    def _ensure_loaded(self) -> tuple[Session, Tokenizer]:
        with self._load_lock:
            if self._session is None:
                import onnxruntime  # optional dependency (balai[onnx])

                self._session = onnxruntime.InferenceSession(
                    str(self._model_path), providers=["CPUExecutionProvider"]
                )
            if self._tokenizer is None:
                assert self._tokenizer_path is not None
                self._tokenizer = hf_tokenizer(self._tokenizer_path, self._max_length)
            return self._session, self._tokenizer

    @staticmethod
    def _feed(session: Session, arrays: dict[str, Any]) -> dict[str, Any]:
        """The arrays the session declares as inputs, each in its declared integer type."""
        get_inputs = getattr(session, "get_inputs", None)
        if get_inputs is None:  # a stand-in session: give it everything
            return arrays
        feed = {}
        for spec in get_inputs():
            if spec.name not in arrays:
                raise ValueError(f"model input {spec.name!r} is not one the tokenizer gives")
            dtype = _ONNX_INT_TYPES.get(spec.type)
            if dtype is None:
                raise ValueError(f"model input {spec.name!r} has type {spec.type}, not int")
            feed[spec.name] = np.asarray(arrays[spec.name], dtype=dtype)
        return feed

    def _infer(self, session: Session, feed: dict[str, Any]) -> Any:
        """``session.run``, stopped after ``timeout_s`` when it is an onnxruntime session."""
        outputs = [self.output_name] if self.output_name else None
        ort = sys.modules.get("onnxruntime")
        if ort is None or not isinstance(session, ort.InferenceSession):
            return session.run(outputs, feed)[0]  # a stand-in: timed afterwards
        options = ort.RunOptions()
        timer = threading.Timer(self.timeout_s, setattr, (options, "terminate", True))
        timer.daemon = True
        timer.start()
        try:
            return session.run(outputs, feed, options)[0]
        except Exception as exc:
            if options.terminate:
                raise TimeoutError(f"ONNX inference stopped after {self.timeout_s}s") from exc
            raise
        finally:
            timer.cancel()

    def _run(self, texts: list[str]) -> tuple[list[Scores], int]:
        """Scores per text, and how many texts got the fallback for a non-finite output."""
        session, tokenizer = self._ensure_loaded()
        feed = self._feed(session, tokenizer(texts))
        start = time.monotonic()
        out = np.asarray(self._infer(session, feed), dtype=np.float64)
        if time.monotonic() - start > self.timeout_s:
            raise TimeoutError(f"ONNX inference took longer than {self.timeout_s}s")
        if out.shape != (len(texts), len(self.labels)):
            raise ValueError(f"output shape {out.shape}, expected {(len(texts), len(self.labels))}")
        if self.outputs_are_logits:
            with np.errstate(over="ignore"):
                out = 1.0 / (1.0 + np.exp(-out))
        fallback = self._fallback(1)[0]
        results, bad = [], 0
        for row in out:
            if not np.isfinite(row).all():
                bad += 1
                results.append(dict(fallback))
                continue
            scores = dict.fromkeys(CATEGORIES, 0.0)
            for targets, v in zip(self._targets, row.tolist(), strict=True):
                for t in targets:
                    scores[t] = max(scores[t], min(max(v, 0.0), 1.0))
            results.append(scores)
        return results, bad

    def score_batch(self, texts: list[str], langs: list[str | None] | None = None) -> list[Scores]:
        """Scores for every text; the configured fallback on any error."""
        if not texts:
            return []
        bad: list[int] = []

        def call() -> list[Scores]:
            results, n_bad = self._run(list(texts))
            bad.append(n_bad)
            return results

        results = self._guarded(texts, call)
        if bad and bad[0]:
            self.last_error = f"ValueError: non-finite output for {bad[0]} of {len(texts)} texts"
        return results

    def score(self, text: str, lang: str | None = None) -> Scores:
        """Scores for one text."""
        return self.score_batch([text])[0]
