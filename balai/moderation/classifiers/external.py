"""Operators' own classifiers as screening backends: an ONNX model file, or an
OpenAI-moderation-compatible HTTP service (`balai_ml.external`).

Enable one by adding its dotted path to BALAI_MODERATION_BACKENDS (synchronous, every post) or
BALAI_MODERATION_DEEP_BACKEND (after publication), e.g.
``BALAI_MODERATION_BACKENDS=balai.moderation.classifiers.rules.RulesBackend,
balai.moderation.classifiers.external.OnnxBackend``. Each is configured by its own settings
(environment variables of the same name), read when the backend is first used:

ONNX (needs ``pip install 'balai[onnx]'``):
    BALAI_MODERATION_ONNX_MODEL       path of the .onnx file (required)
    BALAI_MODERATION_ONNX_TOKENIZER   path of its tokenizer.json (required)
    BALAI_MODERATION_ONNX_LABELS      comma-separated names of the model's outputs, Balai or
                                      OpenAI category names (others are ignored); default
                                      Balai's five categories
    BALAI_MODERATION_ONNX_LOGITS      true when the outputs are logits (a sigmoid is applied)
    BALAI_MODERATION_ONNX_MAX_LENGTH  tokens per text when the tokenizer sets none (256)
OpenAI-compatible:
    BALAI_MODERATION_OPENAI_URL, BALAI_MODERATION_OPENAI_API_KEY, BALAI_MODERATION_OPENAI_MODEL
Both (replace ONNX by OPENAI):
    BALAI_MODERATION_ONNX_TIMEOUT           seconds per call (2)
    BALAI_MODERATION_ONNX_FAILURE           "open", "closed", or per category, e.g.
                                            "violent_threat=closed,incitement=closed" (others
                                            open): when the backend fails, a fail-open
                                            category scores 0 and a fail-closed one the
                                            policy's hold level (held for a moderator, never
                                            rejected on no evidence)
    BALAI_MODERATION_ONNX_BREAKER_FAILURES  consecutive failures that open the circuit (5)
    BALAI_MODERATION_ONNX_BREAKER_COOLDOWN  seconds before one trial call (30)

Scores are the model's probabilities, compared with the policy's thresholds as they are. A
failed call adds a ``backend_error`` item to the verdict's evidence.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from balai.moderation.classifiers import BackendResult, _setting
from balai_ml import CATEGORIES

logger = logging.getLogger(__name__)


def parse_failure(value: str) -> dict[str, str]:
    """ "open" / "closed" for every category, or "category=closed,..." (others open)."""
    value = value.strip().lower()
    if value in ("open", "closed"):
        return dict.fromkeys(CATEGORIES, value)
    out = dict.fromkeys(CATEGORIES, "open")
    for part in filter(None, (p.strip() for p in value.split(","))):
        category, _, mode = part.partition("=")
        category, mode = category.strip(), mode.strip()
        if category not in CATEGORIES or mode not in ("open", "closed"):
            raise ImproperlyConfigured(
                f"failure mode {part!r}: expected open, closed or <category>=open|closed"
            )
        out[category] = mode
    return out


def _bool(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


class _ExternalBackend:
    """Adapts a `balai_ml.external` backend to the screening interface."""

    name = "external"
    prefix = ""

    def __init__(self) -> None:
        from balai_ml.external import CircuitBreaker

        try:
            self.failure = parse_failure(self._get("FAILURE", "open"))
            timeout_s = float(self._get("TIMEOUT", "2"))
            breaker = CircuitBreaker(
                int(self._get("BREAKER_FAILURES", "5")),
                float(self._get("BREAKER_COOLDOWN", "30")),
            )
        except ValueError as exc:
            raise ImproperlyConfigured(f"{self.prefix}*: {exc}") from exc
        self.backend: Any = self._build(timeout_s, breaker)
        self.version = str(self.backend.version)
        self._logged_error: str | None = None

    def _get(self, key: str, default: str = "") -> str:
        return _setting(f"{self.prefix}{key}", default)

    def _required(self, key: str) -> str:
        value = self._get(key).strip()
        if not value:
            raise ImproperlyConfigured(f"{self.prefix}{key} must be set to use {self.name}")
        return value

    def _build(self, timeout_s: float, breaker: Any) -> Any:
        raise NotImplementedError

    def fallback_scores(self) -> dict[str, float]:
        """What a failed call scores: 0 for fail-open categories; for fail-closed ones the
        policy's hold level (else its label level), so the post waits for a moderator
        instead of being rejected on no evidence."""
        from balai.moderation.policy import current_policy

        levels = current_policy().thresholds
        out = {}
        for category, mode in self.failure.items():
            level = levels.get(category, {})
            closed = level.get("hold") if level.get("hold") is not None else level.get("label")
            out[category] = float(closed) if mode == "closed" and closed is not None else 0.0
        return out

    def score(self, text: str, normalized: str, lang: str) -> BackendResult:
        scores = {k: float(v) for k, v in self.backend.score(text, lang or None).items()}
        error = self.backend.last_error
        evidence: list[dict[str, Any]] = []
        if error:
            scores = self.fallback_scores()
            evidence.append(
                {"kind": "backend_error", "model": self.version, "error": str(error)[:300],
                 "failure": self.failure}
            )  # fmt: skip
            if error != self._logged_error:
                logger.warning("%s failed (%s); scores fall back to %s", self.name, error,
                               self.failure)  # fmt: skip
        self._logged_error = error
        return BackendResult(scores=scores, evidence=evidence)


class OnnxBackend(_ExternalBackend):
    """An ONNX text classifier from BALAI_MODERATION_ONNX_* settings."""

    name = "onnx"
    prefix = "BALAI_MODERATION_ONNX_"

    def _build(self, timeout_s: float, breaker: Any) -> Any:
        from balai_ml.external import OnnxBackend as Onnx

        labels = [x.strip() for x in self._get("LABELS", ",".join(CATEGORIES)).split(",")]
        try:
            return Onnx(
                self._required("MODEL"), self._required("TOKENIZER"),
                labels=[x for x in labels if x], outputs_are_logits=_bool(self._get("LOGITS")),
                max_length=int(self._get("MAX_LENGTH", "256")), timeout_s=timeout_s,
                failure=self.failure, breaker=breaker,  # type: ignore[arg-type]
            )  # fmt: skip
        except ValueError as exc:
            raise ImproperlyConfigured(f"{self.prefix}*: {exc}") from exc


class OpenAIModerationBackend(_ExternalBackend):
    """An OpenAI-moderation-compatible service from BALAI_MODERATION_OPENAI_* settings."""

    name = "openai"
    prefix = "BALAI_MODERATION_OPENAI_"

    def _build(self, timeout_s: float, breaker: Any) -> Any:
        from balai_ml.external import OpenAIModerationBackend as OpenAI

        try:
            return OpenAI(
                self._required("URL"), api_key=self._get("API_KEY") or None,
                model=self._get("MODEL") or None, timeout_s=timeout_s,
                failure=self.failure, breaker=breaker,  # type: ignore[arg-type]
            )  # fmt: skip
        except ValueError as exc:
            raise ImproperlyConfigured(f"{self.prefix}*: {exc}") from exc
