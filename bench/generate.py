"""Generate a benchmark instance fast: users, a power-law follow graph, posts, likes.

Run as `python -m bench.generate` with BALAI_DATA_DIR / BALAI_DATABASE_URL already pointing at a
throwaway database (bench.run does this). Rows are written with bulk_create, not through the
per-post services: this is about the read and write paths under load, not about seeding speed.
The shape aims at a real instance: a few accounts with many followers and many posts, most with
few; replies, reposts, mentions, hashtags, some followers-only and direct posts, blocks and mutes.

Writes bench/out/<label>/sessions.json: tokens and session cookies for a sample of users.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, connection, transaction  # noqa: E402

from balai.accounts.counters import recount_follows  # noqa: E402
from balai.accounts.models import Block, Follow, Mute, User  # noqa: E402
from balai.api.models import AccessToken  # noqa: E402
from balai.core.ids import EPOCH_MS, RANDOM_BITS  # noqa: E402
from balai.posts.counters import recount_statuses  # noqa: E402
from balai.posts.home import rebuild_home_lists  # noqa: E402
from balai.posts.models import Hashtag, Like, Mention, Post, PostHashtag  # noqa: E402

BATCH = 5000
PASSWORD = "bench-password-123"
DAY_MS = 86_400_000
WORDS_EN = str.split(
    "the rain coffee football match today city train open source release friends weekend "
    "market dinner morning traffic music book school team code review garden street night "
    "photo weather holiday family laptop bug fix deploy lunch spicy noodles beach sunset"
)
WORDS_ID = str.split(
    "hujan kopi bola pertandingan hari ini kota kereta rilis teman akhir pekan pasar makan "
    "malam pagi macet musik buku sekolah tim kode jalan foto cuaca libur keluarga pedas mie "
    "pantai senja enak banget mantap santai kerja rumah warung"
)
TAGS = str.split("jakarta kopi sepakbola hujanjakarta opensource python makan persija musik foto")


class IdSource:
    """Snowflake ids for moments spread over the last `days`, strictly increasing."""

    def __init__(self, rng: random.Random, count: int, days: int = 60) -> None:
        now = int(time.time() * 1000) - 60_000
        start = now - days * DAY_MS
        moments = sorted(rng.randrange(start, now) for _ in range(count))
        ids, last = [], 0
        for ms in moments:
            candidate = ((ms - EPOCH_MS) << RANDOM_BITS) | rng.getrandbits(RANDOM_BITS)
            last = max(candidate, last + 1)
            ids.append(last)
        self.ids = ids


def chunks(items: list[Any], size: int = BATCH) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bulk(model: Any, rows: list[Any]) -> None:
    with transaction.atomic():
        for chunk in chunks(rows):
            model.objects.bulk_create(chunk, batch_size=BATCH)


def zipf_weights(n: int, exponent: float) -> list[float]:
    return [1.0 / (rank + 1) ** exponent for rank in range(n)]


def make_users(rng: random.Random, count: int) -> list[User]:
    hashed = make_password(PASSWORD)
    ids = IdSource(rng, count, days=400).ids
    users = [
        User(
            id=ids[i],
            username=f"u{i}",
            email=f"u{i}@bench.example",
            password=hashed,
            display_name=f"Bench User {i}",
            bio="Benchmark account",
            language=rng.choice(["en", "id"]),
            email_confirmed=True,
            approved=True,
        )
        for i in range(count)
    ]
    bulk(User, users)
    return users


def make_follows(rng: random.Random, users: list[User], mean_following: int) -> list[Follow]:
    """Preferential attachment: popularity follows a Zipf law over a random ranking of users;
    how many accounts each user follows is log-normal (most follow a few dozen, some hundreds)."""
    n = len(users)
    ranked = users[:]
    rng.shuffle(ranked)
    weights = zipf_weights(n, 0.9)
    follows: list[Follow] = []
    cum = list(_cumulative(weights))
    for user in users:
        want = min(n - 1, max(1, int(rng.lognormvariate(0, 1.0) * mean_following / 1.65)))
        picked = {t.pk for t in rng.choices(ranked, cum_weights=cum, k=want)} - {user.pk}
        follows.extend(Follow(follower_id=user.pk, followee_id=pk) for pk in picked)
    bulk(Follow, follows)
    return follows


def _cumulative(weights: list[float]) -> Iterator[float]:
    total = 0.0
    for weight in weights:
        total += weight
        yield total


def _text(rng: random.Random, language: str) -> str:
    words = WORDS_ID if language == "id" else WORDS_EN
    return " ".join(rng.choices(words, k=rng.randint(6, 30))).capitalize() + "."


def make_posts(rng: random.Random, users: list[User], count: int) -> list[Post]:
    """Authors are Zipf-distributed too; ~12% replies, ~6% reposts; mostly public posts."""
    authors = users[:]
    rng.shuffle(authors)
    cum = list(_cumulative(zipf_weights(len(authors), 1.0)))
    ids = IdSource(rng, count).ids
    visibilities = ["public"] * 85 + ["unlisted"] * 7 + ["private"] * 6 + ["direct"] * 2
    posts: list[Post] = []
    originals: list[Post] = []
    reblogged: set[tuple[int, int]] = set()
    for pk in ids:
        author = rng.choices(authors, cum_weights=cum)[0]
        roll = rng.random()
        if roll < 0.06 and originals:
            target = originals[int(len(originals) * rng.random() ** 0.3)]
            if (author.pk, target.pk) not in reblogged and target.visibility == "public":
                reblogged.add((author.pk, target.pk))
                target.reblogs_count += 1
                posts.append(_reblog(pk, author, target))
                continue
        post = _original(rng, pk, author, rng.choice(visibilities))
        if roll > 0.88 and originals:
            parent = originals[int(len(originals) * rng.random() ** 0.3)]
            post.in_reply_to_id = parent.pk
            post.in_reply_to_account_id = parent.author_id
            post.thread_root_id = parent.thread_root_id or parent.pk
            parent.replies_count += 1
        originals.append(post)
        posts.append(post)
    return posts


def _original(rng: random.Random, pk: int, author: User, visibility: str) -> Post:
    text = _text(rng, author.language)
    return Post(
        id=pk,
        author_id=author.pk,
        text=text,
        content_html=f"<p>{text}</p>",
        visibility=visibility,
        language=author.language,
        state="published",
        created_at=_moment(pk),
    )


def _reblog(pk: int, author: User, target: Post) -> Post:
    return Post(
        id=pk,
        author_id=author.pk,
        reblog_of_id=target.pk,
        visibility="public",
        state="published",
        created_at=_moment(pk),
    )


def _moment(pk: int) -> Any:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(((pk >> RANDOM_BITS) + EPOCH_MS) / 1000, tz=UTC)


def make_extras(rng: random.Random, users: list[User], posts: list[Post], likes: int) -> None:
    """Likes, mentions (every direct post mentions someone), hashtags, blocks and mutes."""
    originals = [p for p in posts if p.reblog_of_id is None]
    seen: set[tuple[int, int]] = set()
    like_rows = []
    for _ in range(likes):
        post = originals[int(len(originals) * rng.random() ** 0.4)]
        user = rng.choice(users)
        if (user.pk, post.pk) not in seen:
            seen.add((user.pk, post.pk))
            post.likes_count += 1
            like_rows.append(Like(user_id=user.pk, post_id=post.pk, created_at=post.created_at))
    bulk(Post, posts)
    bulk(Like, like_rows)
    mentioned = [
        (p, rng.choice(users).pk)
        for p in originals
        if p.visibility == "direct" or rng.random() < 0.04
    ]
    bulk(Mention, [Mention(post_id=p.pk, user_id=u) for p, u in mentioned if u != p.author_id])
    tags = [Hashtag(name=name) for name in TAGS]
    bulk(Hashtag, tags)
    bulk(
        PostHashtag,
        [
            PostHashtag(post_id=p.pk, hashtag_id=rng.choice(tags).pk)
            for p in originals
            if rng.random() < 0.1
        ],
    )
    pairs = {(rng.choice(users).pk, rng.choice(users).pk) for _ in range(len(users) // 5)}
    bulk(Block, [Block(blocker_id=a, blocked_id=b) for a, b in pairs if a != b])
    pairs = {(rng.choice(users).pk, rng.choice(users).pk) for _ in range(len(users) // 5)}
    bulk(Mute, [Mute(muter_id=a, muted_id=b) for a, b in pairs if a != b])


def credentials(rng: random.Random, users: list[User], follows: list[Follow], n: int) -> dict:
    """Bearer tokens and session cookies for `n` users who follow at least one account, chosen
    uniformly (so typical users, not just the celebrities, read their home timelines)."""
    following = {f.follower_id for f in follows}
    sample = rng.sample([u for u in users if u.pk in following], min(n, len(following)))
    people = []
    for user in sample:
        _token, raw = AccessToken.issue(user=user, scopes="read write follow")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        people.append({"username": user.username, "token": raw, "session": session.session_key})
    return {"users": people, "session_cookie": settings.SESSION_COOKIE_NAME}


def analyze() -> None:
    """Statistics, and on PostgreSQL a vacuum: a running server's autovacuum has long since
    processed its rows, while freshly bulk-loaded ones would make the first minutes of a run
    measure hint-bit writes and heap fetches (~7 ms of database CPU per home page, not ~4)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def checkpoint() -> None:
    """On PostgreSQL, write out what the bulk load left dirty now: otherwise the checkpoint it
    triggers spreads its writes over the next minutes, the first scenarios measured. Needs the
    pg_checkpoint role (PostgreSQL 15) or a superuser; without it the run goes on and says so."""
    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError as error:
        print(f"  generate: no CHECKPOINT ({str(error).strip()}); a checkpoint may overlap the run")


