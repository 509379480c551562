"""Compatibility suite: the real Mastodon.py client against a live Balai on 127.0.0.1.

The client is constructed the default way, registers an app, and logs in with a full
authorization-code flow that follows the consent form as a browser would. Then it drives every
client call Balai implements, including pagination with fetch_next.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests
from mastodon import Mastodon
from mastodon.errors import MastodonAPIError, MastodonNotFoundError

from balai.accounts.models import User

pytestmark = pytest.mark.live
PASSWORD = "correct horse battery staple"
SCOPES = ["read", "write", "follow", "push"]


def browser_login(auth_url: str, username: str) -> str:
    """GET the consent page, fill in the login fields, approve, and read the shown code."""
    session = requests.Session()
    page = session.get(auth_url, timeout=30)
    assert page.status_code == 200, page.text
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    form |= {"username": username, "password": PASSWORD, "decision": "approve"}
    answer = session.post(page.url, data=form, headers={"Referer": page.url}, timeout=30)
    assert answer.status_code == 200, answer.text
    code = re.search(r'id="authorization-code">([^<]+)<', answer.text)
    assert code is not None, answer.text
    return code.group(1)


def client_for(base: str, username: str) -> Mastodon:
    client_id, client_secret = Mastodon.create_app("compat suite", api_base_url=base)
    anonymous = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=base)
    url = anonymous.auth_request_url(allow_http=True)
    code = browser_login(url, username)
    anonymous.log_in(code=code, allow_http=True)
    return Mastodon(access_token=anonymous.access_token, api_base_url=base,
                    version_check_mode="created")  # fmt: skip


@pytest.fixture
def clients(live_server: Any, make_user: Any, settings: Any) -> tuple[Mastodon, Mastodon]:
    settings.BALAI_DOMAIN = live_server.url.split("://", 1)[1]  # absolute URLs point here
    make_user(username="alice", display_name="Alice")
    make_user(username="bob", display_name="Bob")
    return client_for(live_server.url, "alice"), client_for(live_server.url, "bob")


def test_instance_and_credentials(clients: tuple[Mastodon, Mastodon]) -> None:
    """Discovery calls parse; the logged-in account is the one that approved the consent."""
    alice, _bob = clients
    assert alice.retrieve_mastodon_version() is not None
    assert "Balai" in alice.instance_v1()["version"]
    assert alice.instance_v2()["api_versions"]["mastodon"] >= 1
    assert alice.instance_rules() == []
    assert alice.custom_emojis() == []
    me = alice.account_verify_credentials()
    assert me["username"] == "alice" and "source" in me
    assert alice.preferences()["posting:default:visibility"] == "public"
    alice.account_update_credentials(display_name="Alice A", note="hello")
    assert alice.account(me["id"])["display_name"] == "Alice A"
    assert alice.app_verify_credentials()["name"] == "compat suite"


def test_posting_reading_and_interactions(clients: tuple[Mastodon, Mastodon]) -> None:
    """Post, edit, fetch context/source/history, and every interaction on a status."""
    alice, bob = clients
    post = alice.status_post("Hello #balai world", idempotency_key="k1")
    again = alice.status_post("Hello #balai world", idempotency_key="k1")
    assert again["id"] == post["id"]
    reply = bob.status_post("@alice hi!", in_reply_to_id=post["id"])
    assert alice.status_context(post["id"])["descendants"][0]["id"] == reply["id"]
    edited = alice.status_update(post["id"], status="Hello #balai world, edited")
    assert "edited" in edited["content"]
    assert alice.status_source(post["id"])["text"].endswith("edited")
    assert len(alice.status_history(post["id"])) == 2
    assert bob.status_favourite(post["id"])["favourited"] is True
    assert bob.status_reblog(post["id"])["reblog"]["id"] == post["id"]
    assert bob.status_bookmark(post["id"])["bookmarked"] is True
    assert [a["username"] for a in alice.status_favourited_by(post["id"])] == ["bob"]
    assert [a["username"] for a in alice.status_reblogged_by(post["id"])] == ["bob"]
    assert bob.bookmarks()[0]["id"] == post["id"]
    assert bob.favourites()[0]["id"] == post["id"]
    assert alice.status_pin(post["id"])["pinned"] is True
    me = alice.me()
    assert alice.account_statuses(me["id"], pinned=True)[0]["id"] == post["id"]
    alice.status_unpin(post["id"])
    bob.status_unfavourite(post["id"])
    bob.status_unreblog(post["id"])
    bob.status_unbookmark(post["id"])
    assert bob.bookmarks() == []
    assert alice.timeline_hashtag("balai")[0]["id"] == post["id"]
    assert alice.timeline_local()[0]["id"] in (post["id"], reply["id"])
    deleted = bob.status_delete(reply["id"])
    assert deleted["text"] == "@alice hi!"
    with pytest.raises(MastodonNotFoundError):
        alice.status(reply["id"])


def test_graph_notifications_and_search(clients: tuple[Mastodon, Mastodon]) -> None:
    """Follow, relationships, notifications with types, search, mutes and blocks."""
    alice, bob = clients
    alice_id, bob_id = alice.me()["id"], bob.me()["id"]
    assert bob.account_follow(alice_id)["following"] is True
    assert alice.account_relationships([bob_id])[0]["followed_by"] is True
    assert [a["username"] for a in alice.account_followers(alice_id)] == ["bob"]
    assert alice.account_lookup("bob")["id"] == bob_id
    assert alice.account_search("bo")[0]["id"] == bob_id
    post = alice.status_post("a post for my #followers")
    assert bob.timeline_home()[0]["id"] == post["id"]
    bob.status_favourite(post["id"])
    notes = alice.notifications(types=["favourite"])
    assert [n["type"] for n in notes] == ["favourite"]
    assert alice.notifications(exclude_types=["favourite"])[0]["type"] == "follow"
    single = alice.notifications(id=notes[0]["id"])
    assert single["id"] == notes[0]["id"]
    alice.notifications_dismiss(notes[0]["id"])
    assert alice.notifications(types=["favourite"]) == []
    alice.notifications_clear()
    assert alice.notifications() == []
    found = alice.search_v2("followers")
    assert found["statuses"][0]["id"] == post["id"] and found["hashtags"][0]["name"] == "followers"
    alice.account_mute(bob_id)
    assert [a["id"] for a in alice.mutes()] == [bob_id]
    alice.account_unmute(bob_id)
    alice.account_block(bob_id)
    assert [a["id"] for a in alice.blocks()] == [bob_id]
    alice.account_unblock(bob_id)


def test_follow_requests(clients: tuple[Mastodon, Mastodon]) -> None:
    """A locked account sees follow requests and can authorize or reject them."""
    alice, bob = clients
    alice.account_update_credentials(locked=True)
    assert bob.account_follow(alice.me()["id"])["requested"] is True
    requests_ = alice.follow_requests()
    assert [a["username"] for a in requests_] == ["bob"]
    alice.follow_request_authorize(requests_[0]["id"])
    assert alice.account_relationships([bob.me()["id"]])[0]["followed_by"] is True


def test_pagination_with_fetch_next(clients: tuple[Mastodon, Mastodon]) -> None:
    """Link headers drive fetch_next/fetch_previous through a long timeline."""
    alice, _bob = clients
    ids = [alice.status_post(f"post number {i}")["id"] for i in range(7)]
    page = alice.timeline_home(limit=3)
    seen = [s["id"] for s in page]
    while True:
        page = alice.fetch_next(page)
        if not page:
            break
        seen += [s["id"] for s in page]
    assert seen == ids[::-1]
    assert (
        alice.fetch_remaining(alice.account_statuses(alice.me()["id"], limit=2))[-1]["id"] == ids[0]
    )


def test_lists_filters_markers_polls(clients: tuple[Mastodon, Mastodon]) -> None:
    """Lists with a timeline, v2 filters that mark posts, markers, and voting in a poll."""
    alice, bob = clients
    bob_id = bob.me()["id"]
    alice.account_follow(bob_id)
    friends = alice.list_create("friends")
    alice.list_accounts_add(friends["id"], [bob_id])
    assert [a["id"] for a in alice.list_accounts(friends["id"])] == [bob_id]
    poll = bob.make_poll(["yes", "no"], expires_in=600)
    status = bob.status_post("do you like lists?", poll=poll)
    assert alice.timeline_list(friends["id"])[0]["id"] == status["id"]
    voted = alice.poll_vote(status["poll"]["id"], [0])
    assert voted["votes_count"] == 1 and voted["own_votes"] == [0]
    assert alice.lists()[0]["title"] == "friends"
    alice.list_delete(friends["id"])
    item = alice.create_filter_v2(
        "lists", ["home"], "warn", keywords_attributes=[{"keyword": "lists"}]
    )
    assert alice.filters_v2()[0]["id"] == item["id"]
    home = alice.timeline_home()
    assert home[0]["filtered"][0]["keyword_matches"] == ["lists"]
    alice.delete_filter_v2(item["id"])
    v1 = alice.filter_create("spoiler", ["home"])
    assert alice.filters()[0]["phrase"] == "spoiler"
    alice.filter_delete(v1["id"])
    alice.markers_set(["home"], [status["id"]])
    assert alice.markers_get(["home"])["home"]["last_read_id"] == status["id"]


def test_discovery_conversations(clients: tuple[Mastodon, Mastodon]) -> None:
    """Tags, followed tags, trends, suggestions, announcements and direct conversations."""
    alice, bob = clients
    bob.status_post("trending #topic")
    assert alice.tag_follow("topic")["following"] is True
    assert [t["name"] for t in alice.followed_tags()] == ["topic"]
    assert alice.trending_tags()[0]["name"] == "topic"
    assert alice.announcements() == []
    suggested = [s.get("account", s)["id"] for s in alice.suggestions()]
    assert bob.me()["id"] in suggested
    direct = alice.status_post("@bob secret", visibility="direct")
    conversations = bob.conversations()
    assert conversations[0]["last_status"]["id"] == direct["id"]
    assert conversations[0]["unread"] is True
    bob.conversations_read(conversations[0]["id"])
    assert bob.conversations()[0]["unread"] is False


def test_errors_through_the_client(clients: tuple[Mastodon, Mastodon]) -> None:
    """Unknown ids give 404; a validation error gives 422 with a message."""
    alice, _bob = clients
    with pytest.raises(MastodonNotFoundError):
        alice.account("123")
    with pytest.raises(MastodonAPIError) as error:
        alice.status_post("")
    assert "422" in str(error.value) or "empty" in str(error.value)
    assert User.objects.filter(username="alice").exists()


def test_media_upload_post_and_describe(clients: tuple[Mastodon, Mastodon]) -> None:
    """media_post uploads an in-memory PNG; status_post(media_ids=...) attaches it; the post
    shows it in the timeline and in status(); media_update changes its description."""
    from tests.api.conftest import png_bytes

    alice, _bob = clients
    media = alice.media_post(png_bytes(), mime_type="image/png", description="red")
    status = alice.status_post("a picture", media_ids=[media])
    assert [m["id"] for m in status["media_attachments"]] == [media["id"]]
    assert alice.timeline_home()[0]["media_attachments"][0]["id"] == media["id"]
    assert alice.timeline_public(only_media=True)[0]["id"] == status["id"]
    updated = alice.media_update(media["id"], description="a red square")
    assert updated["description"] == "a red square"
    shown = alice.status(status["id"])["media_attachments"][0]
    assert shown["description"] == "a red square" and shown["type"] == "image"
    assert requests.get(shown["url"], timeout=30).status_code == 200
