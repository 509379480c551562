"""Building blocks of the rules backend: a rule, and the negation that disarms verb rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

NEGATION = re.compile(
    r"\b(?:never|not|don't|dont|do not|wouldn't|would not|won't|no one should|nobody should|"
    r"tidak|tak|nggak|ngga|gak|enggak|bukan|jangan|dilarang|stop)\b"
)

# Reported or foiled acts ("plotting to bomb the station", "mencoba menyerbu DPR") are news.
REPORTING = re.compile(
    r"\b(?:plot\w*|plann?(?:ed|ing)?|tried|try|trying|attempt\w*|foiled|accused|charged|"
    r"convicted|sentenced|arrested|threatened|mencoba|berencana|rencana|diduga|mengancam|"
    r"terdakwa|tersangka)\b"
)
# Speech about speech: a match inside quotation marks, framed as reported or condemned outside
# them ('someone wrote "i will kill you", reported'), is counter-speech, not a threat.
QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]{3,200})[\"“”«»]")
QUOTE_FRAME = re.compile(
    r"\b(?:wrote|writes|said|says|saying|posted|posting|reported|report|replied|told me|tweeted|"
    r"commented|comments|phrase|slogan|isn't|is not|crime|banned|blocked|quote|quoting|"
    r"nulis|menulis|tulis|bilang|balas|lapor\w*|kulaporkan|dilaporkan|kutipan|slogan|bukan|"
    r"kejahatan|diblokir|seruan|ajakan)\b"
)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted passages, when the text around them reports or condemns them."""
    spans = [(m.start(1), m.end(1)) for m in QUOTED.finditer(text)]
    if not spans:
        return []
    outside, position = [], 0
    for start, end in spans:
        outside.append(text[position:start])
        position = end
    outside.append(text[position:])
    return spans if QUOTE_FRAME.search(" ".join(outside)) else []


# Games, sports and exams borrow the vocabulary: verb rules count for half there.
PLAY = re.compile(
    r"\b(?:raid|quest|goblins?|boss|push rank|mvp|hero musuh|tim lawan|musuh|kastil|castle|"
    r"benteng|level|respawn|game|gaming|ujian\w*|exam|coach|strikers?|rim|passing|klan|clan|"
    r"match|turnamen|tournament|\d+-\d+)\b"
)


@dataclass(frozen=True)
class Rule:
    """`negatable` rules are disarmed by a negation just before or inside the match
    ("I would never kill you", "jangan bunuh"); idioms that contain one ("you won't wake up",
    "tidak akan aman") are not."""

    id: str
    category: str
    score: float
    pattern: re.Pattern[str]
    negatable: bool = True


def rule(
    rule_id: str, category: str, score: float, pattern: str, *, negatable: bool = True
) -> Rule:
    return Rule(rule_id, category, score, re.compile(pattern), negatable)


def alt(*words: str) -> str:
    """A non-capturing alternation of phrases (already regex-safe)."""
    return "(?:" + "|".join(words) + ")"
