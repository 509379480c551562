"""Data export: a signed-in person downloads a zip of their own data, each table as JSON and CSV,
with their media files."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from django.core.files.storage import default_storage
from django.test import Client

from balai.accounts.services import block_create, follow_create, mute_create
from balai.api.models import ListAccount, UserList
from balai.posts.services import PostDraft, bookmark_create, like_create, post_create

TABLES = ("posts", "media", "following", "followers", "blocks", "mutes", "bookmarks", "likes")


def _download(client: Client) -> zipfile.ZipFile:
    response = client.post("/settings/data/export")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _csv(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode())))


def _json(archive: zipfile.ZipFile, name: str) -> list[dict[str, object]]:
    return json.loads(archive.read(f"{name}.json"))


def test_export_contains_every_table_as_json_and_csv_and_the_media(
    make_user, client_for, picture_post
):
    """Posts (text, visibility, dates, reply and quote ids), media with descriptions and the file
    itself, following, followers, blocks, mutes, bookmarks, likes and lists."""
    alice, bob, carol, dave = (make_user(username=n) for n in ("alice", "bob", "carol", "dave"))
    bobs = post_create(author=bob, draft=PostDraft(text="bob speaks"))
    root = post_create(author=alice, draft=PostDraft(text="first words"), visibility="unlisted")
    reply = post_create(author=alice, draft=PostDraft(text="a reply"), in_reply_to_id=bobs.pk)
    quote = post_create(author=alice, draft=PostDraft(text="a quote"), quote_of_id=bobs.pk)
    pictured, media = picture_post(alice, "with a picture", "two boats at dawn")
    post_create(author=bob, draft=PostDraft(text="not alice's"))
    follow_create(follower=alice, target=bob)
    follow_create(follower=carol, target=alice)
    block_create(blocker=alice, target=dave)
    mute_create(muter=alice, target=carol)
    bookmark_create(user=alice, post_id=bobs.pk)
    like_create(user=alice, post_id=bobs.pk)
    team = UserList.objects.create(user=alice, title="Sailors")
    ListAccount.objects.create(list=team, account=bob)

    archive = _download(client_for(alice))
    names = set(archive.namelist())
    for table in (*TABLES, "lists"):
        assert {f"{table}.json", f"{table}.csv"} <= names

    posts = {row["text"]: row for row in _json(archive, "posts")}
    assert set(posts) == {"first words", "a reply", "a quote", "with a picture"}
    assert posts["first words"]["visibility"] == "unlisted"
    assert posts["first words"]["id"] == str(root.pk)
    assert posts["a reply"]["in_reply_to_id"] == str(bobs.pk)
    assert posts["a quote"]["quote_of_id"] == str(bobs.pk)
    assert posts["a quote"]["id"] == str(quote.pk) and posts["a reply"]["id"] == str(reply.pk)
    assert posts["first words"]["created_at"]
    csv_posts = {row["text"]: row for row in _csv(archive, "posts")}
    assert csv_posts["a reply"]["in_reply_to_id"] == str(bobs.pk)

    [item] = _json(archive, "media")
    assert item["description"] == "two boats at dawn"
    assert item["post_id"] == str(pictured.pk)
    with default_storage.open(media.file_path, "rb") as stored:
        assert archive.read(str(item["file"])) == stored.read()
    assert _csv(archive, "media")[0]["description"] == "two boats at dawn"

    def usernames(name: str) -> list[object]:
        return [row["username"] for row in _json(archive, name)]

    assert usernames("following") == ["bob"]
    assert usernames("followers") == ["carol"]
    assert usernames("blocks") == ["dave"]
    assert usernames("mutes") == ["carol"]
    assert [r["username"] for r in _csv(archive, "blocks")] == ["dave"]
    assert [r["post_id"] for r in _json(archive, "likes")] == [str(bobs.pk)]
    assert [r["post_id"] for r in _csv(archive, "bookmarks")] == [str(bobs.pk)]
    [exported_list] = _json(archive, "lists")
    assert exported_list["title"] == "Sailors" and exported_list["members"] == ["bob"]
    assert json.loads(archive.read("account.json"))["username"] == "alice"


def test_export_is_only_ever_your_own(make_user, client_for):
    """The archive names only the signed-in person's rows; signed out there is nothing to get;
    a GET does nothing (the download is a rate-limited POST)."""
    alice, bob = make_user(username="alice"), make_user(username="bob")
    post_create(author=bob, draft=PostDraft(text="bob's secret"))
    archive = _download(client_for(alice))
    assert _json(archive, "posts") == []
    assert b"bob's secret" not in b"".join(archive.read(n) for n in archive.namelist())
    anonymous = Client().post("/settings/data/export")
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    assert client_for(alice).get("/settings/data/export").status_code == 405


def test_export_is_rate_limited(make_user, client_for):
    """Archives are costly to build: after ten in an hour the next is a 429 with Retry-After."""
    client = client_for(make_user())
    for _ in range(10):
        assert client.post("/settings/data/export").status_code == 200
    refused = client.post("/settings/data/export")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
