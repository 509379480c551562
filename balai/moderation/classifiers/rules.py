"""A bilingual (English / Bahasa Indonesia) rules backend over normalised text.

Each rule has an id, a category, a score and a pattern (`rules_en.py`, `rules_id.py`). Patterns
run on the normalised text (see `balai_ml.normalize`), so "k i l l", "k1ll", "ｋｉｌｌ",
"🔫" and slang like "gw bnh lo" arrive in one canonical form. A negation just before or inside
a match of a verb rule ("I would never kill you", "jangan bunuh") disarms it: the match is kept
as evidence with score 0. The rules complement the statistical models; they are tuned on the
team's training set (`balai_ml/data/team_*.jsonl`), never on the held-out functional suites.
"""

from __future__ import annotations

from typing import Any

from balai.moderation.classifiers import BackendResult
from balai.moderation.classifiers.ruledefs import (
    NEGATION,
    PLAY,
    REPORTING,
    Rule,
    quoted_spans,
    rule,
)
from balai.moderation.classifiers.rules_en import RULES as EN_RULES
from balai.moderation.classifiers.rules_id import RULES as ID_RULES

COMMON_RULES: tuple[Rule, ...] = (
    rule("spam.phrases", "spam", 0.7,
         r"\b(?:buy now|click here|free money|crypto giveaway|slot gacor|judi online|pinjol|"
         r"link di bio|daftar sekarang|bonus new member)\b"),
    rule("spam.links", "spam", 0.8, r"(?:\burl\b.*){4,}"),
)  # fmt: skip
RULES: tuple[Rule, ...] = EN_RULES + ID_RULES + COMMON_RULES


class RulesBackend:
    name = "rules"
    version = "rules-2"

    def score(self, text: str, normalized: str, lang: str) -> BackendResult:
        scores: dict[str, float] = {}
        evidence: list[dict[str, Any]] = []
        play = PLAY.search(normalized) is not None
        quotes = quoted_spans(normalized)
        for item in RULES:
            match = item.pattern.search(normalized)
            if match is None:
                continue
            score = item.score
            window = normalized[max(0, match.start() - 20) : match.end()]
            before = normalized[max(0, match.start() - 30) : match.start()]
            quoted = any(a <= match.start() and match.end() <= b for a, b in quotes)
            if quoted or (item.negatable and (NEGATION.search(window) or REPORTING.search(before))):
                score = 0.0
            else:
                if item.negatable and play:
                    score = round(score / 2, 3)
                scores[item.category] = max(scores.get(item.category, 0.0), score)
            evidence.append(
                {
                    "kind": "rule",
                    "rule": item.id,
                    "category": item.category,
                    "span": [match.start(), match.end()],
                    "text": match.group(0),
                    "score": score,
                }
            )
        return BackendResult(scores=scores, evidence=evidence)
