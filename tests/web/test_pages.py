"""Search, pagination, query counts, the PWA, languages, and reading without JavaScript."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from balai.posts import services
from balai.posts.models import Post


def publish(author, text: str, **kwargs) -> Post:  # type: ignore[no-untyped-def]
    return services.post_create(author=author, draft=services.PostDraft(text=text), **kwargs)


def test_search_finds_people_hashtags_and_visible_posts(make_user):
    alice = make_user(username="alice", display_name="Alice Wonder")
    bob = make_user(username="bob")
    publish(alice, "Rendang paling enak #kuliner")
    publish(alice, "rendang rahasia", visibility="private")
    page = Client().get("/search?q=rendang").content.decode()
    assert "Rendang paling enak" in page and "rahasia" not in page
    assert "@alice" in Client().get("/search?q=ali").content.decode()
    assert "#kuliner" in Client().get("/search?q=%23kul").content.decode()
    bob_client = Client()
    bob_client.force_login(bob)
    assert "rahasia" not in bob_client.get("/search?q=rendang").content.decode()
    for odd in ("%00", "'", '"', "*", "a" * 5000, "NEAR(", "&max_id=abc"):
        assert Client().get(f"/search?q={odd}").status_code in (200, 422), odd


def test_cursor_pagination_by_id_with_a_load_more_link(make_user, settings):
    settings.BALAI_TIMELINE_PAGE_SIZE = 5
    alice = make_user(username="alice")
    posts = [publish(alice, f"number {i}") for i in range(12)]
    first = Client().get("/local").content.decode()
    assert "number 11" in first and "number 7" in first and "number 6" not in first
    link = re.search(r'href="\?max_id=(\d+)"', first).group(1)
    assert int(link) == posts[7].pk
    second = Client().get(f"/local?max_id={link}", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in second and "number 6" in second and "number 2" in second
    assert Client().get("/local?max_id=oops").status_code == 422
    assert Client().get("/local?max_id=99999999999999999999999").status_code == 422


def _busy_network(make_user) -> tuple:  # type: ignore[no-untyped-def]
    from balai.accounts.services import follow_create
    from balai.media.services import media_upload, post_create_with_media, profile_image_set
    from balai.posts.services import like_create, reblog_create
    from tests.web.conftest import image_file

    viewer = make_user(username="viewer")
    authors = [make_user(username=f"author{i}") for i in range(4)]
    for author in authors:
        follow_create(follower=viewer, target=author)
    for author in authors[:2]:
        upload = image_file()
        profile_image_set(user=author, kind="avatar", file=upload, size=upload.size)
    for i in range(30):
        author = authors[i % 4]
        post = publish(author, f"post {i} #tag mentioning @viewer")
        if i % 4 == 1:  # some posts carry images, one of them two
            uploads = [image_file() for _ in range(1 + (i == 1))]
            media = [
                media_upload(owner=author, file=f, size=f.size, description="alt", synchronous=True)
                for f in uploads
            ]
            post = post_create_with_media(
                author=author,
                draft=services.PostDraft(text=f"picture {i} #tag"),
                media_ids=[m.pk for m in media],
            )
        if i % 3 == 0:
            publish(authors[(i + 1) % 4], f"reply {i}", in_reply_to_id=post.pk)
        if i % 4 == 0:
            publish(authors[(i + 2) % 4], f"quote {i}", quote_of_id=post.pk)
        if i % 5 == 0:
            reblog_create(user=authors[(i + 3) % 4], post_id=post.pk)
            like_create(user=viewer, post_id=post.pk)
    # The newest rows hold every kind a page shows (reposts of a quote of a picture post), so a
    # page of 5 needs each query a page of 20 does: counts then differ only if one runs per row.
    upload = image_file()
    media = media_upload(owner=authors[1], file=upload, size=upload.size, description="alt")
    pictured = post_create_with_media(
        author=authors[1], draft=services.PostDraft(text="picture last #tag"), media_ids=[media.pk]
    )
    quoting = publish(authors[2], "quote last #tag", quote_of_id=pictured.pk)
    for author in authors[:2]:
        reblog_create(user=author, post_id=quoting.pk)
    return viewer, authors


@pytest.mark.parametrize("url", ["/home", "/local", "/tags/tag", "/@author1", "/notifications"])
def test_timeline_query_count_does_not_grow_with_page_size(make_user, settings, url, monkeypatch):
    """A page of 20 costs exactly as many queries as a page of 5 — with attachments and avatars
    loaded for the whole page at once. (View counts are buffered and written every few seconds;
    the flush is held off here so that it cannot land inside one of the measured requests.)"""
    from balai.moderation import views_counter

    monkeypatch.setattr(views_counter, "FLUSH_SECONDS", float("inf"))
    viewer, _authors = _busy_network(make_user)
    client = Client()
    client.force_login(viewer)
    counts = []
    for size in (5, 20):
        settings.BALAI_TIMELINE_PAGE_SIZE = size
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
        if url != "/notifications":
            assert 'alt="alt"' in response.content.decode()
    assert counts[0] == counts[1], counts
    # session, user, relations, page ids, rows (three flat queries: posts, what they repost or
    # quote, what those quote), state, media, avatars… and a profile's fixed queries
    assert counts[1] <= 27


def test_pwa_manifest_service_worker_and_icons():
    page = Client().get("/local").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    response = Client().get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] and manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert Client().get(icon["src"]).status_code == 200, icon["src"]
    worker = Client().get("/sw.js")
    assert worker.status_code == 200 and "javascript" in worker["Content-Type"]
    assert b"addEventListener" in worker.content
    assert Client().get("/offline").status_code == 200


def test_indonesian_is_served_from_accept_language_and_from_the_profile(make_user):
    page = Client(HTTP_ACCEPT_LANGUAGE="id-ID,id;q=0.9").get("/local").content.decode()
    assert '<html lang="id">' in page and "Linimasa lokal" in page
    page = Client(HTTP_ACCEPT_LANGUAGE="en-US").get("/local").content.decode()
    assert '<html lang="en">' in page and "Local timeline" in page
    alice = make_user(username="alice", language="id")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alice)
    assert '<html lang="id">' in client.get("/home").content.decode()


def test_language_switch_sets_a_cookie_or_the_profile(make_user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/settings/language", {"language": "id", "next": "/local"})
    assert response.status_code == 302 and response["Location"] == "/local"
    assert '<html lang="id">' in client.get("/local").content.decode()
    assert client.post("/settings/language", {"language": "xx"}).status_code == 422
    alice = make_user(username="alice")
    signed_in = Client()
    signed_in.force_login(alice)
    signed_in.post("/settings/language", {"language": "id"})
    alice.refresh_from_db()
    assert alice.language == "id"


def test_errors_are_shown_in_the_users_language(make_user):
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    response = client.post("/signup", {"username": "x", "email": "bad", "password": "p"})
    assert response.status_code == 422
    assert "alamat email" in response.content.decode().lower()
    missing = Client(HTTP_ACCEPT_LANGUAGE="id").get("/@nobody")
    assert missing.status_code == 404 and "Tidak ditemukan" in missing.content.decode()


def test_reading_works_without_javascript(make_user):
    """Timelines, threads and profiles are complete HTML; every action is a plain form."""
    alice = make_user(username="alice")
    post = publish(alice, "plain html works #nojs")
    for url in ("/local", f"/@alice/{post.pk}", "/@alice", "/tags/nojs", "/search?q=plain"):
        page = Client().get(url).content.decode()
        assert "plain html works" in page, url
    client = Client()
    client.force_login(make_user(username="bob"))
    page = client.get("/local").content.decode()
    assert f'<form method="post" action="/posts/{post.pk}/like"' in page


def test_absurd_ids_and_odd_input_never_cause_a_server_error(make_user):
    client = Client(raise_request_exception=True)
    client.force_login(make_user(username="alice"))
    for url in (
        "/@alice/99999999999999999999",
        "/@alice/9223372036854775808",
        "/@alice/9223372036854775807",
        "/@alice/1/history",
        "/tags/%00",
        "/tags/a%00b",
        "/search?q=%00",
        "/search?q=al%00ice",
        "/@%00",
        "/compose?in_reply_to=abc",
        "/notifications?max_id=-1",
    ):
        assert client.get(url).status_code in (200, 404, 422), url
    for url in ("/posts/9223372036854775807/like", "/posts/1/delete", "/accounts/%00/follow"):
        assert client.post(url).status_code == 404, url
    htmx = client.post("/posts/1/like", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 404 and htmx["HX-Retarget"] == "#flash"