def main() -> int:
    n_users = int(os.environ.get("BENCH_USERS", "10000"))
    n_posts = int(os.environ.get("BENCH_POSTS", "200000"))
    out = Path(sys.argv[1])
    rng = random.Random(int(os.environ.get("BENCH_SEED", "42")))
    steps: list[tuple[str, float]] = []
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    steps.append(("migrate", time.monotonic() - started))
    users = make_users(rng, n_users)
    steps.append(("users", time.monotonic() - started))
    follows = make_follows(rng, users, int(os.environ.get("BENCH_MEAN_FOLLOWING", "60")))
    steps.append((f"follows ({len(follows)})", time.monotonic() - started))
    posts = make_posts(rng, users, n_posts)
    make_extras(rng, users, posts, likes=n_posts // 2)
    steps.append(("posts, likes, mentions, tags", time.monotonic() - started))
    # Bulk inserts bypass the services: build the home lists as a running server would have
    # them, each cut to what trimming keeps, and the account counters. Planner statistics
    # first: without them the counters' correlated counts scanned whole tables (minutes).
    analyze()
    rebuild_home_lists()
    recount_follows(None)
    recount_statuses(None)
    steps.append(("home lists, account counters", time.monotonic() - started))
    analyze()
    creds = credentials(rng, users, follows, int(os.environ.get("BENCH_SESSIONS", "200")))
    (out / "sessions.json").write_text(json.dumps(creds))
    checkpoint()
    steps.append(("analyze, sessions", time.monotonic() - started))
    for label, at in steps:
        print(f"  generate: {label:<32} done at {at:6.1f}s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
