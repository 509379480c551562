"""A bilingual (English / Bahasa Indonesia) rules backend over normalised text.

Each rule has an id, a category, a score and a pattern. Patterns run on the normalised text (see
`balai.moderation.normalize`), so "k i l l", "k1ll", "ｋｉｌｌ", "🔫" and slang like "gw bnh lo"
arrive in one canonical form. A negation just before a match ("I would never kill you", "jangan
bunuh") lowers the score so the policy does not act on it alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from balai.moderation.classifiers import BackendResult

PRONOUN_EN = r"(?:you|u|ya|him|her|them|y'all|all of you|all of them|every one of you|your \w+)"
PRONOUN_ID = r"(?:kamu|kau|dia|mereka|kalian|elo|lo|lu|loe|situ|semua(?:nya)?|orang itu)"
SELF_EN = r"(?:i|i'm|im|i'll|ill|i am|we|we'll|we're|we are|gonna|going to|will)"
VIOLENT_VERB_EN = (
    r"(?:kill|shoot|stab|murder|behead|hang|slaughter|butcher|execute|strangle|burn|gut|lynch)"
)
VIOLENT_VERB_ID = (
    r"(?:bunuh|tembak|tusuk|bacok|bantai|penggal|gorok|bakar|habisi|hajar sampai mati|cincang)"
)
WEAPON_EN = r"(?:guns?|rifles?|weapons?|ammo|knives|knife|machetes?|bombs?|molotovs?|pipe bombs?)"
WEAPON_ID = (
    r"(?:senjata|golok|parang|celurit|clurit|bambu runcing|molotov|bom|pistol|senapan|sajam)"
)
NEGATION = re.compile(
    r"\b(?:never|not|don't|dont|do not|wouldn't|would not|won't|no one should|tidak|tak|"
    r"nggak|ngga|gak|ga|enggak|bukan|jangan|dilarang)\b"
)


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    score: float
    pattern: re.Pattern[str]


def _r(rule_id: str, category: str, score: float, pattern: str) -> Rule:
    return Rule(rule_id, category, score, re.compile(pattern))


RULES: tuple[Rule, ...] = (
    # --- violent threats -------------------------------------------------------------------
    _r(
        "en.threat.self_will",
        "violent_threat",
        0.95,
        rf"\b{SELF_EN}\s+(?:\w+\s+){{0,3}}{VIOLENT_VERB_EN}\s*{PRONOUN_EN}\b",
    ),
    _r("en.threat.direct", "violent_threat", 0.8, rf"\b{VIOLENT_VERB_EN}\s*{PRONOUN_EN}\b"),
    _r(
        "en.threat.dead",
        "violent_threat",
        0.9,
        r"\byou(?:'re| are| r)\s+(?:so |gonna be |going to be )?(?:dead|going to die|gonna die)\b",
    ),
    _r(
        "en.threat.bullet",
        "violent_threat",
        0.95,
        r"\b(?:bullet|knife|blade) (?:in|through) (?:your|his|her|their) "
        r"(?:head|skull|throat|chest)",
    ),
    _r(
        "en.threat.coming",
        "violent_threat",
        0.7,
        r"\b(?:i know where you live|coming for you|watch your back|you won't see it coming)\b",
    ),
    _r(
        "id.threat.self_will",
        "violent_threat",
        0.95,
        rf"\b(?:saya|aku|kami|kita|gue)\s+(?:\w+\s+){{0,3}}{VIOLENT_VERB_ID}\s*{PRONOUN_ID}\b",
    ),
    _r("id.threat.direct", "violent_threat", 0.8, rf"\b{VIOLENT_VERB_ID}\s*{PRONOUN_ID}\b"),
    _r(
        "id.threat.ku_verb",
        "violent_threat",
        0.9,
        r"\b(?:kubunuh|kutembak|kutusuk|kubacok|kubantai|kupenggal|kuhabisi|kubakar)\b",
    ),
    _r("id.threat.mampus", "violent_threat", 0.7, rf"\b(?:mampus|mati) (?:{PRONOUN_ID})\b"),
    _r(
        "id.threat.tahu_rumah",
        "violent_threat",
        0.7,
        r"\b(?:saya|aku) tahu (?:rumah|alamat) (?:kamu|mu|lo|lu|kau)\b",
    ),
    # --- incitement ------------------------------------------------------------------------
    _r(
        "en.incite.storm",
        "incitement",
        0.95,
        r"\b(?:storm|raid|burn down|torch|attack|overrun|take over) the "
        r"(?:capitol|building|parliament|office|church|mosque|temple|synagogue|station|court)",
    ),
    _r(
        "en.incite.bring_weapons",
        "incitement",
        0.9,
        rf"\b(?:bring|grab|get|load|arm yourselves with|pick up) (?:your |the |some )?{WEAPON_EN}",
    ),
    _r(
        "en.incite.lets",
        "incitement",
        0.9,
        rf"\b(?:let's|lets|we must|we need to|time to|it's time to|go|everyone) "
        rf"(?:\w+ ){{0,2}}(?:{VIOLENT_VERB_EN}|attack|storm|hunt down)\b",
    ),
    _r(
        "en.incite.arms",
        "incitement",
        0.9,
        r"\b(?:take up arms|to arms|day of the rope|civil war now|hang (?:them|the traitors))\b",
    ),
    _r(
        "id.incite.serbu",
        "incitement",
        0.9,
        r"\b(?:serbu|serang|geruduk|bakar|duduki|hancurkan) (?:gedung|kantor|markas|rumah|masjid|"
        r"gereja|pura|vihara|kampung|dpr|istana|polsek|polres)",
    ),
    _r(
        "id.incite.bawa",
        "incitement",
        0.9,
        rf"\b(?:bawa|siapkan|siapin|asah|angkat) (?:\w+ )?{WEAPON_ID}\b",
    ),
    _r(
        "id.incite.ayo",
        "incitement",
        0.9,
        rf"\b(?:ayo|mari|yuk|ayok|kita harus) (?:\w+ ){{0,2}}(?:{VIOLENT_VERB_ID}|serbu|serang)\b",
    ),
    _r(
        "id.incite.halal", "incitement", 0.95, r"\b(?:darahnya halal|halal darahnya|halalkan darah)"
    ),
    # --- glorification ---------------------------------------------------------------------
    _r(
        "en.glorify.hero",
        "glorification",
        0.85,
        r"\b(?:shooter|bomber|attacker|killer|gunman)\b.{0,30}\b(?:hero|legend|martyr|saint|"
        r"did nothing wrong|did the right thing)\b",
    ),
    _r(
        "en.glorify.hero_rev",
        "glorification",
        0.85,
        r"\b(?:hero|legend|saint)\b.{0,30}\b(?:shooter|bomber|gunman|massacre)\b",
    ),
    _r(
        "en.glorify.more",
        "glorification",
        0.85,
        r"\b(?:we need|need) (?:more|another) (?:massacres?|shootings?|bombings?|attacks?)\b",
    ),
    _r(
        "en.glorify.deserved",
        "glorification",
        0.75,
        r"\b(?:deserved|had it coming|got what they deserved)\b.{0,20}"
        r"\b(?:die|dead|death|killed|shot)",
    ),
    _r(
        "id.glorify.pahlawan",
        "glorification",
        0.85,
        r"\b(?:pelaku|penembak|pengebom|teroris)\b.{0,30}\b(?:pahlawan|syahid|hebat|keren|panutan)",
    ),
    _r(
        "id.glorify.pantas",
        "glorification",
        0.75,
        r"\b(?:pantas|layak) (?:mati|dibunuh|mampus|dibantai|ditembak)\b",
    ),
    _r(
        "id.glorify.lagi",
        "glorification",
        0.85,
        r"\b(?:perlu|butuh) (?:lebih banyak|lagi) (?:pembantaian|penembakan|bom|serangan)",
    ),
    # --- hate ------------------------------------------------------------------------------
    _r(
        "en.hate.dehumanise",
        "hate",
        0.85,
        r"\b(?:are|is|they're) (?:all )?(?:vermin|cockroaches|rats|parasites|subhuman|animals|"
        r"a disease|a plague)\b",
    ),
    _r(
        "en.hate.exterminate",
        "hate",
        0.9,
        r"\b(?:exterminate|wipe out|gas|deport) (?:all |the |every )(?:\w+)",
    ),
    _r(
        "id.hate.usir",
        "hate",
        0.85,
        r"\b(?:usir|basmi|musnahkan|bersihkan) (?:semua |para )?(?:cina|china|aseng|kafir|"
        r"pendatang|papua|ahmadiyah|syiah|kristen|islam)",
    ),
    _r(
        "id.hate.binatang",
        "hate",
        0.8,
        r"\b(?:cina|aseng|kafir|pendatang)\b.{0,15}\b(?:anjing|babi|monyet|binatang|tikus)\b",
    ),
    # --- harassment ------------------------------------------------------------------------
    _r("en.harass.kys", "harassment", 0.9, r"\b(?:kys|kill yourself|go die|end yourself)\b"),
    _r(
        "en.harass.insult",
        "harassment",
        0.6,
        r"\byou(?:'re| are| r) (?:a |an |so )?(?:worthless|pathetic|disgusting|idiot|moron|loser)",
    ),
    _r("id.harass.bunuh_diri", "harassment", 0.9, r"\b(?:bunuh diri aja|mati aja (?:kamu|lo|lu))"),
    _r(
        "id.harass.insult",
        "harassment",
        0.6,
        r"\b(?:dasar|kamu|lo|lu|kau) (?:tolol|goblok|bego|bangsat|anjing|babi|kampret)\b",
    ),
    # --- spam ------------------------------------------------------------------------------
    _r(
        "spam.phrases",
        "spam",
        0.7,
        r"\b(?:buy now|click here|free money|crypto giveaway|slot gacor|judi online|pinjol|"
        r"link di bio|daftar sekarang|bonus new member)\b",
    ),
    _r("spam.links", "spam", 0.8, r"(?:\burl\b.*){4,}"),
)


class RulesBackend:
    name = "rules"
    version = "rules-1"

    def score(self, text: str, normalized: str, lang: str) -> BackendResult:
        scores: dict[str, float] = {}
        evidence: list[dict[str, Any]] = []
        for rule in RULES:
            match = rule.pattern.search(normalized)
            if match is None:
                continue
            score = rule.score
            window = normalized[max(0, match.start() - 20) : match.end()]
            if NEGATION.search(window):
                score = min(score, 0.3)
            scores[rule.category] = max(scores.get(rule.category, 0.0), score)
            evidence.append(
                {
                    "kind": "rule",
                    "rule": rule.id,
                    "category": rule.category,
                    "span": [match.start(), match.end()],
                    "text": match.group(0),
                    "score": score,
                }
            )
        return BackendResult(scores=scores, evidence=evidence)
