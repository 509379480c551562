"""Issue 4's end-to-end story, in English and in Bahasa Indonesia, through HTTP.

A violent post is never seen by anyone but its author (and moderators); a user report reaches
the one queue; a moderator removes the post; author and reporter are told; the author appeals
once and a different moderator decides; every step is in the audit log; a repost of the removed
text is held; the transparency report counts all of it.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from balai.api.models import AccessToken
from balai.moderation.models import Appeal, Decision, Report
from balai.posts.models import Notification, Post, PostState

STORY = {
    "en": {
        "violent": "@bystander I will kill you and everyone at the rally #rally",
        "coded": "Everyone meet at the north gate at nine and deal with the traitors for good",
        "repost": "everyone meet at the NORTH gate at 9 and deal with the traitors for good!!",
        "removed_notice": "A moderator removed your post",
        "reporter_notice": "Thank you for your report",
        "appeal_notice": "The decision stands",
    },
    "id": {
        "violent": "@bystander Gw bakal bunuh lo dan semua orang di demo itu #demo",
        "coded": "Semua kumpul di gerbang utara jam sembilan, beresin para pengkhianat itu",
        "repost": "semua kumpul di GERBANG UTARA jam 9, beresin para pengkhianat itu!!",
        "removed_notice": "Moderator menghapus",
        "reporter_notice": "Terima kasih atas laporan Anda",
        "appeal_notice": "Keputusan tetap berlaku",
    },
}


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def compose(client: Client, text: str) -> Post:
    response = client.post(
        "/compose",
        {
            "text": text,
            "spoiler_text": "",
            "visibility": "public",
            "in_reply_to": "",
            "quote_of": "",
        },
    )
    assert response.status_code in (200, 302, 303), response.status_code
    return Post.objects.filter(text=text).latest("id")


def assert_unseen(client: Client, api_token: str, post: Post, tag: str) -> None:
    """The post appears nowhere this viewer can look: web pages, search, tags, API."""
    author = post.author.username
    snippet = post.text[12:40]
    for url in ["/local", f"/@{author}", f"/search?q={snippet.split()[0]}", f"/tags/{tag}"]:
        body = client.get(url).content.decode()
        assert snippet not in body, url
    assert client.get(f"/@{author}/{post.pk}").status_code == 404
    api = {"HTTP_AUTHORIZATION": f"Bearer {api_token}"}
    assert client.get(f"/api/v1/statuses/{post.pk}", **api).status_code == 404
    for url in [
        "/api/v1/timelines/public",
        f"/api/v1/timelines/tag/{tag}",
        "/api/v1/timelines/home",
    ]:
        assert str(post.pk) not in client.get(url, **api).content.decode(), url


@pytest.mark.parametrize("lang", ["en", "id"])
def test_violent_post_story(make_user, lang):
    words = STORY[lang]
    author = make_user(username="author", language=lang)
    bystander = make_user(username="bystander", language=lang)
    reporter = make_user(username="reporter", language=lang)
    first_mod = make_user(username="first_mod", role="moderator")
    second_mod = make_user(username="second_mod", role="moderator")
    from balai.accounts.services import follow_create

    follow_create(follower=bystander, target=author)
    _t, token = AccessToken.issue(user=bystander, scopes="read write")
    as_author, as_bystander = client_for(author), client_for(bystander)
    as_first, as_second = client_for(first_mod), client_for(second_mod)

    # 1. The violent post is held: its author sees it, nobody else, not even by mention.
    violent = compose(as_author, words["violent"])
    assert violent.state == PostState.HELD
    own_view = as_author.get(f"/@author/{violent.pk}")
    assert own_view.status_code == 200
    with override(lang):
        assert str(PostState.HELD.label) in own_view.content.decode()  # "under review"
    assert_unseen(as_bystander, token, violent, "rally" if lang == "en" else "demo")
    assert_unseen(Client(), token, violent, "rally" if lang == "en" else "demo")
    assert not Notification.objects.filter(recipient=bystander, post=violent).exists()
    automated = Report.objects.get(posts=violent)
    assert automated.source == "automated"

    # 2. A coded call slips past screening; a user reports it through the web form.
    coded = compose(as_author, words["coded"])
    assert coded.state == PostState.PUBLISHED
    response = client_for(reporter).post(
        f"/moderation/report/{coded.pk}", {"category": "violence", "comment": "a call to attack"}
    )
    assert response.status_code == 302
    user_report = Report.objects.get(posts=coded, source="user")
    queue = as_first.get("/moderation/").content.decode()
    assert f"/moderation/reports/{automated.pk}" in queue
    assert f"/moderation/reports/{user_report.pk}" in queue
    assert client_for(bystander).get("/moderation/").status_code == 403

    # 3. The first moderator claims and removes both; the second cannot decide a claimed item.
    as_first.post(f"/moderation/reports/{user_report.pk}/claim", {"to": "me"})
    as_second.post(f"/moderation/reports/{user_report.pk}/act", {"action": "dismiss"})
    assert Report.objects.get(pk=user_report.pk).resolved_at is None
    as_first.post(
        f"/moderation/reports/{user_report.pk}/act",
        {"action": "remove", "rule": "incitement", "reason": "coded call to violence"},
    )
    as_first.post(f"/moderation/reports/{automated.pk}/act", {"action": "remove"})
    coded.refresh_from_db()
    violent.refresh_from_db()
    assert coded.state == violent.state == PostState.REMOVED
    assert_unseen(as_bystander, token, coded, "none")

    # 4. Author and reporter are told, each in their language.
    author_notices = as_author.get("/moderation/notices").content.decode()
    assert words["removed_notice"] in author_notices
    assert (
        words["reporter_notice"] in client_for(reporter).get("/moderation/notices").content.decode()
    )
    assert Notification.objects.filter(recipient=author, type="moderation").exists()

    # 5. The author appeals once; the deciding moderator may not judge the appeal.
    decision = Decision.objects.get(post=coded, action="remove")
    assert f"/moderation/appeal/{decision.pk}" in author_notices
    as_author.post(f"/moderation/appeal/{decision.pk}", {"text": "it was a joke"})
    as_author.post(f"/moderation/appeal/{decision.pk}", {"text": "again"})
    appeal = Appeal.objects.get(decision=decision)
    assert Appeal.objects.filter(decision=decision).count() == 1
    as_first.post(f"/moderation/appeals/{appeal.pk}/decide", {"outcome": "overturn", "reason": "x"})
    assert Appeal.objects.get(pk=appeal.pk).status == "pending"
    as_second.post(
        f"/moderation/appeals/{appeal.pk}/decide", {"outcome": "uphold", "reason": "incitement"}
    )
    assert Appeal.objects.get(pk=appeal.pk).status == "upheld"
    assert words["appeal_notice"] in as_author.get("/moderation/notices").content.decode()

    # 6. A lightly altered repost of the removed text is held by the bank.
    repost = compose(as_author, words["repost"])
    assert repost.state == PostState.HELD

    # 7. Every step is in the audit log, which exports.
    actions = [e["action"] for e in json.loads(as_first.get("/moderation/audit.json").content)]
    for expected in [
        "screen.hold", "report.create", "report.assign", "decision.remove",
        "appeal.create", "appeal.uphold",
    ]:  # fmt: skip
        assert expected in actions
    assert as_first.get("/moderation/audit.csv").content.startswith(b"id,created_at")

    # 8. The transparency report counts it all.
    out = io.StringIO()
    today = timezone.localdate().isoformat()
    call_command("transparency_report", "--since", today, "--until", today, stdout=out)
    report = json.loads(out.getvalue())
    assert report["notices_received"]["by_source"] == {"automated": 2, "user": 1, "appeal": 1}
    assert report["actions"]["by_action"] == {"remove": 2}
    assert report["actions"]["proactive"] == 1
    assert report["appeals"]["by_outcome"] == {"upheld": 1}
