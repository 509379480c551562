"""Trust & safety in the web UI: report links, the moderators' nav link, moderation notices
with their rule, reason and appeal link, and clear markers on held and rejected posts.
Screening uses the rules backend only, so outcomes do not drift with trained models."""

from __future__ import annotations

import pytest
from django.test import Client

from balai.moderation.services.reports import report_create
from balai.posts.models import Post, PostState

VIOLENT = "I will kill you and everyone at the rally"


@pytest.fixture(autouse=True)
def _rules_only(settings):  # type: ignore[no-untyped-def]
    settings.BALAI_MODERATION_BACKENDS = "balai.moderation.classifiers.rules.RulesBackend"
    settings.BALAI_MODERATION_DEEP_BACKEND = ""
    settings.BALAI_POST_SCREEN = "balai.moderation.services.post_screen"
    from balai.moderation.policy import forget_cached_policy

    forget_cached_policy()


def test_report_links_on_other_peoples_posts_and_profiles_but_not_ones_own(
    make_user, client_for, post_as
):
    alice, bob = make_user(username="alice"), make_user(username="bob")
    post_as(client_for(alice), "pasar malam")
    post = Post.objects.get(author=alice)
    bob_client = client_for(bob)
    for url in ("/local", f"/@alice/{post.pk}", "/@alice"):
        assert f'href="/moderation/report/{post.pk}"' in bob_client.get(url).content.decode()
    assert 'href="/moderation/report/account/alice"' in bob_client.get("/@alice").content.decode()
    assert bob_client.get(f"/moderation/report/{post.pk}").status_code == 200
    own = client_for(alice)
    assert "/moderation/report/" not in own.get("/@alice").content.decode()
    assert "/moderation/report/" not in own.get(f"/@alice/{post.pk}").content.decode()


def test_the_moderation_link_is_in_the_nav_for_moderators_and_admins_only(make_user, client_for):
    for role, shown in (("user", False), ("moderator", True), ("admin", True)):
        page = client_for(make_user(username=f"a_{role}", role=role)).get("/home")
        assert ('href="/moderation/"' in page.content.decode()) is shown, role
    assert 'href="/moderation/"' not in Client().get("/local").content.decode()


def test_a_held_post_shows_under_review_to_its_author_and_to_nobody_else(
    make_user, client_for, post_as
):
    alice = make_user(username="alice")
    make_user(username="bob")
    post_as(client_for(alice), VIOLENT)
    post = Post.objects.get(author=alice)
    assert post.state == PostState.HELD
    own = client_for(alice).get(f"/@alice/{post.pk}").content.decode()
    assert "Under review" in own and "Nobody else can see this post" in own
    indonesian = client_for(alice, language="id").get("/@alice").content.decode()
    assert "Sedang ditinjau" in indonesian
    assert VIOLENT not in Client().get("/@alice").content.decode()


def test_a_rejected_post_shows_not_published_with_a_link_to_the_notices(
    make_user, client_for, post_as
):
    alice = make_user(username="alice")
    post_as(client_for(alice), "an ordinary post")
    Post.objects.filter(author=alice).update(state=PostState.REJECTED)
    page = client_for(alice).get("/@alice").content.decode()
    assert "Not published" in page and 'href="/moderation/notices"' in page


def test_moderation_notifications_show_rule_reason_and_appeal_link(make_user, client_for, post_as):
    """A removal reaches the author's notifications with its text, rule and reason, a link to
    all notices and one to appeal; in Indonesian for Indonesian speakers."""
    alice = make_user(username="alice", language="id")
    reader = make_user(username="reader")
    moderator = make_user(username="mod", role="moderator")
    post_as(client_for(alice), "meet at the old market tonight")
    post = Post.objects.get(author=alice)
    report = report_create(reporter=reader, account=alice, post_ids=[post.pk], category="violence")
    acted = client_for(moderator).post(
        f"/moderation/reports/{report.pk}/act",
        {"action": "remove", "rule": "incitement", "reason": "coded call"},
    )
    assert acted.status_code in (200, 302)
    page = client_for(alice, language="id").get("/notifications").content.decode()
    assert "Pemberitahuan moderasi" in page and "Moderator menghapus" in page
    assert "coded call" in page
    assert "Aturan" in page and "Alasan" in page
    assert 'href="/moderation/notices"' in page and 'href="/moderation/appeal/' in page


def test_timelines_threads_and_profiles_count_views_by_others(make_user, client_for, post_as):
    """Each page that shows a post to someone other than its author counts one view (buffered
    in memory and written on flush); the author's own views do not count."""
    from balai.moderation.models import PostViews
    from balai.moderation.views_counter import flush_views

    alice = make_user(username="alice")
    post_as(client_for(alice), "dilihat banyak orang")
    post = Post.objects.get(author=alice)
    flush_views()
    reader = client_for(make_user(username="reader"))
    for url in ("/local", f"/@alice/{post.pk}", "/@alice"):
        assert reader.get(url).status_code == 200
        Client().get(url)
    client_for(alice).get("/@alice")
    flush_views()
    assert PostViews.objects.get(post=post).count == 6
