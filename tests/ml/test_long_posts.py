"""The long-post evaluation (`python -m balai_ml long-posts`): its windows cover a text, its
shipped deep scorer is the deep tier as served, and the command prints a row per scorer."""

from __future__ import annotations

import random

import pytest

from balai_ml.cli import main
from balai_ml.deep import MAX_CHARS
from balai_ml.long_posts import (
    SENTENCE_FLOORS,
    WORD_ALIGN,
    deep_splits,
    fast_flag_rate,
    synthetic_sets,
    windows,
)
from balai_ml.normalize import split_sentences


@pytest.mark.parametrize("length", [0, 1, 200, MAX_CHARS])
def test_a_text_that_fits_is_one_window_of_itself(length: int) -> None:
    text = ("word " * 200)[:length]
    assert windows(text, MAX_CHARS, 100) == [text or "."]


@pytest.mark.parametrize("size", [256, MAX_CHARS])
@pytest.mark.parametrize("length", [MAX_CHARS + 1, 700, 1000, 4000])
@pytest.mark.parametrize("spaced", [True, False])
def test_windows_cover_a_long_text_with_overlap(size: int, length: int, spaced: bool) -> None:
    """The first window is the text's start, the last reaches its end, neighbours overlap, later
    windows start at a word when one begins nearby, none is much longer than the size."""
    rng = random.Random(length)  # no repeats, so each window's place in the text is unique
    words = (f"{rng.randrange(10**6)}w{i}" for i in range(length))
    text = (" " if spaced else "").join(words)[:length]
    overlap = 100
    parts = windows(text, size, overlap)
    assert parts[0] == text[:size] and text.endswith(parts[-1])
    previous_end = size
    for part in parts[1:]:
        start = text.index(part)
        assert previous_end - start >= overlap - WORD_ALIGN
        assert len(part) <= size + WORD_ALIGN
        if spaced:
            assert start == 0 or text[start - 1] == " "
        previous_end = start + len(part)
    assert previous_end == len(text)


def test_the_shipped_scorer_reads_what_the_deep_tier_reads() -> None:
    """The baseline row measures the deep tier as it serves posts: its first window."""
    from balai_ml.deep import embed, encode
    from balai_ml.normalize import normalize

    text = "Cuaca cerah hari ini. " * 40
    shipped = next(iter(deep_splits().values()))
    assert (encode(shipped(normalize(text, "id"))) == embed([text], ["id"])).all()


def test_the_command_prints_a_row_per_language_and_scorer(capsys) -> None:  # type: ignore[no-untyped-def]
    sets = synthetic_sets("en", limit=2)
    assert all(len(texts) == 2 for texts in sets.values())
    assert all(len(text) >= 600 for text in sets["violent after 600+"])
    assert main(["long-posts", "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 + 2 * (1 + len(SENTENCE_FLOORS) + len(deep_splits()))
    assert "| en | fast, whole text only |" in lines[2]
    assert sum("(shipped)" in line for line in lines) == 4  # fast and deep, in each language


def test_a_sentence_floor_finds_a_threat_the_whole_text_dilutes() -> None:
    """The measurement's point, on one example: padding lowers the whole-text score below the
    threshold, the threat's own sentence stays above it."""
    from balai_ml.fast import FastModel

    fast = FastModel.load()
    threat = "Gw bakal bunuh lo besok, tunggu aja"
    day = (
        "Pagi ini hujan turun sejak subuh. Jalanan di depan rumah tergenang air. Ibu memasak "
        "sayur asem dan tempe goreng. Adik berangkat sekolah naik angkot. Ayah membaca koran di "
        "teras. Siang harinya matahari muncul lagi. Tetangga menjemur pakaian di halaman. Sore "
        "nanti ada arisan di rumah Bu RT. Kucing kami tidur di kursi. Harga cabai naik lagi. "
    )
    point = fast.operating_points("id")["violent_threat"]
    assert fast_flag_rate(fast, [threat], "id") == 1.0
    assert fast_flag_rate(fast, [day], "id", floor=point) == 0.0
    for padded in (day + threat, threat + ". " + day):
        assert fast_flag_rate(fast, [padded], "id") == 0.0
        assert fast_flag_rate(fast, [padded], "id", floor=point) == 1.0
    assert split_sentences("One. Two!  Three?\nFour") == ["One.", "Two!", "Three?", "Four"]
