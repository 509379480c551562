"""A person's own data as one zip archive: every table as JSON and as CSV, plus their media files.

The archive is written into a temporary file (spilling to disk past a few megabytes) so an
account with much media never sits in memory; the view streams it back. Only the account's own
rows are read: posts (not deleted), media with descriptions, following, followers, follow
requests, blocks, mutes, bookmarks, likes and lists.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import datetime
from typing import IO, Any

from django.core.files.storage import default_storage
from django.db.models import F

from balai.accounts.models import Block, Follow, Mute, User

Row = dict[str, Any]


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
        return str(value)  # snowflake ids as strings, as the API does
    return value


def _clean(rows: Iterable[Any]) -> list[Row]:
    return [{key: _value(value) for key, value in row.items()} for row in rows]


def _write_table(archive: zipfile.ZipFile, name: str, rows: list[Row], columns: list[str]) -> None:
    archive.writestr(f"{name}.json", json.dumps(rows, ensure_ascii=False, indent=2))
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in row.items()}
        )
    archive.writestr(f"{name}.csv", text.getvalue())


def _posts(user: User) -> list[Row]:
    from balai.posts.models import Post

    rows = Post.objects.filter(author=user, deleted_at__isnull=True).order_by("id")
    return _clean(
        rows.values(
            "id",
            "created_at",
            "edited_at",
            "visibility",
            "state",
            "language",
            "spoiler_text",
            "sensitive",
            "text",
            "in_reply_to_id",
            "quote_of_id",
            "reblog_of_id",
        )
    )


def _accounts(pairs: Iterable[tuple[int, str, datetime]]) -> list[Row]:
    return _clean({"account_id": a, "username": u, "created_at": c} for a, u, c in pairs)


def _graph(user: User) -> dict[str, list[Row]]:
    return {
        "following": _accounts(
            Follow.objects.filter(follower=user).values_list(
                "followee_id", "followee__username", "created_at"
            )
        ),
        "followers": _accounts(
            Follow.objects.filter(followee=user).values_list(
                "follower_id", "follower__username", "created_at"
            )
        ),
        "blocks": _accounts(
            Block.objects.filter(blocker=user).values_list(
                "blocked_id", "blocked__username", "created_at"
            )
        ),
        "mutes": _accounts(
            Mute.objects.filter(muter=user).values_list("muted_id", "muted__username", "created_at")
        ),
    }


def _post_refs(user: User) -> dict[str, list[Row]]:
    from balai.posts.models import Bookmark, Like

    def refs(model: Any) -> list[Row]:
        rows = model.objects.filter(user=user).order_by("id")
        return _clean(rows.values("post_id", "created_at", author=F("post__author__username")))

    return {"likes": refs(Like), "bookmarks": refs(Bookmark)}


def _lists(user: User) -> list[Row]:
    from balai.api.models import ListAccount, UserList

    rows = []
    for item in UserList.objects.filter(user=user).order_by("id"):
        members = ListAccount.objects.filter(list=item).order_by("id")
        rows.append(
            {
                "id": item.pk,
                "title": item.title,
                "replies_policy": item.replies_policy,
                "exclusive": item.exclusive,
                "created_at": item.created_at,
                "members": list(members.values_list("account__username", flat=True)),
            }
        )
    return _clean(rows)


def _media(user: User, archive: zipfile.ZipFile) -> list[Row]:
    from balai.media.models import MediaAttachment, MediaState

    rows = []
    attachments = MediaAttachment.objects.filter(
        owner=user, state=MediaState.READY, purged_at__isnull=True
    ).order_by("id")
    for media in attachments:
        name = ""
        if media.file_path:
            extension = media.file_path.rsplit(".", 1)[-1] if "." in media.file_path else "bin"
            name = f"media/{media.pk}.{extension}"
            with (
                default_storage.open(media.file_path, "rb") as source,
                archive.open(name, "w") as target,
            ):
                shutil.copyfileobj(source, target, 1024 * 1024)
        rows.append(
            {
                "id": media.pk,
                "post_id": media.post_id,
                "type": media.type,
                "description": media.description,
                "focus_x": media.focus_x,
                "focus_y": media.focus_y,
                "created_at": media.created_at,
                "file": name,
            }
        )
    return _clean(rows)


def _profile(user: User) -> Row:
    return _clean(
        [
            {
                "id": user.pk,
                "username": user.username,
                "email": user.email,
                "display_name": user.display_name,
                "bio": user.bio,
                "fields": user.fields,
                "locked": user.locked,
                "default_visibility": user.default_visibility,
                "language": user.language,
                "created_at": user.date_joined,
            }
        ]
    )[0]


COLUMNS = {
    "posts": [
        "id",
        "created_at",
        "edited_at",
        "visibility",
        "state",
        "language",
        "spoiler_text",
        "sensitive",
        "text",
        "in_reply_to_id",
        "quote_of_id",
        "reblog_of_id",
    ],
    "media": ["id", "post_id", "type", "description", "focus_x", "focus_y", "created_at", "file"],
    "accounts": ["account_id", "username", "created_at"],
    "post_refs": ["post_id", "author", "created_at"],
    "lists": ["id", "title", "replies_policy", "exclusive", "created_at", "members"],
}


def export_archive(*, user: User) -> IO[bytes]:
    """Write the zip of `user`'s data to a temporary file, rewound, for the caller to stream."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("account.json", json.dumps(_profile(user), ensure_ascii=False, indent=2))
        _write_table(archive, "posts", _posts(user), COLUMNS["posts"])
        _write_table(archive, "media", _media(user, archive), COLUMNS["media"])
        for name, rows in _graph(user).items():
            _write_table(archive, name, rows, COLUMNS["accounts"])
        for name, rows in _post_refs(user).items():
            _write_table(archive, name, rows, COLUMNS["post_refs"])
        _write_table(archive, "lists", _lists(user), COLUMNS["lists"])
    spool.seek(0)
    return spool
