"""Snowflake ids are unique, time-ordered and unguessable; post text renders safely."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from balai.core.ids import id_timestamp_ms, lowest_id_at, snowflake
from balai.core.sanitize import sanitize_post_html
from balai.core.text import extract_hashtags, render_post_text


def test_snowflakes_are_increasing_unique_and_not_sequential():
    ids = [snowflake() for _ in range(2000)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    gaps = {b - a for a, b in itertools.pairwise(ids)}
    assert len(gaps) > 100  # random low bits: the next id cannot be guessed from the last
    assert all(0 < i < 2**63 for i in ids)


def test_snowflake_time_round_trip():
    moment = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert id_timestamp_ms(lowest_id_at(moment)) == int(moment.timestamp() * 1000)
    assert lowest_id_at(moment) < snowflake()


def _render(text: str) -> str:
    return render_post_text(
        text, profile_url=lambda n: f"/@{n}" if n == "ayu" else None, tag_url=lambda t: f"/tags/{t}"
    ).html


def test_text_is_escaped_and_links_are_made():
    html = _render('<img src=x onerror=alert(1)> @ayu #Hujan https://example.org/a?b=1&c="2"')
    assert "<img" not in html and "&lt;img" in html
    assert 'href="/@ayu"' in html and 'href="/tags/hujan"' in html
    assert 'href="https://example.org/a?b=1&amp;c=' in html


def test_paragraphs_and_line_breaks():
    assert _render("one\ntwo\n\nthree") == "<p>one<br>two</p><p>three</p>"


def test_hashtags_are_unicode_and_not_numbers():
    assert extract_hashtags("#Merdeka #2024 #ÉtéIndah #merdeka") == ["merdeka", "étéindah"]


def test_sanitiser_strips_scripts_and_handlers():
    dirty = '<p onclick="x()">hi<script>alert(1)</script><a href="javascript:x">l</a></p>'
    clean = sanitize_post_html(dirty)
    assert "script" not in clean and "onclick" not in clean and "javascript" not in clean


def _burst(count: int) -> list[int]:
    return [snowflake() for _ in range(count)]


def test_processes_making_ids_at_the_same_moment_never_collide():
    """Workers forked together (neighbouring pids) make disjoint ids even in the same
    millisecond; with purely random low bits they collided about once per few thousand posts."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with context.Pool(4) as pool:
        batches = pool.map(_burst, [20_000] * 4)
    every = [i for batch in batches for i in batch]
    assert len(set(every)) == len(every)
    for batch in batches:
        assert batch == sorted(batch)
    tags = {(batch[0] >> 11) & 63 for batch in batches}
    assert len(tags) == 4  # each process carries its own tag
