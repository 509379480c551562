"""Loaders for the labelled data, mapped onto Balai's categories.

Every loader returns a list of :class:`Example`. ``Example.labels`` maps a
category name to 1 (positive) or 0 (negative); a category that the source does
not annotate is simply **absent** (unknown), and the per-category heads are
trained only on rows where it is known. Eval-only sets may also carry the
aggregate target ``"violence"`` (any of violent_threat / incitement /
glorification) and ``"hs_strong"``. The mapping and its caveats are documented
in ``docs/moderation-model.md``.

The public data lives outside the repository (``BALAI_ML_DATA_DIR``, default
``<repo>/../shared/data``); when it is absent the loaders raise
:class:`DatasetMissing` and :func:`load_training` / :func:`load_eval_only`
skip that source with a message. The team set and the functional suite ship
inside the package (``balai_ml/data``). Nothing under ``eval-only/`` is ever
returned by :func:`load_training`.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from balai_ml import CATEGORIES
from balai_ml.normalize import normalize

PACKAGE_DATA = Path(__file__).resolve().parent / "data"
VT, INC, GLOR, HATE, HAR = CATEGORIES

csv.field_size_limit(10_000_000)


class DatasetMissing(FileNotFoundError):
    """A public dataset is not present under the data directory."""


@dataclass(frozen=True)
class Example:
    """One labelled post."""

    text: str
    lang: str
    labels: dict[str, int]
    source: str
    split: str  # "train", "calib" or "test"
    group: str  # author/source group used for splitting
    benign_kind: str | None = None
    meta: dict[str, str] = field(default_factory=dict)

    def is_benign(self) -> bool:
        """True when every category the source annotates is negative."""
        return bool(self.labels) and not any(self.labels.values())


def data_dir() -> Path:
    """Root of the public datasets (``BALAI_ML_DATA_DIR`` or ``<repo>/../shared/data``)."""
    env = os.environ.get("BALAI_ML_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    return (Path(__file__).resolve().parent.parent.parent / "shared" / "data").resolve()


def _path(*parts: str) -> Path:
    p = data_dir().joinpath(*parts)
    if not p.exists():
        raise DatasetMissing(f"{p} not found (set BALAI_ML_DATA_DIR to the shared data folder)")
    return p


def bucket(key: str, salt: str = "balai") -> float:
    """Deterministic uniform number in [0, 1) from a string (for splitting)."""
    digest = hashlib.sha256(f"{salt}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _split_from_group(group: str, test_share: float, calib_share: float = 0.12) -> str:
    b = bucket(group)
    if b < test_share:
        return "test"
    return "calib" if b < test_share + calib_share else "train"


def _train_or_calib(group: str, calib_share: float = 0.12) -> str:
    return "calib" if bucket(group, "calib") < calib_share else "train"


_QUOTES = re.compile(r'^[\s"]+|[\s"]+$')
_RT = re.compile(r"^rt\s*:\s*")


def _clean(text: str) -> str:
    text = text.replace('""', '"')
    text = _QUOTES.sub("", text)
    return _RT.sub("", text).strip()


def _labels(**kw: int | None) -> dict[str, int]:
    return {k: v for k, v in kw.items() if v is not None}


# --- team set and functional suite (in the package) ------------------------------------


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _team_like(name: str, source: str, test_share: float | None) -> list[Example]:
    out = []
    for row in _read_jsonl(PACKAGE_DATA / name):
        cats = set(row["labels"])  # type: ignore[call-overload]
        group = str(row["split_group"])
        split = "test" if test_share is None else _split_from_group(group, test_share)
        meta = {"id": str(row["id"])}
        if "functionality" in row:
            meta["functionality"] = str(row["functionality"])
        out.append(
            Example(
                text=str(row["text"]),
                lang=str(row["lang"]),
                labels={c: int(c in cats) for c in CATEGORIES},
                source=source,
                split=split,
                group=group,
                benign_kind=(str(row["benign_kind"]) if row.get("benign_kind") else None),
                meta=meta,
            )
        )
    return out


def load_team(lang: str, test_share: float = 0.25) -> list[Example]:
    """The team's hand-written set; ``split`` assigned by ``split_group``."""
    return _team_like(f"team_{lang}.jsonl", f"team_{lang}", test_share)


def load_functional(lang: str) -> list[Example]:
    """The held-out functional suite (never used for training; split is always "test")."""
    return _team_like(f"functional_{lang}.jsonl", f"functional_{lang}", None)


# --- public training sources --------------------------------------------------------


