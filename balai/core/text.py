"""Turn a post's plain text into safe HTML, finding mentions, hashtags and links."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

USERNAME_PATTERN = r"[A-Za-z0-9_]{1,30}"
MENTION_RE = re.compile(
    rf"(?<![\w@/])@(?P<username>{USERNAME_PATTERN})(?:@(?P<domain>[A-Za-z0-9.-]+\.[A-Za-z]{{2,}}))?(?![\w@])"
)
HASHTAG_RE = re.compile(r"(?<![\w#&/])#(?P<tag>\w{1,100})", re.UNICODE)
URL_RE = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.IGNORECASE)
TOKEN_RE = re.compile(
    "|".join(
        [
            f"(?P<url>{URL_RE.pattern})",
            f"(?P<mention>{MENTION_RE.pattern})",
            f"(?P<hashtag>{HASHTAG_RE.pattern})",
        ]
    ),
    re.IGNORECASE | re.UNICODE,
)


@dataclass
class RenderedText:
    html: str
    mentions: list[str] = field(default_factory=list)  # usernames (local) in order, unique
    hashtags: list[str] = field(default_factory=list)  # normalised (lowercase) names, unique


def normalize_hashtag(name: str) -> str:
    return name.casefold()


def is_valid_hashtag(name: str) -> bool:
    return bool(name) and not name.isdigit() and len(name) <= 100


def extract_hashtags(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for match in HASHTAG_RE.finditer(text):
        tag = match.group("tag")
        if is_valid_hashtag(tag):
            seen.setdefault(normalize_hashtag(tag), None)
    return list(seen)


def render_post_text(
    text: str,
    *,
    profile_url: Callable[[str], str | None],
    tag_url: Callable[[str], str],
) -> RenderedText:
    """Render plain text to HTML paragraphs; `profile_url` returns None for unknown users."""
    result = RenderedText(html="")
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    rendered = []
    for paragraph in paragraphs:
        lines = [_render_line(line, result, profile_url, tag_url) for line in paragraph.split("\n")]
        rendered.append("<p>" + "<br>".join(lines) + "</p>")
    result.html = "".join(rendered)
    return result


def _render_line(
    line: str,
    result: RenderedText,
    profile_url: Callable[[str], str | None],
    tag_url: Callable[[str], str],
) -> str:
    out: list[str] = []
    position = 0
    for match in TOKEN_RE.finditer(line):
        out.append(escape(line[position : match.start()]))
        out.append(_render_token(match, result, profile_url, tag_url))
        position = match.end()
    out.append(escape(line[position:]))
    return "".join(out)


def _render_token(
    match: re.Match[str],
    result: RenderedText,
    profile_url: Callable[[str], str | None],
    tag_url: Callable[[str], str],
) -> str:
    raw = match.group(0)
    if match.group("url"):
        href = escape(raw, quote=True)
        return (
            f'<a href="{href}" rel="nofollow noopener noreferrer" target="_blank">{escape(raw)}</a>'
        )
    if match.group("mention"):
        username = match.group("username")
        url = None if match.group("domain") else profile_url(username)
        if url is None:
            return escape(raw)
        if username.lower() not in (m.lower() for m in result.mentions):
            result.mentions.append(username)
        return (
            f'<span class="h-card"><a href="{escape(url, quote=True)}" class="u-url mention">'
            f"@<span>{escape(username)}</span></a></span>"
        )
    tag = match.group("tag")
    if not is_valid_hashtag(tag):
        return escape(raw)
    name = normalize_hashtag(tag)
    if name not in result.hashtags:
        result.hashtags.append(name)
    return (
        f'<a href="{escape(tag_url(name), quote=True)}" class="mention hashtag" rel="tag">'
        f"#<span>{escape(tag)}</span></a>"
    )
