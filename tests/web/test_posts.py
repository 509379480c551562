"""Posting and reading in the browser: compose, threads, reposts, quotes, likes, edits, deletes."""

from __future__ import annotations

from django.test import Client

from balai.posts.models import Post

HTMX = {"HTTP_HX_REQUEST": "true"}


def only_post(user) -> Post:  # type: ignore[no-untyped-def]
    return Post.objects.get(author=user, reblog_of__isnull=True, in_reply_to__isnull=True)


def test_compose_publishes_and_links_mentions_and_hashtags(make_user, client_for, post_as):
    alice, _bob = make_user(username="alice"), make_user(username="bob")
    client = client_for(alice)
    response = post_as(
        client,
        "Halo @bob, selamat pagi! Hari ini saya makan nasi goreng bersama teman di pasar. #Balai",
        next="/home",
    )
    assert response.status_code == 302 and response["Location"] == "/home"
    home = client.get("/home").content.decode()
    assert 'href="/@bob"' in home and 'href="/tags/balai"' in home
    post = only_post(alice)
    assert post.language == "id"
    assert "nasi goreng" in Client().get("/tags/balai").content.decode()


def test_compose_with_htmx_returns_a_fresh_form_and_the_new_post(make_user, client_for):
    client = client_for(make_user(username="alice"))
    response = client.post("/compose", {"text": "hello htmx", "visibility": "public"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="compose"' in body and 'hx-swap-oob="afterbegin:#timeline"' in body
    assert "hello htmx" in body
    parent = Post.objects.get(text="hello htmx")
    reply = client.post(
        "/compose",
        {"text": "answer", "visibility": "public", "in_reply_to": str(parent.pk)},
        **HTMX,
    ).content.decode()
    assert f'name="in_reply_to" value="{parent.pk}"' in reply


def test_bad_posts_are_refused_precisely_and_nothing_is_written(make_user, client_for, post_as):
    alice = make_user(username="alice")
    client = client_for(alice)
    too_long = post_as(client, "x" * 1001)
    assert too_long.status_code == 422 and b"at most 1000 characters" in too_long.content
    assert post_as(client, "   ").status_code == 422
    assert post_as(client, "hi", visibility="everyone").status_code == 422
    assert post_as(client, "hi", in_reply_to="notanid").status_code == 422
    assert post_as(client, "hi", in_reply_to="123").status_code == 404
    htmx = client.post("/compose", {"text": "y" * 1001, "visibility": "public"}, **HTMX)
    assert htmx.status_code == 422 and b'id="compose"' in htmx.content
    assert not Post.objects.exists()


def test_reply_to_a_post_you_cannot_see_is_not_found(make_user, client_for, post_as):
    alice, bob = make_user(username="alice"), make_user(username="bob")
    post_as(client_for(alice), "followers only", visibility="private")
    secret = only_post(alice)
    response = post_as(client_for(bob), "sneaky", in_reply_to=str(secret.pk))
    assert response.status_code == 404
    assert not bob.posts.exists()


def test_thread_shows_ancestors_focus_and_replies(make_user, client_for, post_as):
    alice, bob = make_user(username="alice"), make_user(username="bob")
    a, b = client_for(alice), client_for(bob)
    post_as(a, "root post")
    root = only_post(alice)
    post_as(b, "a reply", in_reply_to=str(root.pk))
    reply = Post.objects.get(author=bob)
    page = Client().get(f"/@alice/{root.pk}").content.decode()
    assert "root post" in page and "a reply" in page
    page = Client().get(f"/@bob/{reply.pk}").content.decode()
    assert page.index("root post") < page.index("a reply")
    assert "Replying to @alice" in page
    assert Client().get(f"/@bob/{root.pk}").status_code == 404  # wrong author in the URL
    assert Client().get("/@alice/999").status_code == 404


def test_like_repost_bookmark_and_undo(make_user, client_for, post_as):
    alice, bob = make_user(username="alice"), make_user(username="bob")
    post_as(client_for(alice), "like me")
    post = only_post(alice)
    b = client_for(bob)
    for action in ("like", "repost", "bookmark"):
        assert b.post(f"/posts/{post.pk}/{action}").status_code == 302
    post.refresh_from_db()
    assert (post.likes_count, post.reblogs_count) == (1, 1)
    assert "like me" in b.get("/bookmarks").content.decode()
    assert "bob reposted" in Client().get("/@bob").content.decode()
    bar = b.post(f"/posts/{post.pk}/unlike", **HTMX)
    assert bar.status_code == 200 and b'class="actions"' in bar.content
    b.post(f"/posts/{post.pk}/unrepost")
    b.post(f"/posts/{post.pk}/unbookmark")
    post.refresh_from_db()
    assert (post.likes_count, post.reblogs_count) == (0, 0)
    assert "like me" not in b.get("/bookmarks").content.decode()
    assert b.post(f"/posts/{post.pk}/explode").status_code == 404
    assert b.get(f"/posts/{post.pk}/like").status_code == 405


def test_quote_post_shows_the_quoted_post(make_user, client_for, post_as):
    alice, bob = make_user(username="alice"), make_user(username="bob")
    post_as(client_for(alice), "original thought")
    original = only_post(alice)
    b = client_for(bob)
    assert b.get(f"/compose?quote_of={original.pk}").status_code == 200
    post_as(b, "so true", quote_of=str(original.pk))
    quote = Post.objects.get(author=bob)
    page = Client().get(f"/@bob/{quote.pk}").content.decode()
    assert "so true" in page and "original thought" in page


def test_edit_keeps_a_visible_history(make_user, client_for, post_as):
    alice = make_user(username="alice")
    a = client_for(alice)
    post_as(a, "first version")
    post = only_post(alice)
    assert a.get(f"/posts/{post.pk}/edit").status_code == 200
    assert a.post(f"/posts/{post.pk}/edit", {"text": ""}).status_code == 422
    assert a.post(f"/posts/{post.pk}/edit", {"text": "second version"}).status_code == 302
    page = Client().get(f"/@alice/{post.pk}").content.decode()
    assert "second version" in page and "edited" in page
    history = Client().get(f"/@alice/{post.pk}/history").content.decode()
    assert history.index("second version") < history.index("first version")
    other = client_for(make_user(username="bob"))
    assert other.get(f"/posts/{post.pk}/edit").status_code == 404


def test_delete_removes_the_post_from_every_view(make_user, client_for, post_as):
    alice, bob = make_user(username="alice"), make_user(username="bob")
    a, b = client_for(alice), client_for(bob)
    b.post("/accounts/alice/follow")
    post_as(a, "ephemeral words #gone")  # searched below as "ephem"
    post = only_post(alice)
    b.post(f"/posts/{post.pk}/repost")
    assert "ephemeral" in b.get("/home").content.decode()
    assert b.post(f"/posts/{post.pk}/delete").status_code == 404  # not bob's post
    assert a.post(f"/posts/{post.pk}/delete").status_code == 302
    for client in (a, b, Client()):
        for url in ("/local", "/tags/gone", "/@alice", "/@bob", "/search?q=ephem"):
            assert "ephemeral" not in client.get(url).content.decode(), url
    assert "ephemeral" not in b.get("/home").content.decode()
    assert Client().get(f"/@alice/{post.pk}").status_code == 404


def test_content_warning_hides_text_behind_a_summary(make_user, client_for, post_as):
    alice = make_user(username="alice")
    post_as(client_for(alice), "the spoiler itself", spoiler_text="film ending")
    page = Client().get("/local").content.decode()
    assert "<details" in page and "film ending" in page


def test_post_html_is_sanitised(make_user, client_for, post_as):
    alice = make_user(username="alice")
    post_as(client_for(alice), '<script>alert(1)</script><img src=x onerror="x()">')
    page = Client().get("/local").content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_unlisted_and_direct_posts_reach_only_their_audience(make_user, client_for, post_as):
    alice, bob, carol = (make_user(username=n) for n in ("alice", "bob", "carol"))
    a = client_for(alice)
    post_as(a, "quiet unlisted words", visibility="unlisted")
    post_as(a, "psst @bob secret plans", visibility="direct")
    unlisted = Post.objects.get(visibility="unlisted")
    direct = Post.objects.get(visibility="direct")
    assert "quiet unlisted words" not in Client().get("/local").content.decode()
    assert "quiet unlisted words" in Client().get("/@alice").content.decode()
    assert Client().get(f"/@alice/{unlisted.pk}").status_code == 200
    b, c = client_for(bob), client_for(carol)
    assert "secret plans" in b.get(f"/@alice/{direct.pk}").content.decode()
    assert "mentioned you" in b.get("/notifications").content.decode()
    assert c.get(f"/@alice/{direct.pk}").status_code == 404
    assert Client().get(f"/@alice/{direct.pk}").status_code == 404
    assert "secret plans" not in Client().get("/@alice").content.decode()


def test_after_posting_the_redirect_never_leaves_the_site(make_user, client_for, post_as):
    client = client_for(make_user(username="alice"))
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example/"):
        response = post_as(client, f"going to {target}", next=target)
        assert response.status_code == 302
        assert response["Location"].startswith("/@alice/"), response["Location"]
