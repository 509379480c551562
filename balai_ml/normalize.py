"""Text normalisation for screening (English and Bahasa Indonesia).

``normalize(text)`` undoes the usual evasions so that the classifiers see one
canonical form:

* Unicode compatibility forms (fullwidth, ligatures, mathematical letters),
  accents and zero-width characters are removed (NFKD + mark stripping);
* Cyrillic/Greek look-alike letters are mapped to Latin ("кіll" -> "kill");
* text is case-folded;
* violent emoji become words ("🔫" -> "gun", "🔪" -> "knife", "💣" -> "bomb");
* URLs become ``url`` and @mentions become ``@user``;
* spaced or punctuated letters are joined ("k i l l", "b.u.n.u.h" -> "kill",
  "bunuh");
* leetspeak inside words is undone ("k1ll", "bvnvh" is not, "m4t1" -> "mati");
* runs of three or more repeated letters are shortened ("kiiiill" -> "kill");
* Indonesian slang and abbreviations are expanded ("gw" -> "saya",
  "bnh" -> "bunuh"). The curated list in ``data/id_slang.txt`` is always
  applied; the larger IndoCollex-derived list only when ``lang="id"``.

Everything heavy (regexes, translation tables, lexicons) is built once at
import time; a call allocates only the intermediate strings.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

__all__ = ["EMOJI_WORDS", "guess_lang", "normalize"]

_DATA = Path(__file__).resolve().parent / "data"

# --- emoji -> words --------------------------------------------------------
EMOJI_WORDS: dict[str, str] = {
    "\U0001f52b": "gun",  # pistol
    "\U0001f52a": "knife",  # hocho
    "\U0001f5e1": "knife",  # dagger
    "\u2694": "swords",
    "\U0001f4a3": "bomb",
    "\U0001fa93": "axe",
    "\U0001f4a5": "explosion",
    "\u2620": "death",  # skull and crossbones
    "\U0001f480": "death",  # skull
    "\u26b0": "coffin",
    "\U0001faa6": "grave",  # headstone
    "\U0001f525": "fire",
    "\U0001fa78": "blood",  # drop of blood
    "\U0001f9e8": "dynamite",  # firecracker
    "\U0001f3f9": "bow",
    "\U0001f6e1": "shield",
    "\U0001f92c": "angry",
    "\U0001f621": "angry",
    "\U0001f47f": "angry",
    "\U0001fa96": "helmet",
    "\U0001f30b": "fire",
    "\U0001f9a0": "",
    "\u2622": "nuclear",
    "\U0001f480\u200d": "death",
}

_EMOJI_TABLE: dict[int, str] = {ord(k[0]): f" {v} " for k, v in EMOJI_WORDS.items()}
# zero-width characters, soft hyphen, variation selectors, BOM: delete
for _cp in (0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0xFE0E, 0xFE0F):
    _EMOJI_TABLE[_cp] = ""

# --- homoglyphs ------------------------------------------------------------
_HOMOGLYPHS = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "и": "u", "і": "i", "ї": "i",
    "й": "u", "ј": "j", "к": "k", "л": "n", "м": "m", "н": "h", "о": "o", "п": "n",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ь": "b", "ѕ": "s", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "һ": "h", "ɡ": "g",
    # Greek
    "α": "a", "β": "b", "γ": "y", "δ": "d", "ε": "e", "ζ": "z", "η": "n", "θ": "o",
    "ι": "i", "κ": "k", "λ": "l", "μ": "u", "ν": "v", "ο": "o", "π": "n", "ρ": "p",
    "σ": "o", "ς": "s", "τ": "t", "υ": "u", "φ": "o", "χ": "x", "ω": "w",
    # misc look-alikes
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
    "ɑ": "a", "ɩ": "i", "ʀ": "r", "ᴋ": "k", "ʟ": "l", "ɪ": "i",
}  # fmt: skip
_HOMOGLYPH_TABLE = str.maketrans(_HOMOGLYPHS)

# --- leetspeak -------------------------------------------------------------
_LEET_TABLE = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
     "!": "i", "|": "l", "+": "t", "8": "b", "9": "g", "6": "g"}
)  # fmt: skip
_LEET_CHARS = "013457@$!|+896"

_MARKS = re.compile(r"[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u20d0-\u20ff]+")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_MENTION = re.compile(r"(?<![\w])@[a-z0-9_][a-z0-9_.]{2,}(?:@[a-z0-9_.-]+)?")
# three or more single letters separated by spaces or punctuation: "k i l l", "k.i.l.l"
_SPACED = re.compile(r"(?<![\w@$])(?:[a-z0-9@$][ .\-_*~/,]{1,3}){2,}[a-z0-9@$](?![\w@$])")
_SPACED_SEP = re.compile(r"[ .\-_*~/,]+")
# candidate word for leet decoding: letters mixed with leet characters
_TOKEN = re.compile(r"[a-z0-9@$!|+]+")
_HAS_ALPHA = re.compile(r"[a-z]")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|s|k|m|am|pm|x|an|kg|km|jt|rb)?$")
# repeated letters: runs of 3+ of a letter
_RUN = re.compile(r"([a-z])\1{2,}")
_KEEP_DOUBLE = frozenset("lseotfprndgmcbkz")
_WORD = re.compile(r"[a-z][a-z0-9]*")
_SPACES = re.compile(r"\s+")


def _load_lexicon(name: str) -> dict[str, str]:
    path = _DATA / name
    out: dict[str, str] = {}
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0] and parts[1]:
                out[parts[0]] = parts[1]
    return out


_SLANG_CORE = _load_lexicon("id_slang.txt")
_SLANG_ID = {**_load_lexicon("id_collex.txt"), **_SLANG_CORE}


def _unspace(m: re.Match[str]) -> str:
    return _SPACED_SEP.sub("", m.group(0))


def _unleet(m: re.Match[str]) -> str:
    tok = m.group(0)
    if tok == "@user" or not _HAS_ALPHA.search(tok) or _ORDINAL.match(tok):
        return tok
    if not any(c in _LEET_CHARS for c in tok):
        return tok
    core = tok.rstrip("!|+")  # trailing "!!!" is punctuation, not "iii"
    tail = tok[len(core) :]
    return core.replace("11", "ll").translate(_LEET_TABLE) + tail


def _shorten(m: re.Match[str]) -> str:
    c = m.group(1)
    return c + c if c in _KEEP_DOUBLE else c


def normalize(text: str, lang: str | None = None) -> str:
    """Return the canonical screening form of ``text``.

    ``lang`` ("en", "id" or None) only widens the Indonesian slang lexicon;
    the curated core list is applied regardless of language.
    """
    if not text:
        return ""
    s = text.translate(_EMOJI_TABLE)
    s = unicodedata.normalize("NFKD", s)
    s = _MARKS.sub("", s).casefold().translate(_HOMOGLYPH_TABLE)
    s = _URL.sub(" url ", s)
    s = _MENTION.sub(" @user ", s)
    s = _SPACED.sub(_unspace, s)
    s = _TOKEN.sub(_unleet, s)
    s = _RUN.sub(_shorten, s)
    lex = _SLANG_ID if lang == "id" else _SLANG_CORE
    s = _WORD.sub(lambda m: lex.get(m.group(0), m.group(0)), s)
    return _SPACES.sub(" ", s).strip()


_ID_WORDS = (
    "yang dan di ini itu tidak saya aku kamu gue gw lo lu dia mereka kita kami akan sudah "
    "belum bisa untuk dengan dari ke ada juga saja aja banget sekali bakal mau ingin nggak "
    "gak ga kalau kalo karena tapi atau orang semua besok malam hari lagi harus jangan"
)
_EN_WORDS = (
    "the and to of is are you i will it that this for with on at be not my your they we "
    "have has was were all tomorrow going gonna what who when just so if but or"
)
_ID_HINTS = frozenset(_ID_WORDS.split())
_EN_HINTS = frozenset(_EN_WORDS.split())
_WORDS_ONLY = re.compile(r"[a-z]+")


def guess_lang(text: str) -> str:
    """Cheap English/Indonesian guess from function words ("en" on ties)."""
    id_score = en_score = 0
    for w in _WORDS_ONLY.findall(text.casefold()):
        if w in _ID_HINTS:
            id_score += 1
        elif w in _EN_HINTS:
            en_score += 1
    return "id" if id_score > en_score else "en"


_SENTENCE_END = re.compile(r"(?<=[.!?\n])\s+")


def split_sentences(text: str) -> list[str]:
    """The text's sentences (split after ``.``, ``!``, ``?`` or a line break), empty ones left
    out: the units a long post is also judged by, one at a time."""
    return [part for part in _SENTENCE_END.split(text) if part.strip()]
