"""Rendered posts are cached and shared (balai.web.fragments): never stale, never another's.

Every test first renders the page so that the post's fragment is in the cache, then changes
something and renders again: what a person sees must follow the change at once, and nothing one
viewer sees (their likes, their own-post actions, their CSRF token, a quote only they may read,
their language) may reach another viewer's page.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from balai.accounts.services import follow_create, profile_update
from balai.media.services import profile_image_set
from balai.posts import services
from balai.posts.models import Post, PostState
from balai.web import fragments
from balai.web.cards import action_labels
from balai.web.utils import post_page
from tests.web.conftest import image_file

HTMX = {"HTTP_HX_REQUEST": "true"}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
AVATAR = re.compile(r'class="avatar" src="([^"]+)"')


def publish(author, text: str, **kwargs) -> Post:  # type: ignore[no-untyped-def]
    return services.post_create(author=author, draft=services.PostDraft(text=text), **kwargs)


def article(page: str, post: Post) -> str:
    """The <article> of `post` (or of a repost of it) on `page`."""
    match = re.search(rf'<article[^>]*id="post-{post.pk}".*?</article>', page, re.S)
    assert match, f"post {post.pk} is not on the page"
    return match.group(0)


def compose_box(page: str) -> str:
    match = re.search(r'<form id="compose".*?</form>', page, re.S)
    assert match, "no compose box on the page"
    return match.group(0)


def test_an_edit_shows_at_once_to_everyone(make_user, client_for):
    """After an edit, every viewer (and every language) gets the new text and the "edited" link."""
    alice = make_user(username="alice")
    post = publish(alice, "first words")
    viewers = [client_for(alice), client_for(make_user(username="bob"), "id"), Client()]
    for client in viewers:
        assert "first words" in article(client.get("/local").content.decode(), post)
    services.post_edit(author=alice, post_id=post.pk, draft=services.PostDraft(text="new words"))
    for client in viewers:
        shown = article(client.get("/local").content.decode(), post)
        assert "new words" in shown and "first words" not in shown
        assert f"/@alice/{post.pk}/history" in shown


def test_a_like_is_seen_only_by_the_liker_and_the_count_by_everyone(make_user, client_for):
    """Bob likes: bob's bar says Unlike and is pressed; alice's and a visitor's say Like, 1."""
    alice, bob = make_user(username="alice"), make_user(username="bob")
    post = publish(alice, "like me")
    a, b = client_for(alice), client_for(bob)
    for client in (a, b, Client()):
        client.get("/local")
    assert b.post(f"/posts/{post.pk}/like", **HTMX).status_code == 200
    bobs = article(b.get("/local").content.decode(), post)
    assert f'action="/posts/{post.pk}/unlike"' in bobs and 'aria-pressed="true"' in bobs
    assert "Unlike</span>1<" in bobs
    alices = article(a.get("/local").content.decode(), post)
    assert f'action="/posts/{post.pk}/like"' in alices and 'aria-pressed="true"' not in alices
    assert ">Like</span>1<" in alices
    assert "<form" not in article(Client().get("/local").content.decode(), post)
    b.post(f"/posts/{post.pk}/unlike")
    bobs = article(b.get("/local").content.decode(), post)
    assert 'aria-pressed="true"' not in bobs and ">Like</span>0<" in bobs


def test_own_post_actions_only_on_the_authors_page(make_user, client_for):
    """Edit and Delete are the author's; everyone else gets Report instead (either order)."""
    alice, bob = make_user(username="alice"), make_user(username="bob")
    post = publish(alice, "mine")
    a, b = client_for(alice), client_for(bob)
    for _round in range(2):
        alices = article(a.get("/local").content.decode(), post)
        bobs = article(b.get("/local").content.decode(), post)
        assert f"/posts/{post.pk}/edit" in alices and f"/moderation/report/{post.pk}" not in alices
        assert f"/posts/{post.pk}/edit" not in bobs and f"/moderation/report/{post.pk}" in bobs


