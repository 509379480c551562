"""Account deletion: hidden and logged out at once, restorable for the grace period, then purged
for real (rows and files), while the moderation audit log keeps its record."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core import mail
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from balai.accounts.models import AccountDeletion, Follow, User
from balai.accounts.services import follow_create
from balai.api.models import AccessToken
from balai.core.periodic import registered_jobs
from balai.media.models import MediaAttachment
from balai.moderation.models import AuditLog, Decision
from balai.moderation.services.accounts import account_action
from balai.moderation.services.reports import report_create
from balai.posts.models import Like, Post
from balai.posts.services import PostDraft, like_create, post_create
from balai.privacy.deletion import account_purge_due
from tests.privacy.conftest import PASSWORD


def _request_deletion(client: Client, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/settings/data", {"password": password})


def _cancel_link() -> str:
    found = re.search(r"https?://[^/\s]+(/account/restore/\S+)", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(1)


def test_settings_page_states_the_grace_period(make_user, client_for):
    """The "Your data" page offers export and deletion and says how long restoring works."""
    user = make_user()
    page = client_for(user).get("/settings/data")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Delete my account" in text
    assert "After 30 days it is deleted for good" in text
    assert "Download an archive" in text
    assert "will not be given to anyone else" in text


def test_wrong_password_changes_nothing(make_user, client_for):
    """Deleting needs the password: a wrong one is a 422 and the account stays as it was."""
    user = make_user()
    client = client_for(user)
    response = _request_deletion(client, "wrong password")
    assert response.status_code == 422
    user.refresh_from_db()
    assert user.is_active
    assert not AccountDeletion.objects.exists()
    assert client.get("/settings/data").status_code == 200


def test_deletion_hides_everything_at_once_and_logs_out_everywhere(
    make_user, client_for, bearer, picture_post
):
    """At once: posts gone for others (timeline, profile, API), the token answers 401, every
    session is logged out, and an email in the user's language confirms the date and how to
    cancel."""
    alice, bob = make_user(username="alice"), make_user(username="bob")
    post, media = picture_post(alice, "alice was here", "a picture of the sea")
    follow_create(follower=bob, target=alice)
    like_create(user=bob, post_id=post.pk)
    alice_token = bearer(alice)
    bob_token = bearer(bob)
    first, second = client_for(alice), client_for(alice)
    watcher = client_for(bob)
    assert "alice was here" in watcher.get("/local").content.decode()

    response = _request_deletion(first)
    assert response.status_code == 302 and response["Location"].startswith("/login")

    assert "alice was here" not in watcher.get("/local").content.decode()
    assert watcher.get("/@alice").status_code == 404
    assert Client().get(f"/api/v1/statuses/{post.pk}").status_code == 404
    api_post = Client().get(f"/api/v1/statuses/{post.pk}", HTTP_AUTHORIZATION=bob_token)
    assert api_post.status_code == 404
    account = Client().get(f"/api/v1/accounts/{alice.pk}", HTTP_AUTHORIZATION=bob_token)
    assert account.status_code == 404
    me = Client().get("/api/v1/accounts/verify_credentials", HTTP_AUTHORIZATION=alice_token)
    assert me.status_code == 401
    for session in (first, second):
        page = session.get("/settings/data")
        assert page.status_code == 302 and "/login" in page["Location"]
    assert not AccessToken.objects.filter(user=alice, revoked_at__isnull=True).exists()
    deletion = AccountDeletion.objects.get(user_id=alice.pk)
    assert deletion.purge_after - deletion.requested_at == timedelta(days=30)
    assert mail.outbox[-1].to == [alice.email]
    assert "/account/restore/" in mail.outbox[-1].body
    # Nothing is purged yet: the grace period allows a change of mind.
    assert Post.objects.filter(pk=post.pk).exists()
    assert default_storage.exists(media.file_path)


def test_deletion_email_in_the_users_language(make_user, client_for):
    """The confirmation email is written in the language the user chose."""
    user = make_user(language="id")
    _request_deletion(client_for(user))
    assert "akun" in mail.outbox[-1].subject.lower()


def test_login_refused_during_grace_then_cancel_link_restores(make_user, client_for):
    """Logging in during the grace period is refused with the date and how to cancel (the link is
    emailed again); the link asks for a click (POST) and then the account works again."""
    user = make_user()
    _request_deletion(client_for(user))
    outbox_before = len(mail.outbox)
    refused = Client().post("/login", {"username": user.username, "password": PASSWORD})
    assert refused.status_code == 422
    assert "scheduled for deletion" in refused.content.decode()
    assert len(mail.outbox) == outbox_before + 1
    # A wrong password learns nothing about the deletion.
    wrong = Client().post("/login", {"username": user.username, "password": "nope"})
    assert "scheduled for deletion" not in wrong.content.decode()

    link = _cancel_link()
    assert Client().get(link).status_code == 200
    user.refresh_from_db()
    assert not user.is_active  # a GET (e.g. a mail scanner) changes nothing
    assert Client().post(link).status_code == 302
    user.refresh_from_db()
    assert user.is_active
    assert client_for(user).get("/settings/data").status_code == 200
    assert Client().post(link).status_code == 422  # used up
    assert account_purge_due(now=timezone.now() + timedelta(days=40)) == 0


def test_a_moderator_cannot_enable_an_account_its_owner_is_deleting(make_user, client_for):
    """Only the owner's cancel link keeps an account they asked to delete: the admin API's
    "enable" answers 409 and the account stays hidden and scheduled; a rejected sign-up (also
    inactive, no deletion) can still be enabled."""
    user = make_user()
    _request_deletion(client_for(user))
    _token, raw = AccessToken.issue(user=make_user(role="moderator"), scopes="admin:write")
    moderator = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    refused = moderator.post(f"/api/v1/admin/accounts/{user.pk}/enable")
    assert refused.status_code == 409
    assert "asked for this account to be deleted" in refused.json()["error"]
    user.refresh_from_db()
    assert not user.is_active
    assert AccountDeletion.objects.get(user_id=user.pk).cancelled_at is None
    rejected = make_user(is_active=False)
    assert moderator.post(f"/api/v1/admin/accounts/{rejected.pk}/enable").status_code == 200
    rejected.refresh_from_db()
    assert rejected.is_active


def test_purge_after_grace_removes_rows_and_files_but_keeps_the_audit_log(
    make_user, client_for, bearer, picture_post
):
    """After the grace period the purge job deletes the posts, likes, follows, tokens, media rows
    and files, and the User row; the audit log of a moderation decision about the account stays,
    with an `account.purged` entry that keeps the substance of the cascaded decisions, and reports
    the account made about others stay in the queue."""
    alice, bob = make_user(username="alice"), make_user(username="bob")
    moderator = make_user(username="mod", role="moderator")
    _post, media = picture_post(alice, "soon gone", "alt text")
    plain = post_create(author=alice, draft=PostDraft(text="plain words"))
    follow_create(follower=bob, target=alice)
    follow_create(follower=alice, target=bob)
    bobs = post_create(author=bob, draft=PostDraft(text="bob's post"))
    like_create(user=alice, post_id=bobs.pk)
    like_create(user=bob, post_id=plain.pk)
    bearer(alice)
    decision = account_action(moderator=moderator, account=alice, type="none", text="be kind")
    carol = make_user(username="carol")
    report = report_create(reporter=alice, account=carol, category="spam", comment="ads")
    audit_before = AuditLog.objects.filter(target_id=alice.pk).count()
    assert audit_before >= 1
    paths = [p for p in media.stored_paths if p]
    assert paths and all(default_storage.exists(p) for p in paths)
    _request_deletion(client_for(alice))

    assert account_purge_due(now=timezone.now() + timedelta(days=29)) == 0
    assert User.objects.filter(pk=alice.pk).exists()
    assert account_purge_due(now=timezone.now() + timedelta(days=31)) == 1

    assert not User.objects.filter(pk=alice.pk).exists()
    assert not Post.objects.filter(author_id=alice.pk).exists()
    assert not Like.objects.filter(user_id=alice.pk).exists()
    assert not Like.objects.filter(post_id=plain.pk).exists()
    assert not Follow.objects.filter(follower_id=alice.pk).exists()
    assert not Follow.objects.filter(followee_id=alice.pk).exists()
    assert not AccessToken.objects.filter(user_id=alice.pk).exists()
    assert not MediaAttachment.objects.filter(owner_id=alice.pk).exists()
    assert not any(default_storage.exists(p) for p in paths)
    bobs.refresh_from_db()
    assert bobs.likes_count == 0
    assert Post.objects.filter(pk=bobs.pk).exists()
    # Moderation: the audit log has no foreign keys and survives; decisions cascaded, and the
    # purge entry keeps what they said.
    assert AuditLog.objects.filter(target_id=alice.pk).count() == audit_before + 1
    purged = AuditLog.objects.get(action="account.purged", target_id=alice.pk)
    assert purged.data["username"] == "alice"
    assert [d["id"] for d in purged.data["decisions"]] == [decision.pk]
    assert not Decision.objects.filter(pk=decision.pk).exists()
    # A report alice made about someone else stays in the queue, filed by the system account.
    report.refresh_from_db()
    assert report.reporter.is_system and report.account_id == carol.pk
    assert purged.data["reports_made_kept"] == 1
    assert AccountDeletion.objects.get(user_id=alice.pk).purged_at is not None
    assert account_purge_due(now=timezone.now() + timedelta(days=60)) == 0


def test_a_purged_accounts_username_is_not_issued_again(make_user, client_for):
    """Links and mentions that named the deleted account must not lead to a newcomer: after the
    purge, signing up as that name in any case is refused with a clear message, and the
    deletion record keeps only a digest of the name."""
    gone = make_user(username="Alice")
    _request_deletion(client_for(gone))
    assert account_purge_due(now=timezone.now() + timedelta(days=31)) == 1
    record = AccountDeletion.objects.get(user_id=gone.pk)
    assert record.username_digest and "alice" not in record.username_digest.lower()

    form = {"username": "aLiCe", "email": "new@example.test", "password": "a long new passphrase"}
    refused = Client().post("/signup", form)
    assert refused.status_code == 422
    assert "belonged to a deleted account" in refused.content.decode()
    assert not User.objects.filter(username__iexact="alice").exists()
    accepted = Client().post("/signup", {**form, "username": "alice2"})
    assert accepted.status_code == 302
    assert User.objects.filter(username="alice2").exists()


def test_purge_job_is_registered():
    """The purge and the IP retention run as periodic jobs in every worker."""
    names = {job.name for job in registered_jobs()}
    assert {"account_purge", "ip_purge"} <= names