def load_gab_hate_corpus() -> list[Example]:
    """GHC: ``cv`` -> incitement (+hate); ``hd`` -> hate; threat unknown on cv rows."""
    out = []
    for fname, official in (("ghc_train.tsv", "train"), ("ghc_test.tsv", "test")):
        with _path("en", "gab_hate_corpus", fname).open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh, delimiter="\t")):
                hd, cv, vo = int(row["hd"]), int(row["cv"]), int(row["vo"])
                if cv:
                    lab = _labels(incitement=1, hate=1)
                elif hd:
                    lab = _labels(violent_threat=0, incitement=0, hate=1)
                else:
                    lab = _labels(
                        violent_threat=0, incitement=0, glorification=0, hate=0,
                        harassment=None if vo else 0,
                    )  # fmt: skip
                group = f"ghc-{official}-{i}"
                split = "test" if official == "test" else _train_or_calib(group)
                out.append(Example(row["text"], "en", lab, "gab_hate_corpus", split, group))
    return out


def load_dynahate() -> list[Example]:
    """DynaHate v0.2.3 (text/label/split): hate -> hate; nothate -> benign (harassment unknown)."""
    out = []
    path = _path("en", "dghs_dynahate", "dghs_v0.2.3_text_label_split.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if row["label"] == "hate":
                lab = _labels(hate=1)
            else:
                lab = _labels(violent_threat=0, incitement=0, glorification=0, hate=0)
            group = f"dyna-{i}"
            split = "test" if row["split"] == "test" else _train_or_calib(group)
            out.append(Example(row["text"], "en", lab, "dghs_dynahate", split, group))
    return out


def load_implicit_hate() -> list[Example]:
    """Implicit Hate: hate classes -> hate; stage-2 ``threatening`` -> violent_threat.

    Its ``incitement`` class means promoting hate groups, not calls to violence: it is
    mapped to hate only, with the violence categories unknown.
    """
    base = ("en", "implicit_hate")
    stage2: dict[str, str] = {}
    with _path(*base, "implicit_hate_v1_stg2_posts.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            stage2[_clean(row["post"])] = row["implicit_class"]
    out = []
    with _path(*base, "implicit_hate_v1_stg1_posts.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            text, cls = _clean(row["post"]), row["class"]
            if cls == "not_hate":
                lab = _labels(violent_threat=0, incitement=0, glorification=0, hate=0)
            elif cls == "explicit_hate":
                lab = _labels(hate=1)
            else:
                sub = stage2.get(text)
                if sub == "threatening":
                    lab = _labels(violent_threat=1, hate=1)
                elif sub is None or sub == "incitement":
                    lab = _labels(hate=1)
                else:
                    lab = _labels(violent_threat=0, incitement=0, hate=1)
            group = f"implicit-{text}"
            split = _split_from_group(group, 0.2)
            out.append(Example(text, "en", lab, "implicit_hate", split, group))
    return out


def load_hatexplain() -> list[Example]:
    """HateXplain majority label: hatespeech -> hate; normal -> benign; offensive -> hate 0."""
    with gzip.open(_path("en", "hatexplain", "dataset.json.gz"), "rt") as gz:
        posts = json.load(gz)
    with _path("en", "hatexplain", "post_id_divisions.json").open() as fh:
        divisions = json.load(fh)
    split_of = {pid: name for name, ids in divisions.items() for pid in ids}
    out = []
    for pid, post in posts.items():
        votes = [a["label"] for a in post["annotators"]]
        top = max(set(votes), key=votes.count)
        if votes.count(top) < 2:
            continue
        if top == "hatespeech":
            lab = _labels(hate=1)
        elif top == "offensive":
            lab = _labels(hate=0)
        else:
            lab = {c: 0 for c in CATEGORIES}
        text = " ".join(post["post_tokens"]).replace("<user>", "@user")
        official = split_of.get(pid, "train")
        split = "test" if official == "test" else _train_or_calib(pid)
        out.append(Example(text, "en", lab, "hatexplain", split, pid))
    return out


_MENTION = re.compile(r"@\w+")


def load_davidson() -> list[Example]:
    """Davidson 2017: hate -> hate; offensive aimed at an @mention -> harassment (noisy)."""
    out = []
    with _path("en", "davidson_2017", "labeled_data.csv").open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            cls = int(row["class"])
            text = row["tweet"].replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            if cls == 0:
                lab = _labels(hate=1)
            elif cls == 1:
                lab = _labels(hate=0, harassment=1 if _MENTION.search(text) else None)
            else:
                lab = {c: 0 for c in CATEGORIES}
            group = f"davidson-{i}"
            out.append(
                Example(text, "en", lab, "davidson_2017", _split_from_group(group, 0.2), group)
            )
    return out


# --- eval-only sources (never used for training) ---------------------------------------


def load_ethos() -> list[Example]:
    """ETHOS (GPL-3.0, eval only): violence share >= 0.5 -> violence; isHate >= 0.5 -> hate."""
    violence: dict[str, float] = {}
    base = ("eval-only", "ethos")
    with _path(*base, "Ethos_Dataset_Multi_Label.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            violence[row["comment"].strip()] = float(row["violence"])
    out = []
    with _path(*base, "Ethos_Dataset_Binary.csv").open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh, delimiter=";")):
            text = row["comment"].strip()
            is_hate = float(row["isHate"]) >= 0.5
            lab = {"hate": int(is_hate), "violence": int(violence.get(text, 0.0) >= 0.5)}
            out.append(Example(text, "en", lab, "ethos", "test", f"ethos-{i}"))
    return out


def load_openai_moderation() -> list[Example]:
    """OpenAI moderation test set: V or H2 -> violence; H -> hate; HR -> harassment."""
    out = []
    path = _path("eval-only", "openai_moderation", "samples-1680-without-S3.jsonl")
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            row = json.loads(line)
            lab: dict[str, int] = {}
            if "V" in row or "H2" in row:
                lab["violence"] = int(bool(row.get("V")) or bool(row.get("H2")))
            if "H" in row:
                lab["hate"] = int(row["H"])
            if "HR" in row:
                lab["harassment"] = int(row["HR"])
            if "H2" in row:
                lab["hate_threatening"] = int(row["H2"])
            out.append(Example(row["prompt"], "en", lab, "openai_moderation", "test", f"oai-{i}"))
    return out


def load_ibrohim() -> list[Example]:
    """Ibrohim & Budi 2019 (CC BY-NC-SA, eval only): HS -> hate; HS_Strong kept as ``hs_strong``."""
    out = []
    path = _path("eval-only", "id_multilabel_hate_abusive", "re_dataset.csv")
    with path.open(encoding="latin-1", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            text = row["Tweet"].replace("\\n", " ").replace("USER", "@user").replace("URL", "url")
            lab = {"hate": int(row["HS"]), "hs_strong": int(row["HS_Strong"])}
            out.append(Example(text, "id", lab, "ibrohim_budi", "test", f"ibrohim-{i}"))
    return out


TRAINING_SOURCES: dict[str, Callable[[], list[Example]]] = {
    "gab_hate_corpus": load_gab_hate_corpus,
    "dghs_dynahate": load_dynahate,
    "implicit_hate": load_implicit_hate,
    "hatexplain": load_hatexplain,
    "davidson_2017": load_davidson,
}
EVAL_ONLY_SOURCES: dict[str, Callable[[], list[Example]]] = {
    "ethos": load_ethos,
    "openai_moderation": load_openai_moderation,
    "ibrohim_budi": load_ibrohim,
}

# Files each source reads (relative to data_dir()), for the model card's sha256 list.
SOURCE_FILES: dict[str, tuple[str, ...]] = {
    "gab_hate_corpus": ("en/gab_hate_corpus/ghc_train.tsv", "en/gab_hate_corpus/ghc_test.tsv"),
    "dghs_dynahate": ("en/dghs_dynahate/dghs_v0.2.3_text_label_split.csv",),
    "implicit_hate": (
        "en/implicit_hate/implicit_hate_v1_stg1_posts.tsv",
        "en/implicit_hate/implicit_hate_v1_stg2_posts.tsv",
    ),
    "hatexplain": ("en/hatexplain/dataset.json.gz", "en/hatexplain/post_id_divisions.json"),
    "davidson_2017": ("en/davidson_2017/labeled_data.csv",),
}


def _load_many(
    sources: dict[str, Callable[[], list[Example]]], only: Iterable[str] | None
) -> tuple[list[Example], list[str]]:
    out: list[Example] = []
    used: list[str] = []
    wanted = set(only) if only is not None else None
    for name, loader in sources.items():
        if wanted is not None and name not in wanted:
            continue
        try:
            rows = loader()
        except DatasetMissing as exc:
            print(f"[balai_ml] skipping {name}: {exc}", file=sys.stderr)
            continue
        out.extend(rows)
        used.append(name)
    return out, used


def load_training(
    only: Iterable[str] | None = None, team: bool = True
) -> tuple[list[Example], list[str]]:
    """All training sources that are present, plus the team set; returns (examples, used)."""
    rows, used = _load_many(TRAINING_SOURCES, only)
    if team:
        for lang in ("en", "id"):
            rows.extend(load_team(lang))
            used.append(f"team_{lang}")
    return dedupe_across_splits(rows), used


def load_eval_only(only: Iterable[str] | None = None) -> tuple[list[Example], list[str]]:
    """Eval-only sets that are present (never train on these)."""
    return _load_many(EVAL_ONLY_SOURCES, only)


_NON_ALPHA = re.compile(r"[^a-z]+")


def dedup_key(text: str) -> str:
    """Key under which near-duplicates collide: normalised letters only."""
    return _NON_ALPHA.sub("", normalize(text))[:300]


def dedupe_across_splits(rows: list[Example]) -> list[Example]:
    """Drop calib/test rows whose near-duplicate appears in train (and calib-vs-test)."""
    order = {"train": 0, "calib": 1, "test": 2}
    seen: dict[str, int] = {}
    out = []
    for ex in sorted(rows, key=lambda e: order[e.split]):
        key = dedup_key(ex.text)
        if not key:
            continue
        level = seen.get(key)
        if level is not None and level < order[ex.split]:
            continue
        if level is None:
            seen[key] = order[ex.split]
        out.append(ex)
    return out


def file_sha256(path: Path) -> str:
    """sha256 of a file (for the model card)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
