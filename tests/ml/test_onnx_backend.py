"""The ONNX backend with real onnxruntime sessions and real tokenizers (balai[onnx]).

Each test builds a tiny classifier (tests/ml/onnx_classifier.py) in tmp_path: known words push
known labels, and numpy computes the expected numbers independently of onnxruntime.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("tokenizers")
pytest.importorskip("onnx")

from balai_ml import CATEGORIES
from balai_ml.external import CircuitBreaker, OnnxBackend
from tests.ml.onnx_classifier import (
    LABELS,
    Variant,
    build_model,
    build_tokenizer,
    reference_probabilities,
)

THREAT = "I will kill you tomorrow"
SLUR = "they are vermin"
INSULT = "you are a loser and an idiot"
BENIGN = "hello friends, cake in the garden"


def backend_for(tmp_path: Path, variant: Variant = Variant(), **kwargs) -> OnnxBackend:  # type: ignore[no-untyped-def]  # noqa: B008
    model = build_model(tmp_path / "classifier.onnx", variant)
    tokenizer = build_tokenizer(tmp_path / "tokenizer.json")
    kwargs.setdefault("labels", LABELS)
    kwargs.setdefault("outputs_are_logits", not variant.probabilities)
    return OnnxBackend(model, tokenizer, **kwargs)


def expected(text: str, max_length: int = 256) -> dict[str, float]:
    """Balai scores from the reference probabilities through the OpenAI label mapping."""
    p = reference_probabilities(text, max_length)
    return {
        "violent_threat": p["violence"], "incitement": p["violence"],
        "glorification": p["violence"], "hate": p["hate"], "harassment": p["harassment"],
    }  # fmt: skip


def assert_scores(actual: dict[str, float], wanted: dict[str, float]) -> None:
    assert set(actual) == set(CATEGORIES)
    for category in CATEGORIES:
        assert actual[category] == pytest.approx(wanted[category], rel=1e-5, abs=1e-6), category


def test_known_words_push_their_categories_through_the_label_map(tmp_path: Path) -> None:
    """Logits are squashed with a sigmoid; OpenAI "violence" feeds all three violence
    categories, "hate" and "harassment" their own; the "neutral" output is ignored."""
    backend = backend_for(tmp_path)
    for text in (THREAT, SLUR, INSULT, BENIGN):
        assert_scores(backend.score(text), expected(text))
    assert backend.last_error is None
    threat, slur, insult, benign = (backend.score(t) for t in (THREAT, SLUR, INSULT, BENIGN))
    assert threat["violent_threat"] > 0.8 and threat["hate"] < 0.2
    assert slur["hate"] > 0.8 and slur["violent_threat"] < 0.2
    assert insult["harassment"] > 0.8 and insult["incitement"] < 0.2
    assert max(benign.values()) < 0.1


def test_balai_labels_and_probability_outputs(tmp_path: Path) -> None:
    """A model that outputs probabilities under Balai's own category names is read as is."""
    labels = ("violent_threat", "hate", "harassment", "neutral")
    backend = backend_for(tmp_path, Variant(probabilities=True), labels=labels)
    p = reference_probabilities(THREAT)
    scores = backend.score(THREAT)
    assert scores["violent_threat"] == pytest.approx(p["violence"], rel=1e-5)
    assert scores["incitement"] == 0.0 and scores["glorification"] == 0.0
    assert scores["hate"] == pytest.approx(p["hate"], rel=1e-5)


@pytest.mark.parametrize(
    "variant",
    [
        Variant(),
        Variant(id_type="int32", attention_mask=False),
        Variant(token_type_ids=True),
    ],
    ids=["int64+mask", "int32+pad-id-mask", "token-type-ids"],
)
def test_batch_scores_equal_one_at_a_time(tmp_path: Path, variant: Variant) -> None:
    """Texts of different lengths scored together are padded with the tokenizer's pad token
    and fed in the input types the model declares; each gets what it gets alone."""
    backend = backend_for(tmp_path, variant)
    texts = [SLUR, THREAT, BENIGN, "kill", INSULT + " " + BENIGN]
    batch = backend.score_batch(texts)
    assert backend.last_error is None
    for text, scores in zip(texts, batch, strict=True):
        assert_scores(scores, expected(text))
        assert_scores(backend.score(text), expected(text))


def test_texts_are_cut_at_max_length(tmp_path: Path) -> None:
    """Only the first max_length tokens reach the model when the tokenizer file sets none."""
    backend = backend_for(tmp_path, max_length=4)
    text = "hello friends and cake, kill kill kill"
    assert_scores(backend.score(text), expected("hello friends and cake"))
    assert backend.score(text)["violent_threat"] < 0.1


