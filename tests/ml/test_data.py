"""The team set and functional suite are well-formed; loaders skip missing data cleanly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from balai_ml import CATEGORIES
from balai_ml import datasets as ds

DATA = Path(ds.__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines() if line]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_team_set_schema(lang: str) -> None:
    """Every row has the documented fields; negatives say what kind of benign post they are."""
    rows = _rows(f"team_{lang}.jsonl")
    assert len(rows) >= 400
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["lang"] == lang and isinstance(r["text"], str) and r["text"].strip()
        labels = r["labels"]
        assert isinstance(labels, list) and set(labels) <= set(CATEGORIES)
        assert bool(r["benign_kind"]) == (not labels)
        assert r["split_group"]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_functional_suite_is_apart_from_training(lang: str) -> None:
    """No functional-suite text appears in the team training set."""
    team = {ds.dedup_key(str(r["text"])) for r in _rows(f"team_{lang}.jsonl")}
    func = ds.load_functional(lang)
    assert len(func) >= 100
    assert all(e.split == "test" for e in func)
    assert not [e.text for e in func if ds.dedup_key(e.text) in team]


def test_team_split_is_by_group() -> None:
    """Rows sharing a split_group always land in the same split."""
    split_of: dict[str, str] = {}
    for e in ds.load_team("en") + ds.load_team("id"):
        assert split_of.setdefault(e.group, e.split) == e.split


def test_missing_public_data_is_skipped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no public data present, training data is the team set alone, with a message."""
    monkeypatch.setenv("BALAI_ML_DATA_DIR", str(tmp_path))
    rows, used = ds.load_training()
    assert used == ["team_en", "team_id"]
    assert {e.source for e in rows} == {"team_en", "team_id"}
    assert "skipping gab_hate_corpus" in capsys.readouterr().err
    with pytest.raises(ds.DatasetMissing):
        ds.load_ethos()


def test_dedupe_drops_test_copies_of_train_rows() -> None:
    """A held-out row that is a near-duplicate of a training row is removed."""
    mk = ds.Example
    rows = [
        mk("Kill them ALL!!", "en", {"incitement": 1}, "s", "train", "g1"),
        mk("kill them all", "en", {"incitement": 1}, "s", "test", "g2"),
        mk("k i l l   them all.", "en", {"incitement": 1}, "s", "calib", "g3"),
        mk("something else", "en", {"incitement": 0}, "s", "test", "g4"),
    ]
    kept = ds.dedupe_across_splits(rows)
    assert [e.group for e in kept] == ["g1", "g4"]


needs_data = pytest.mark.skipif(
    not (ds.data_dir() / "en" / "gab_hate_corpus").exists(), reason="shared data absent"
)


@needs_data
def test_training_never_reads_eval_only() -> None:
    """Eval-only sources are never part of the training data."""
    rows, used = ds.load_training(only=["gab_hate_corpus"])
    assert "gab_hate_corpus" in used
    eval_only = set(ds.EVAL_ONLY_SOURCES)
    assert not eval_only & {e.source for e in rows}
    assert all(set(e.labels) <= set(CATEGORIES) for e in rows)
