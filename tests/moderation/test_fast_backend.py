"""The fast model as a screening backend: its operating point maps to the policy's hold level,
and quoted threats that the post condemns or reports are not scored as threats."""

from __future__ import annotations

import pytest

from balai.moderation.classifiers.fast import (
    POLICY_MIDPOINT,
    FastBackend,
    to_policy_scale,
    without_framed_quotes,
)


def test_policy_scale_is_monotone_and_centres_the_operating_point():
    points = [to_policy_scale(p / 100, 0.2) for p in range(101)]
    assert points == sorted(points)
    assert points[0] == 0.0 and points[-1] == pytest.approx(1.0)
    assert to_policy_scale(0.2, 0.2) == pytest.approx(POLICY_MIDPOINT)


def test_framed_quotes_are_dropped_but_bare_quotes_are_kept():
    reported = 'Someone wrote "I will kill you" under my post. Reported it.'
    assert "kill" not in without_framed_quotes(reported)
    bare = 'Tomorrow "I will kill you" all'
    assert without_framed_quotes(bare) == bare


def test_real_model_scores_a_threat_above_the_same_threat_quoted_in_counter_speech():
    backend = FastBackend()
    if backend.model is None:
        pytest.skip("fast model artifacts are not built")
    for text, quoted, lang in [
        (
            "gue bunuh lo besok",
            'Ada yang nulis "gue bunuh lo besok" di postinganku, sudah kulaporkan',
            "id",
        ),
        (
            "I will kill you tomorrow",
            'Someone wrote "I will kill you tomorrow" to me, reported it',
            "en",
        ),
    ]:
        threat = backend.score(text, text, lang).scores["violent_threat"]
        counter = backend.score(quoted, quoted, lang).scores["violent_threat"]
        assert threat >= POLICY_MIDPOINT > counter, (text, threat, counter)