def test_missing_model_file_fails_open_or_closed_per_category(tmp_path: Path) -> None:
    build_tokenizer(tmp_path / "tokenizer.json")
    backend = OnnxBackend(
        tmp_path / "absent.onnx", tmp_path / "tokenizer.json", labels=LABELS,
        failure={"violent_threat": "closed", "incitement": "closed"},
    )  # fmt: skip
    scores = backend.score(THREAT)
    assert scores == {
        "violent_threat": 1.0, "incitement": 1.0, "glorification": 0.0, "hate": 0.0,
        "harassment": 0.0,
    }  # fmt: skip
    assert backend.last_error and "absent.onnx" in backend.last_error


def test_corrupt_model_file_fails_closed(tmp_path: Path) -> None:
    (tmp_path / "broken.onnx").write_bytes(b"\x08\x07this is not a model" * 50)
    build_tokenizer(tmp_path / "tokenizer.json")
    backend = OnnxBackend(
        tmp_path / "broken.onnx", tmp_path / "tokenizer.json", labels=LABELS, failure="closed"
    )
    assert backend.score_batch([THREAT, BENIGN]) == [dict.fromkeys(CATEGORIES, 1.0)] * 2
    assert backend.last_error


def test_model_with_fewer_outputs_than_labels_fails(tmp_path: Path) -> None:
    backend = backend_for(tmp_path, Variant(n_outputs=3), failure="closed")
    assert backend.score(BENIGN) == dict.fromkeys(CATEGORIES, 1.0)
    assert backend.last_error and "output shape" in backend.last_error


def test_a_text_with_non_finite_outputs_gets_the_fallback_alone(tmp_path: Path) -> None:
    """An empty text has no tokens: the model's mean is 0/0 and its logits NaN. That text
    gets the configured fallback; the rest of the batch keeps the model's scores."""
    backend = backend_for(tmp_path, failure="closed")
    empty, threat = backend.score_batch(["", THREAT])
    assert empty == dict.fromkeys(CATEGORIES, 1.0)
    assert_scores(threat, expected(THREAT))
    assert backend.last_error and "non-finite output for 1 of 2" in backend.last_error
    assert backend.breaker.state == "closed"  # a bad input is not a broken backend


def test_slow_inference_is_stopped_at_the_timeout(tmp_path: Path) -> None:
    """onnxruntime is told to terminate the run once the timeout passes; the call returns
    the fallback instead of waiting the model out (400 1000x1000 MatMuls, many seconds)."""
    backend = backend_for(
        tmp_path, Variant(slow_steps=400), timeout_s=0.3, failure={"violent_threat": "closed"}
    )
    started = time.monotonic()
    scores = backend.score(BENIGN)
    elapsed = time.monotonic() - started
    assert scores["violent_threat"] == 1.0 and scores["hate"] == 0.0
    assert backend.last_error and "TimeoutError" in backend.last_error
    assert elapsed < 3.0


def test_circuit_opens_then_a_trial_call_loads_the_model_once_it_is_there(
    tmp_path: Path,
) -> None:
    """Failures to load count towards the breaker; while open the file is not even tried;
    after the cool-down one trial call goes through, and a model now in place closes it."""
    now = [0.0]
    breaker = CircuitBreaker(failure_threshold=2, cooldown_s=10.0, clock=lambda: now[0])
    model_path = tmp_path / "classifier.onnx"
    backend = OnnxBackend(
        model_path, build_tokenizer(tmp_path / "tokenizer.json"), labels=LABELS,
        outputs_are_logits=True, breaker=breaker,
    )  # fmt: skip
    backend.score(THREAT)
    backend.score(THREAT)
    assert breaker.state == "open"
    build_model(model_path)
    assert backend.score(THREAT) == dict.fromkeys(CATEGORIES, 0.0)  # still open: not tried
    assert backend.last_error and "circuit open" in backend.last_error
    now[0] = 11.0
    assert_scores(backend.score(THREAT), expected(THREAT))
    assert breaker.state == "closed" and backend.last_error is None


def test_model_inputs_the_tokenizer_cannot_give_are_an_error(tmp_path: Path) -> None:
    """A model that wants an input no tokenizer provides (here: pixel values) fails."""
    import onnx
    from onnx import TensorProto, helper

    path = build_model(tmp_path / "classifier.onnx")
    model = onnx.load(str(path))
    model.graph.input.append(
        helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch", 3])
    )
    onnx.save(model, str(path))
    backend = OnnxBackend(
        path, build_tokenizer(tmp_path / "tokenizer.json"), labels=LABELS, failure="closed"
    )
    assert backend.score(THREAT) == dict.fromkeys(CATEGORIES, 1.0)
    assert backend.last_error and "pixel_values" in backend.last_error


def test_labels_that_map_onto_nothing_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no label maps"):
        OnnxBackend(tmp_path / "m.onnx", tmp_path / "t.json", labels=["toxic", "neutral"])
