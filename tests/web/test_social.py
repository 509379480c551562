"""Profiles, the social graph and notifications in the browser."""

from __future__ import annotations

from django.test import Client

from balai.accounts.models import Follow, FollowRequest
from balai.posts.models import Post

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_public_profile_shows_name_bio_fields_and_posts(make_user, client_for, post_as):
    alice = make_user(username="alice")
    a = client_for(alice)
    response = a.post(
        "/settings/profile",
        {
            "display_name": "Alice A.",
            "bio": "Suka kopi.",
            "default_visibility": "unlisted",
            "language": "",
            "field_name_0": "Kota",
            "field_value_0": "Bandung",
        },
    )
    assert response.status_code == 302
    post_as(a, "hello from alice")
    page = Client().get("/@alice").content.decode()
    for text in ("Alice A.", "Suka kopi.", "Kota", "Bandung", "hello from alice"):
        assert text in page
    assert Client().get("/@ALICE").status_code == 200
    assert Client().get("/@nobody").status_code == 404


def test_default_visibility_preselects_the_compose_box(make_user, client_for):
    alice = make_user(username="alice", default_visibility="private")
    page = client_for(alice).get("/home").content.decode()
    assert '<option value="private" selected>' in page


def test_profile_settings_reject_bad_values(make_user, client_for):
    a = client_for(make_user(username="alice"))
    base = {"default_visibility": "public", "language": ""}
    assert a.post("/settings/profile", {**base, "display_name": "x" * 61}).status_code == 422
    assert a.post("/settings/profile", {**base, "default_visibility": "nope"}).status_code == 422
    assert a.post("/settings/profile", {**base, "language": "xx"}).status_code == 422


def test_follow_then_posts_reach_the_home_timeline(make_user, client_for, post_as):
    alice, bob = make_user(username="alice"), make_user(username="bob")
    a, b = client_for(alice), client_for(bob)
    assert b.post("/accounts/alice/follow").status_code == 302
    post_as(a, "for my followers", visibility="private")
    assert "for my followers" in b.get("/home").content.decode()
    assert "for my followers" not in Client().get("/@alice").content.decode()
    notes = a.get("/notifications").content.decode()
    assert "bob" in notes and "followed you" in notes
    assert b.post("/accounts/alice/unfollow").status_code == 302
    assert "for my followers" not in b.get("/home").content.decode()


def test_following_yourself_is_refused(make_user, client_for):
    alice = make_user(username="alice")
    response = client_for(alice).post("/accounts/alice/follow")
    assert response.status_code == 422 and b"cannot follow yourself" in response.content
    assert not Follow.objects.exists()


def test_locked_account_approves_follow_requests(make_user, client_for):
    alice, bob = make_user(username="alice", locked=True), make_user(username="bob")
    a, b = client_for(alice), client_for(bob)
    button = b.post("/accounts/alice/follow", **HTMX)
    assert b"Cancel follow request" in button.content
    assert FollowRequest.objects.filter(requester=bob, target=alice).exists()
    assert "asked to follow you" in a.get("/notifications").content.decode()
    assert "@bob" in a.get("/settings/follow-requests").content.decode()
    assert a.post("/settings/follow-requests", {"username": "bob", "decision": "accept"})
    assert Follow.objects.filter(follower=bob, followee=alice).exists()
    assert (
        a.post("/settings/follow-requests", {"username": "bob", "decision": "accept"}).status_code
        == 404
    )


def test_block_hides_both_ways(make_user, client_for, post_as):
    alice, bob = make_user(username="alice"), make_user(username="bob")
    a, b = client_for(alice), client_for(bob)
    post_as(a, "alice speaks")
    post_as(b, "bob speaks")
    assert a.post("/accounts/bob/block").status_code == 302
    assert "bob speaks" not in a.get("/local").content.decode()
    assert "alice speaks" not in b.get("/local").content.decode()
    assert "alice speaks" not in b.get("/@alice").content.decode()
    assert b.post("/accounts/alice/follow").status_code == 404
    post = Post.objects.get(author=alice)
    assert b.get(f"/@alice/{post.pk}").status_code == 404
    assert a.post("/accounts/bob/unblock").status_code == 302
    assert "bob speaks" in a.get("/local").content.decode()


def test_mute_hides_their_posts_from_my_timelines_only(make_user, client_for, post_as):
    alice, bob = make_user(username="alice"), make_user(username="bob")
    a = client_for(alice)
    post_as(client_for(bob), "bob talks a lot")
    a.post("/accounts/bob/follow")
    a.post("/accounts/bob/mute")
    assert "bob talks a lot" not in a.get("/home").content.decode()
    assert "bob talks a lot" not in a.get("/local").content.decode()
    assert "bob talks a lot" in Client().get("/local").content.decode()
    a.post("/accounts/bob/unmute")
    assert "bob talks a lot" in a.get("/home").content.decode()


def test_notifications_for_mention_reply_like_repost_quote(make_user, client_for, post_as):
    alice, bob = make_user(username="alice"), make_user(username="bob")
    a, b = client_for(alice), client_for(bob)
    post_as(a, "original by alice")
    post = Post.objects.get(author=alice)
    post_as(b, "hey @alice look")
    post_as(b, "a reply", in_reply_to=str(post.pk))
    post_as(b, "a quote", quote_of=str(post.pk))
    b.post(f"/posts/{post.pk}/like")
    b.post(f"/posts/{post.pk}/repost")
    assert "badge" in a.get("/home").content.decode()
    page = a.get("/notifications").content.decode()
    for phrase in ("mentioned you", "replied to you", "liked your post", "reposted", "quoted"):
        assert phrase in page, phrase
    assert "badge" not in a.get("/home").content.decode()  # seen now


def test_anonymous_visitors_are_sent_to_log_in_for_private_pages():
    for url in ("/home", "/notifications", "/settings/profile", "/bookmarks", "/compose"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login"), url
    assert Client().post("/accounts/alice/follow").status_code == 302


def test_followers_and_following_lists(make_user, client_for):
    alice, _bob = make_user(username="alice"), make_user(username="bob")
    client_for(alice).post("/accounts/bob/follow")
    assert "alice" in Client().get("/@bob/followers").content.decode()
    assert "bob" in Client().get("/@alice/following").content.decode()


def test_profile_post_count_counts_only_what_the_viewer_may_see(make_user, client_for, post_as):
    alice, _bob = make_user(username="alice"), make_user(username="bob")
    a = client_for(alice)
    post_as(a, "for everyone")
    post_as(a, "for followers", visibility="private")
    post_as(a, "psst @bob", visibility="direct")
    assert "1 post<" in Client().get("/@alice").content.decode()
    assert "2 posts<" in a.get("/@alice").content.decode()
