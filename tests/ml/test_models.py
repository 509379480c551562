"""Shipped artifacts load and score; threats rank above benign posts in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from balai_ml import CATEGORIES, VIOLENCE_CATEGORIES
from balai_ml.datasets import Example
from balai_ml.deep import DeepModel
from balai_ml.fast import FastModel

THREATS = {
    "en": [
        "I'm going to kill you tomorrow, I know where you live",
        "Everyone bring guns to the capitol and shoot the traitors",
        "The mosque shooter is a hero, more people should follow him",
    ],
    "id": [
        "Besok gue bunuh lo, gue tau rumah lo",
        "Semua bawa senjata ke DPR dan tembak para pengkhianat",
        "Pelaku bom gereja itu pahlawan, semoga ada yang meniru",
    ],
}
BENIGN = {
    "en": ["What a lovely day at the beach with the kids", "Our cat knocked the plant over again"],
    "id": ["Cuaca cerah, enak buat jalan-jalan ke pantai", "Kucingku jatuhin pot bunga lagi"],
}


def _violence(scores: dict[str, float]) -> float:
    return max(scores[c] for c in VIOLENCE_CATEGORIES)


@pytest.fixture(scope="module")
def fast() -> FastModel:
    return FastModel.load()


@pytest.fixture(scope="module")
def deep() -> DeepModel:
    return DeepModel.load()


def _check_scores(scores: dict[str, float]) -> None:
    assert set(scores) == set(CATEGORIES)
    assert all(0.0 <= v <= 1.0 for v in scores.values())


@pytest.mark.parametrize("lang", ["en", "id"])
def test_fast_threats_outrank_benign(fast: FastModel, lang: str) -> None:
    """Every clear threat scores higher on violence than every clear benign post."""
    threat = [_violence(fast.score(t, lang)) for t in THREATS[lang]]
    benign = [_violence(fast.score(t, lang)) for t in BENIGN[lang]]
    assert min(threat) > max(benign)


def test_fast_contract(fast: FastModel) -> None:
    """Version format, all categories in [0, 1], batch equals single, evidence per category."""
    assert re.fullmatch(r"fast-\d{4}\.\d{2}\.\d{2}-[0-9a-f]{8}", fast.version)
    texts = [*THREATS["en"], *BENIGN["id"], "", "🔫🔫🔫"]
    batch = fast.score_batch(texts)
    for text, scores in zip(texts, batch, strict=True):
        _check_scores(scores)
        assert scores == fast.score(text)
    expl = fast.explain("I will kill you tomorrow")
    assert [e["category"] for e in expl] == list(CATEGORIES)
    threat_ev = next(e for e in expl if e["category"] == "violent_threat")["evidence"]
    assert threat_ev and all(ev["weight"] > 0 for ev in threat_ev)
    words = {"i", "will", "kill", "you", "tomorrow"}
    assert all(set(ev["feature"].split()) <= words for ev in threat_ev)
    assert set(fast.recommended_thresholds) == set(CATEGORIES)
    for lang in ("en", "id", None, "fr"):
        th = fast.thresholds_for(lang)
        assert set(th) == set(CATEGORIES) and all(0.0 < v < 1.0 for v in th.values())


def test_fast_sees_through_obfuscation(fast: FastModel) -> None:
    """Obfuscated spellings score like the plain threat (they normalise to it)."""
    plain = fast.score("I will kill you")
    for variant in (
        "I will k i l l you",
        "I w1ll k1ll y0u",
        "I will кіll you",
        "I WILL KIIIILL YOU",
    ):
        assert fast.score(variant) == pytest.approx(plain)


def test_fast_round_trip(tmp_path: Path) -> None:
    """A freshly fitted model saves to .npz + JSON and loads back with identical scores."""
    from balai_ml.train_fast import fit_fast

    def ex(text: str, cat: str | None, split: str) -> Example:
        return Example(text, "en", {c: int(c == cat) for c in CATEGORIES}, "toy", split, text)

    pos = ["i will kill you", "i am going to shoot you", "you will die tonight by my knife"]
    neg = ["lovely weather today", "the cat sleeps", "we will win the game tonight"]
    train = [ex(t, "violent_threat", "train") for t in pos] + [ex(t, None, "train") for t in neg]
    train = train * 3
    model = fit_fast(train, train)
    model.card = {"version": "fast-2000.01.01-deadbeef"}
    model.save(tmp_path / "fast.npz")
    loaded = FastModel.load(tmp_path / "fast.npz")
    assert loaded.version == "fast-2000.01.01-deadbeef"
    assert loaded.score("i will kill you") == pytest.approx(model.score("i will kill you"))
    assert (
        loaded.score("i will kill you")["violent_threat"]
        > loaded.score("lovely weather")["violent_threat"]
    )
    with np.load(tmp_path / "fast.npz", allow_pickle=False) as z:
        assert {"vocab", "weights", "bias", "platt"} <= set(z.files)


def test_deep_scores_and_transfers(deep: DeepModel) -> None:
    """Deep tier: all categories in [0, 1]; threats outrank benign posts in both languages."""
    assert re.fullmatch(r"deep-\d{4}\.\d{2}\.\d{2}-[0-9a-f]{8}", deep.version)
    for lang in ("en", "id"):
        threat = [_violence(s) for s in deep.score_batch(THREATS[lang])]
        benign = [_violence(s) for s in deep.score_batch(BENIGN[lang])]
        for s in deep.score_batch(BENIGN[lang]):
            _check_scores(s)
        assert min(threat) > max(benign)


def test_deep_nearest_and_moderator_exemplars(deep: DeepModel) -> None:
    """Nearest exemplars carry labels; moderator exemplars raise scores without retraining."""
    near = deep.nearest("I am going to shoot you tonight", k=3)
    assert len(near) == 3 and all(set(n["labels"]) <= set(CATEGORIES) for n in near)
    assert near[0]["similarity"] >= near[-1]["similarity"]
    coded = "time to go feed the pigs some lead at the station, 9pm"
    before = deep.score(coded)["incitement"]
    extended = deep.with_exemplars([(coded, "incitement")])
    assert extended.score(coded)["incitement"] > max(before, 0.9)
    assert extended.version != deep.version and extended.version.startswith(deep.version)
    assert deep.score(coded)["incitement"] == pytest.approx(before)  # original unchanged
    assert extended.nearest(coded, k=1)[0]["source"] == "moderator"
    with pytest.raises(ValueError):
        deep.with_exemplars([("x", "spam")])


def test_ensemble_mixes_tiers() -> None:
    """The ensemble's score is the weighted mean of the two tiers' scores."""
    from balai_ml.ensemble import EnsembleModel

    ens = EnsembleModel.load()
    text = "Semua bawa senjata ke DPR dan tembak para pengkhianat"
    mixed = ens.score(text, "id")
    f, d = ens.fast.score(text, "id"), ens.deep.score(text, "id")
    w = ens.deep_weight
    assert mixed == pytest.approx({c: (1 - w) * f[c] + w * d[c] for c in CATEGORIES})
    assert [e["category"] for e in ens.explain(text, "id")] == list(CATEGORIES)


def test_fast_scoring_is_fast_and_linear(fast: FastModel) -> None:
    """A post scores well under a millisecond (generous bound for busy CI machines), and
    adversarial long inputs take time roughly linear in their length (no regex blow-up)."""
    import time

    text = "Besok kita serbu gedung DPR, bawa 🔫 dan b u n u h semua yg di dalam"
    fast.score(text)
    laps = []
    for _ in range(200):
        start = time.thread_time()
        fast.score(text)
        laps.append(time.thread_time() - start)
    assert sorted(laps)[100] < 2e-3
    start = time.thread_time()
    for evil in ("a " * 20000, "a." * 20000, "k1ll3r " * 5000, "🔫" * 10000):
        _check_scores(fast.score(evil))
    assert time.thread_time() - start < 5.0