def test_each_page_carries_its_own_csrf_token_that_works(make_user, client_for):
    """Two viewers with the same view of a post share its fragment, but its forms hold the token
    of the request that shows them, never a placeholder or the other session's token, and that
    token passes the CSRF check."""
    alice = make_user(username="alice")
    post = publish(alice, "tokens")
    pages = []
    for name in ("bob", "carol"):
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_user(username=name))
        page = client.get("/local").content.decode()
        tokens = set(TOKEN.findall(page))
        assert len(tokens) == 1, tokens  # the same token in every form of the page
        assert set(TOKEN.findall(article(page, post))) == tokens
        pages.append((client, tokens.pop()))
    (_bob, bob_token), (carol, carol_token) = pages
    assert bob_token != carol_token
    response = carol.post(f"/posts/{post.pk}/like", {"csrfmiddlewaretoken": carol_token})
    assert response.status_code == 302
    refused = carol.post(f"/posts/{post.pk}/unlike", {"csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403


def test_the_page_language_is_the_fragment_language(make_user, client_for):
    """The same post in English and in Indonesian, each page wholly in its own language."""
    alice = make_user(username="alice")
    post = publish(alice, "dua bahasa")
    english, indonesian = client_for(make_user(username="en")), client_for(make_user(), "id")
    for _round in range(2):
        en = article(english.get("/local").content.decode(), post)
        id_ = article(indonesian.get("/local").content.decode(), post)
        assert ">Public<" in en and ">Reply<" in en and "Balas" not in en
        assert ">Publik<" in id_ and ">Balas<" in id_ and ">Reply<" not in id_
    cards = post_page(alice, [post], 20)["cards"]  # one card, rendered in either language
    with translation.override("en"):
        assert ">Reply<" in fragments.posts_html(cards, lambda: "")
    with translation.override("id"):
        assert ">Balas<" in fragments.posts_html(cards, lambda: "")


def test_a_quote_only_some_may_read_stays_with_them(make_user, client_for):
    """A quoted followers-only post shows to its followers; others get "not available",
    whichever of them renders the quoting post first."""
    alice, bob, carol = (make_user(username=n) for n in ("alice", "bob", "carol"))
    follow_create(follower=bob, target=alice)
    quoted = publish(alice, "for followers only eyes")
    quoting = publish(carol, "look at this", quote_of_id=quoted.pk)
    Post.objects.filter(pk=quoted.pk).update(visibility="private")  # narrowed after quoting
    b, outsider = client_for(bob), client_for(make_user(username="dave"))
    for first, second in ((b, outsider), (outsider, b)):
        first.get("/local")
        second.get("/local")
        assert "for followers only eyes" in article(b.get("/local").content.decode(), quoting)
        theirs = article(outsider.get("/local").content.decode(), quoting)
        assert "for followers only eyes" not in theirs and "not available" in theirs


def test_author_name_avatar_counts_and_state_follow_their_changes(make_user, client_for):
    """A new display name, a new avatar, a reply and a moderator's hold all show at once."""
    alice = make_user(username="alice")
    post = publish(alice, "watch me")
    a = client_for(alice)
    before = article(a.get("/home").content.decode(), post)
    profile_update(user=alice, display_name="Alice Baru")
    upload = image_file()
    profile_image_set(user=alice, kind="avatar", file=upload, size=upload.size)
    publish(make_user(username="bob"), "a reply", in_reply_to_id=post.pk)
    after = article(a.get("/home").content.decode(), post)
    assert "Alice Baru" in after and "Alice Baru" not in before
    assert AVATAR.findall(after) != AVATAR.findall(before)
    assert "</span>1</a>" in after and "</span>1</a>" not in before
    Post.objects.filter(pk=post.pk).update(state=PostState.HELD)  # as a moderator's hold does
    held = article(a.get(f"/@alice/{post.pk}").content.decode(), post)
    assert "Under review" in held


def test_a_time_zone_is_part_of_what_a_fragment_shows(make_user):
    """Dates are formatted into the card, so another time zone is another fragment."""
    alice = make_user(username="alice")
    post = publish(alice, "what time is it")
    shown = []
    for zone in ("UTC", "Asia/Jakarta"):
        with timezone.override(zone):
            cards = post_page(alice, [Post.objects.get(pk=post.pk)], 20)["cards"]
            shown.append(fragments.posts_html(cards, lambda: ""))
    utc, jakarta = (re.findall(r'datetime="([^"]+)"', html) for html in shown)
    assert utc[0].endswith("+00:00") and jakarta[0].endswith("+07:00")


def test_a_fragment_depends_on_nothing_but_its_card(make_user, client_for, rf):
    """Rendered with the full request context (user, request, messages...) a post is exactly
    the cached fragment with this request's CSRF token: the template reads only its card (and
    the action bar's words, which depend on the language alone)."""
    from django.template.loader import render_to_string

    alice = make_user(username="alice")
    post = publish(alice, "pure function")
    request = rf.get("/local")
    request.user = alice
    request.session = {}
    cards = post_page(alice, [post], 20)["cards"]
    values = {"c": cards[0], "t": action_labels()}
    full = render_to_string(fragments.POST_TEMPLATE, values, request=request)
    (token,) = set(TOKEN.findall(full))
    cached = fragments.posts_html(
        cards, lambda: f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
    )
    assert cached == full


def test_the_cache_is_bounded():
    """Least recently used fragments make room for new ones."""
    cache = fragments.Fragments(3)
    for key in (b"a", b"b", b"c"):
        cache.put(key, key.upper())
    assert cache.get(b"a") == b"A"
    cache.put(b"d", b"D")
    assert len(cache) == 3 and cache.get(b"b") is None and cache.get(b"a") == b"A"


def test_no_placeholder_ever_reaches_a_page(make_user, client_for):
    """Signed in or not, with or without forms, the CSRF placeholder is always replaced."""
    alice = make_user(username="alice")
    publish(alice, "no placeholders")
    placeholder = fragments._CSRF_PLACEHOLDER
    for client in (client_for(alice), Client()):
        for url in ("/local", "/@alice"):
            assert placeholder not in client.get(url).content.decode()


def test_the_compose_box_follows_each_writers_defaults_language_and_page(make_user, client_for):
    """The cached blank compose box still preselects each writer's own default visibility, in
    their language, returning to the page it is on."""
    public, private = make_user(username="pub"), make_user(username="priv")
    profile_update(user=private, default_visibility="private")
    pages = {}
    for _round in range(2):
        for user, language in ((public, "en"), (private, "en"), (public, "id")):
            for path in ("/home", "/local"):
                page = client_for(user, language).get(path).content.decode()
                box = re.search(r'<form id="compose".*?</form>', page, re.S).group(0)  # type: ignore[union-attr]
                pages[user.username, language, path] = box
    assert '<option value="public" selected>Public</option>' in pages["pub", "en", "/home"]
    assert (
        '<option value="private" selected>Followers only</option>' in pages["priv", "en", "/home"]
    )
    assert '<option value="public" selected>Publik</option>' in pages["pub", "id", "/home"]
    assert 'name="next" value="/local"' in pages["pub", "en", "/local"]
    assert 'name="next" value="/home"' in pages["pub", "en", "/home"]


def test_a_refused_post_shows_the_same_form_as_the_htmx_answer(make_user, client_for):
    """A bound compose box (the writer's text and its errors) is rendered, not cached, and the
    page and the htmx partial show exactly the same form."""
    writer = client_for(make_user(username="alice"))
    data = {"text": "x" * 5000, "spoiler_text": "my warning", "visibility": "unlisted"}
    page = writer.post("/compose", data)
    partial = writer.post("/compose", data, **HTMX)
    assert page.status_code == partial.status_code == 422
    in_page = compose_box(page.content.decode())
    in_partial = partial.content.decode().strip()
    assert TOKEN.sub("", in_page) == TOKEN.sub("", in_partial)
    assert "my warning" in in_page and '<option value="unlisted" selected>' in in_page
    again = writer.post("/compose", {**data, "spoiler_text": "another warning"})
    assert (
        "another warning" in again.content.decode() and "my warning" not in again.content.decode()
    )


def test_the_action_bar_words_are_all_translated():
    """The words moved from actions.html to balai.web.cards.ACTION_LABELS keep their catalog
    entries: every one of them reads differently in Indonesian."""
    with translation.override("en"):
        english = action_labels()
    with translation.override("id"):
        indonesian = action_labels()
    assert english.keys() == indonesian.keys()
    assert [name for name in english if english[name] == indonesian[name]] == []


def test_a_blank_compose_box_is_the_form_rendered_in_full_context(rf):
    """Built or not, cached or not, a blank compose box is exactly what the template prints
    for the form in a full request context."""
    from django.template.loader import render_to_string

    from balai.web.forms import ComposeForm

    request = rf.get("/home")
    request.session = {}
    initial = {"visibility": "private"}
    full = render_to_string(
        fragments.COMPOSE_TEMPLATE,
        {"compose_form": ComposeForm(initial=initial), "current_path": "/home"},
        request=request,
    )
    (token,) = set(TOKEN.findall(full))

    def csrf() -> str:
        return f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'

    limit = int(settings.BALAI_MAX_POST_CHARS)
    for form in (fragments.BlankForm(ComposeForm, initial), ComposeForm(initial=initial)):
        for _round in range(2):
            assert fragments.compose_html(form, "/home", limit, csrf) == full


def test_the_compose_box_follows_the_sites_url_prefix():
    """The box posts to {% cached_url 'web:compose' %}: another script prefix, another box."""
    from django.urls import set_script_prefix

    from balai.web.forms import ComposeForm

    form = fragments.BlankForm(ComposeForm, {"visibility": "public"})
    try:
        actions = []
        for prefix in ("/", "/balai/", "/"):
            set_script_prefix(prefix)
            html = fragments.compose_html(form, "/home", 500, lambda: "")
            actions += re.findall(r'<form id="compose"[^>]* action="([^"]+)"', html)
    finally:
        set_script_prefix("/")
    assert actions == ["/compose", "/balai/compose", "/compose"]
