"""Full-text search over posts, one implementation per database vendor.

SQLite uses an FTS5 table keyed by post id; PostgreSQL a GIN index on to_tsvector('simple', text).
The 'simple' configuration is language-neutral, which suits a bilingual network.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS post_search USING fts5("
    "body, tokenize='unicode61 remove_diacritics 2')"
)
POSTGRES_CREATE = (
    "CREATE INDEX IF NOT EXISTS post_text_search_idx ON posts_post "
    "USING gin (to_tsvector('simple', text || ' ' || spoiler_text))"
)
WORD_RE = re.compile(r"\w+", re.UNICODE)


def install_schema(schema_editor: object = None) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(SQLITE_CREATE)
        elif connection.vendor == "postgresql":
            cursor.execute(POSTGRES_CREATE)


def index_post(post_id: int, text: str) -> None:
    """Make a post's text findable (replacing any earlier text for it)."""
    if connection.vendor != "sqlite":
        return  # PostgreSQL indexes the column itself
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM post_search WHERE rowid = %s", [post_id])
        if text.strip():
            cursor.execute("INSERT INTO post_search(rowid, body) VALUES (%s, %s)", [post_id, text])


def unindex_post(post_id: int) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM post_search WHERE rowid = %s", [post_id])


def query_words(query: str) -> list[str]:
    return WORD_RE.findall(query)[:10]


def matching_posts_q(query: str) -> Q:
    """A filter on Post selecting posts whose text has every word of `query` (prefix match)."""
    words = query_words(query)
    if not words:
        return Q(pk__in=[])
    if connection.vendor == "sqlite":
        match = " AND ".join('"' + w.replace('"', "") + '"*' for w in words)
        return Q(pk__in=RawSQL("SELECT rowid FROM post_search WHERE post_search MATCH %s", [match]))
    tsquery = " & ".join(re.sub(r"[^\w]", "", w) + ":*" for w in words)
    return Q(
        pk__in=RawSQL(
            "SELECT id FROM posts_post WHERE to_tsvector('simple', text || ' ' || spoiler_text) "
            "@@ to_tsquery('simple', %s)",
            [tsquery],
        )
    )


def refresh_planner_statistics() -> None:
    """SQLite plans timelines well only with statistics (PostgreSQL's autovacuum keeps its own)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=400")
        cursor.execute("ANALYZE")
