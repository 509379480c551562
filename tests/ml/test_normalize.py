"""Obfuscated forms normalise to the plain form, in English and Indonesian."""

from __future__ import annotations

import time

import pytest

from balai_ml.normalize import normalize

CASES = [
    # spaced, dotted and hyphenated letters
    ("I will k i l l you", "i will kill you"),
    ("k.i.l.l them all", "kill them all"),
    ("saya akan b u n u h kamu", "saya akan bunuh kamu"),
    ("b-u-n-u-h", "bunuh"),
    # repeated letters
    ("KIIIILL", "kill"),
    ("killlllll them", "kill them"),
    ("bunuhhhh", "bunuh"),
    # leetspeak
    ("k1ll th3m", "kill them"),
    ("ki11 them", "kill them"),
    ("k!ll", "kill"),
    ("kill them all!!!", "kill them all!!!"),
    ("m4t1 kamu", "mati kamu"),
    ("$h00t", "shoot"),
    # fullwidth, homoglyphs, accents, zero-width
    ("ｋｉｌｌ", "kill"),
    ("кіll", "kill"),  # Cyrillic k, i
    ("κιll", "kill"),  # Greek kappa, iota
    ("kíll", "kill"),
    ("ki\u200bll", "kill"),
    # emoji
    ("bring 🔪 and 💣", "bring knife and bomb"),
    ("🔫🔫", "gun gun"),
    ("🗡️ time", "knife time"),
    ("🪓", "axe"),
    # Indonesian slang
    ("gw bakal bnh lo", "saya bakal bunuh kamu"),
    ("gue pengen tmbk dia", "saya ingin tembak dia"),
    ("bnh aja mrk semua", "bunuh saja mereka semua"),
    # urls and mentions
    ("see https://example.com/x @bob_x", "see url @user"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_obfuscations_normalise(raw: str, expected: str) -> None:
    """Each obfuscated spelling maps to its plain, case-folded form."""
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "text",
    ["I have 3 kids and came 2nd at 5pm", "the 1990s were 50k strong", "score 3-1 today"],
)
def test_numbers_are_not_leet_decoded(text: str) -> None:
    """Plain numbers, ordinals and units are left alone."""
    out = normalize(text)
    assert any(ch.isdigit() for ch in out)


def test_indonesian_lexicon_only_for_id() -> None:
    """The wide IndoCollex list applies only when the language is Indonesian."""
    assert (
        normalize("gw mau makan dulu, udh laper bgt", "id")
        == "saya mau makan dulu, sudah lapar sekali"
    )
    assert normalize("at the park by noon") == "at the park by noon"


def test_empty_and_idempotent() -> None:
    """Empty input gives empty output; normalising twice changes nothing more."""
    assert normalize("") == ""
    once = normalize("K 1 L L them ALL 🔫 gw")
    assert normalize(once) == once


def test_fast_enough() -> None:
    """Normalisation runs on every post: well under a millisecond each."""
    text = "Besok kita serbu gedung DPR, bawa senjata 🔫 dan bnh semua yg di dalam!!! k i l l"
    start = time.perf_counter()
    for _ in range(2000):
        normalize(text)
    per_call = (time.perf_counter() - start) / 2000
    assert per_call < 1e-3
