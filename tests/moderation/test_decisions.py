"""Decisions, appeals and account actions, driven through the moderator console over HTTP."""

from __future__ import annotations

import pytest
from django.test import Client

from balai.moderation.models import Appeal, Decision, ModerationNotice, Report, Strike, Verdict
from balai.moderation.notices import notice_text
from balai.moderation.services import report_create, views_record
from balai.posts import selectors
from balai.posts.access import get_visible_post
from balai.posts.models import Notification, Post, PostState
from balai.posts.selectors import Cursor


def login(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cast(make_user):  # type: ignore[no-untyped-def]
    return {
        "author": make_user(username="author"),
        "reader": make_user(username="reader"),
        "mod": make_user(username="mod", role="moderator"),
        "other_mod": make_user(username="other_mod", role="moderator"),
        "admin": make_user(username="admin", role="admin"),
    }


def reported(cast, post, category="violence") -> Report:  # type: ignore[no-untyped-def]
    return report_create(
        reporter=cast["reader"], account=cast["author"], post_ids=[post.pk], category=category
    )


def test_overturned_removal_restores_the_post_and_takes_it_out_of_the_bank(cast, post):
    """Overturning a removal republishes the post, revokes the strike and retires the bank entry."""
    text = "Meet at the old market tonight, you know what to do with them"
    original = post(cast["author"], text)
    report = reported(cast, original)
    login(cast["mod"]).post(f"/moderation/reports/{report.pk}/act", {"action": "remove"})
    assert get_visible_post(cast["reader"], original.pk) is None
    decision = Decision.objects.get(post=original)
    assert Strike.objects.filter(decision=decision, revoked_at__isnull=True).exists()
    login(cast["author"]).post(f"/moderation/appeal/{decision.pk}", {"text": "it is a party"})
    appeal = Appeal.objects.get(decision=decision)
    login(cast["other_mod"]).post(
        f"/moderation/appeals/{appeal.pk}/decide", {"outcome": "overturn", "reason": "a party"}
    )
    assert get_visible_post(cast["reader"], original.pk) is not None
    assert not Strike.objects.filter(decision=decision, revoked_at__isnull=True).exists()
    assert post(cast["author"], text).state == PostState.PUBLISHED
    assert ModerationNotice.objects.filter(recipient=cast["author"], kind="appeal_overturned")


def test_removal_withdraws_notifications_and_edits_cannot_undo_it(cast, post):
    """A removed post takes its mention notifications with it; editing it changes nothing."""
    mention = post(cast["author"], "hey @reader meet at the old market tonight")
    assert Notification.objects.filter(recipient=cast["reader"], post=mention).exists()
    report = reported(cast, mention)
    login(cast["mod"]).post(f"/moderation/reports/{report.pk}/act", {"action": "remove"})
    assert not Notification.objects.filter(recipient=cast["reader"], post=mention).exists()
    from balai.posts.services import PostDraft, post_edit

    post_edit(author=cast["author"], post_id=mention.pk, draft=PostDraft(text="just coffee"))
    assert Post.objects.get(pk=mention.pk).state == PostState.REMOVED


def test_held_post_stays_held_when_edited_and_dismissal_publishes_it(cast, post):
    """An author cannot edit their way out of a hold; a moderator's dismissal publishes."""
    held = post(cast["author"], "I will shoot you all")
    from balai.posts.services import PostDraft, post_edit

    post_edit(author=cast["author"], post_id=held.pk, draft=PostDraft(text="good morning"))
    assert Post.objects.get(pk=held.pk).state == PostState.HELD
    report = Report.objects.get(posts=held)
    response = login(cast["mod"]).post(
        "/moderation/bulk", {"report": [str(report.pk)], "action": "dismiss"}
    )
    assert response.status_code == 302
    assert Post.objects.get(pk=held.pk).state == PostState.PUBLISHED
    assert ModerationNotice.objects.filter(recipient=cast["author"], kind="published").exists()


def test_account_actions_limit_suspend_warn_and_block_hashtag(cast, post):
    """Limit keeps the account out of public timelines; suspension expires; a warning is a
    strike; a blocked hashtag holds new posts that use it."""
    mod = login(cast["mod"])
    first = post(cast["author"], "hello #market")
    mod.post(f"/moderation/reports/{reported(cast, first).pk}/act", {"action": "limit"})
    assert selectors.local_timeline(cast["reader"], Cursor()) == []
    second = post(cast["reader"], "fine post")
    account_report = report_create(reporter=cast["author"], account=cast["reader"], category="spam")
    mod.post(f"/moderation/reports/{account_report.pk}/act", {"action": "suspend", "days": "3"})
    cast["reader"].refresh_from_db()
    assert cast["reader"].is_suspended and cast["reader"].suspended_until is not None
    notice = ModerationNotice.objects.get(recipient=cast["reader"], kind="suspended")
    assert "until" in notice_text(notice, "en")
    assert get_visible_post(cast["author"], second.pk) is None
    warn = reported(cast, first, "harassment")
    mod.post(f"/moderation/reports/{warn.pk}/act", {"action": "warn", "reason": "be kind"})
    assert Strike.objects.filter(user=cast["author"]).count() == 1
    tag = reported(cast, first, "spam")
    mod.post(f"/moderation/reports/{tag.pk}/act", {"action": "block_hashtag", "hashtag": "#Market"})
    assert post(cast["author"], "more about #market").state == PostState.HELD


def test_deep_backend_holds_a_published_post_and_counts_its_views(cast, post, settings):
    """After publication the deep tier can hold a post; the views it had are recorded."""
    settings.BALAI_MODERATION_DEEP_BACKEND = "tests.moderation.fakes.AlarmedDeep"
    views_record(post_ids=[])
    from balai.moderation import tasks

    quiet = post(cast["author"], "nice weather today")
    assert Post.objects.get(pk=quiet.pk).state == PostState.PUBLISHED
    settings.BALAI_MODERATION_DEEP_BACKEND = ""
    coded = post(cast["author"], "everyone to the north gate at nine, you know why")
    views_record(post_ids=[coded.pk, coded.pk, coded.pk])
    settings.BALAI_MODERATION_DEEP_BACKEND = "tests.moderation.fakes.AlarmedDeep"
    tasks.deep_screen.call(coded.pk)
    assert Post.objects.get(pk=coded.pk).state == PostState.HELD
    verdict = Verdict.objects.get(post=coded, stage="deep")
    assert verdict.model_versions == {"deep": "deep-fake-1"}
    report = Report.objects.get(posts=coded)
    assert report.source == "automated"
    from balai.moderation.models import AuditLog

    assert AuditLog.objects.get(action="screen.hold", target_id=coded.pk).data["views_before"] == 3
    login(cast["mod"]).post(f"/moderation/reports/{report.pk}/act", {"action": "remove"})
    assert Decision.objects.get(post=coded).views_before == 3


def test_second_appeal_and_self_review_are_refused(cast, post):
    """One appeal per decision; the moderator who decided cannot decide the appeal."""
    target = post(cast["author"], "meet at the old market tonight")
    report = reported(cast, target)
    login(cast["mod"]).post(f"/moderation/reports/{report.pk}/act", {"action": "remove"})
    decision = Decision.objects.get(post=target)
    author = login(cast["author"])
    author.post(f"/moderation/appeal/{decision.pk}", {"text": "please"})
    response = author.post(f"/moderation/appeal/{decision.pk}", {"text": "please again"})
    assert "already appealed" in response.content.decode()
    appeal = Appeal.objects.get(decision=decision)
    login(cast["mod"]).post(f"/moderation/appeals/{appeal.pk}/decide", {"outcome": "overturn"})
    assert Appeal.objects.get(pk=appeal.pk).status == "pending"


def test_removed_posts_teach_the_deep_tier_without_retraining(cast, post, monkeypatch):
    """A moderator's removal adds the text as an exemplar; an overturn takes it back out."""
    import balai_ml.deep
    from balai.moderation.classifiers.deep import DeepBackend
    from tests.moderation.fakes import ExemplarModel

    monkeypatch.setattr(balai_ml.deep, "DeepModel", ExemplarModel)
    backend = DeepBackend()
    text = "Meet at the old market tonight, you know what to do"
    assert backend.score(text, text, "en").scores["incitement"] == 0.0
    target = post(cast["author"], text)
    login(cast["mod"]).post(
        f"/moderation/reports/{reported(cast, target).pk}/act",
        {"action": "remove", "rule": "incitement"},
    )
    assert backend.score(text, text, "en").scores["incitement"] == 0.9
    decision = Decision.objects.get(post=target)
    login(cast["author"]).post(f"/moderation/appeal/{decision.pk}", {"text": "a market trip"})
    appeal = Appeal.objects.get(decision=decision)
    login(cast["other_mod"]).post(
        f"/moderation/appeals/{appeal.pk}/decide", {"outcome": "overturn"}
    )
    assert backend.score(text, text, "en").scores["incitement"] == 0.0


def test_notices_render_for_notification_lists(cast, post):
    """Each moderation notification maps to its notice text, with an appeal link when open."""
    from balai.moderation.selectors import notices_by_notification

    target = post(cast["author"], "meet at the old market tonight")
    login(cast["mod"]).post(
        f"/moderation/reports/{reported(cast, target).pk}/act",
        {"action": "remove", "rule": "incitement", "reason": "coded call"},
    )
    ids = list(
        Notification.objects.filter(recipient=cast["author"], type="moderation").values_list(
            "id", flat=True
        )
    )
    [payload] = notices_by_notification(ids).values()
    assert payload["kind"] == "removed" and "coded call" in payload["text"]
    assert payload["appeal_url"] == f"/moderation/appeal/{payload['decision_id']}"
