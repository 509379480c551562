"""Detect the language a post is written in."""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

CANDIDATES = [
    "en",
    "id",
    "ms",
    "jv",
    "es",
    "fr",
    "de",
    "pt",
    "nl",
    "it",
    "ja",
    "zh",
    "ko",
    "ar",
    "ru",
    "tr",
    "vi",
    "th",
    "tl",
    "hi",
    "pl",
    "sv",
]
MIN_CONFIDENCE = 0.6


@cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(CANDIDATES)
    return identifier


def detect_language(text: str, fallback: str | None = None) -> str | None:
    """ISO 639-1 code of the text's language, or `fallback` when the text is too short to tell."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < 12:
        return fallback
    language, confidence = _identifier().classify(text)
    if confidence < MIN_CONFIDENCE:
        return fallback
    # Malay and Indonesian are close; on this network Indonesian is by far the likelier.
    return "id" if language == "ms" else str(language)
