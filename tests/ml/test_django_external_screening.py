"""Operators' external classifiers, configured by settings, screen real posts end to end:
an ONNX model file (a real onnxruntime session) and an OpenAI-compatible HTTP service (a
local server)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from balai.moderation.classifiers import _load, sync_backends
from balai.moderation.models import Verdict
from balai.moderation.policy import forget_cached_policy
from balai.posts.models import PostState
from balai.posts.services import PostDraft, post_create
from tests.ml.onnx_classifier import build_model, build_tokenizer, reference_probabilities

pytestmark = pytest.mark.django_db(transaction=True)

ONNX = "balai.moderation.classifiers.external.OnnxBackend"


@pytest.fixture
def onnx_settings(settings, tmp_path: Path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The settings an operator writes: the backend's dotted path, and its files and labels."""
    for package in ("onnxruntime", "tokenizers", "onnx"):
        pytest.importorskip(package)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.BALAI_MODERATION_BACKENDS = ONNX
    settings.BALAI_MODERATION_DEEP_BACKEND = ""
    settings.BALAI_MODERATION_ONNX_MODEL = str(build_model(tmp_path / "classifier.onnx"))
    settings.BALAI_MODERATION_ONNX_TOKENIZER = str(build_tokenizer(tmp_path / "tokenizer.json"))
    settings.BALAI_MODERATION_ONNX_LABELS = "violence,hate,harassment,neutral"
    settings.BALAI_MODERATION_ONNX_LOGITS = "true"
    _load.cache_clear()  # backends are built once per process; these tests change them
    forget_cached_policy()
    yield settings
    _load.cache_clear()


def test_posts_are_screened_with_the_onnx_models_scores(onnx_settings, make_user) -> None:  # type: ignore[no-untyped-def]
    author = make_user()
    threat = post_create(author=author, draft=PostDraft(text="I will kill you tomorrow"))
    benign = post_create(author=author, draft=PostDraft(text="hello friends, cake in the garden"))

    verdict = Verdict.objects.get(post=threat)
    p = reference_probabilities("I will kill you tomorrow")
    assert verdict.model_versions == {"onnx": "onnx:classifier.onnx"}
    assert verdict.scores["violent_threat"] == pytest.approx(p["violence"], rel=1e-5)
    assert verdict.scores["hate"] == pytest.approx(p["hate"], rel=1e-5)
    assert verdict.category == "violent_threat"
    assert threat.state == PostState.HELD  # above the default policy's hold level (0.5)

    benign_verdict = Verdict.objects.get(post=benign)
    assert max(benign_verdict.scores.values()) < 0.1
    assert benign.state == PostState.PUBLISHED


def test_a_missing_model_holds_posts_when_configured_fail_closed(onnx_settings, make_user) -> None:  # type: ignore[no-untyped-def]
    onnx_settings.BALAI_MODERATION_ONNX_MODEL = "/nonexistent/classifier.onnx"
    onnx_settings.BALAI_MODERATION_ONNX_FAILURE = "violent_threat=closed"
    post = post_create(author=make_user(), draft=PostDraft(text="hello friends"))

    verdict = Verdict.objects.get(post=post)
    # The policy's hold level (0.5 by default), not 1.0: held for a moderator, not rejected.
    assert verdict.scores["violent_threat"] == 0.5 and verdict.scores["hate"] == 0.0
    assert post.state == PostState.HELD and verdict.category == "violent_threat"
    (error,) = [e for e in verdict.evidence if e["kind"] == "backend_error"]
    assert "classifier.onnx" in error["error"]
    assert error["failure"]["violent_threat"] == "closed"


def test_a_missing_model_publishes_posts_by_default(onnx_settings, make_user) -> None:  # type: ignore[no-untyped-def]
    onnx_settings.BALAI_MODERATION_ONNX_MODEL = "/nonexistent/classifier.onnx"
    post = post_create(author=make_user(), draft=PostDraft(text="I will kill you tomorrow"))

    assert Verdict.objects.get(post=post).scores == dict.fromkeys(
        ["violent_threat", "incitement", "glorification", "hate", "harassment"], 0.0
    )
    assert post.state == PostState.PUBLISHED


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BALAI_MODERATION_ONNX_MODEL", ""),
        ("BALAI_MODERATION_ONNX_FAILURE", "violent_threat=maybe"),
        ("BALAI_MODERATION_ONNX_LABELS", "toxic,neutral"),
        ("BALAI_MODERATION_ONNX_TIMEOUT", "soon"),
    ],
)
def test_bad_settings_are_reported_as_configuration_errors(onnx_settings, name, value) -> None:  # type: ignore[no-untyped-def]
    setattr(onnx_settings, name, value)
    with pytest.raises(ImproperlyConfigured):
        sync_backends()


class ModerationService(BaseHTTPRequestHandler):
    """Answers in OpenAI's moderation format: "kill" scores as violence."""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        results = [
            {"category_scores": {"violence": 0.99 if "kill" in t else 0.01, "hate": 0.02}}
            for t in body["input"]
        ]
        payload = json.dumps({"results": results}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        return


def test_posts_are_screened_by_an_openai_compatible_service(settings, make_user) -> None:  # type: ignore[no-untyped-def]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ModerationService)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        settings.BALAI_MODERATION_BACKENDS = (
            "balai.moderation.classifiers.external.OpenAIModerationBackend"
        )
        settings.BALAI_MODERATION_OPENAI_URL = (
            f"http://127.0.0.1:{httpd.server_address[1]}/v1/moderations"
        )
        _load.cache_clear()
        forget_cached_policy()
        author = make_user()
        threat = post_create(author=author, draft=PostDraft(text="I will kill you"))
        benign = post_create(author=author, draft=PostDraft(text="lunch at noon?"))
    finally:
        httpd.shutdown()
        httpd.server_close()
        _load.cache_clear()

    verdict = Verdict.objects.get(post=threat)
    assert verdict.scores["violent_threat"] == pytest.approx(0.99)
    assert verdict.model_versions["openai"].startswith("openai-moderation:default@http://")
    assert threat.state == PostState.REJECTED  # 0.99 is past the default reject level
    assert benign.state == PostState.PUBLISHED
