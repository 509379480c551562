"""Accounts in the browser: sign up, confirm email, log in/out, reset password, two-factor."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.core import mail
from django.test import Client

from balai.accounts.models import User

PASSWORD = "correct horse battery staple"


def signup(client: Client, username: str = "newbie", **extra: str):  # type: ignore[no-untyped-def]
    data = {"username": username, "email": f"{username}@example.test", "password": PASSWORD}
    return client.post("/signup", {**data, **extra})


def test_signup_without_confirmation_signs_in_and_shows_home():
    """With confirmation off (the test default), signing up logs straight in."""
    client = Client()
    response = signup(client)
    assert response.status_code == 302 and response["Location"] == "/home"
    page = client.get("/home")
    assert page.status_code == 200
    assert b"@newbie" in page.content or b"newbie" in page.content
    assert User.objects.get(username="newbie").language == "en"


def test_signup_with_confirmation_sends_a_link_that_activates_the_account(settings):
    """Confirmation on: no login until the emailed link is opened; then login works."""
    settings.BALAI_SIGNUP_CONFIRM_EMAIL = True
    client = Client()
    response = signup(client)
    assert response.status_code == 200
    assert b"newbie@example.test" in response.content
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/confirm-email/\S+)", mail.outbox[0].body).group(1)
    refused = client.post("/login", {"username": "newbie", "password": PASSWORD})
    assert refused.status_code == 422 and b"confirm your email" in refused.content
    assert client.get(link).status_code == 302
    assert client.post("/login", {"username": "newbie", "password": PASSWORD}).status_code == 302
    assert client.get("/confirm-email/garbage").status_code == 422


def test_confirmation_link_can_be_sent_again(settings):
    settings.BALAI_SIGNUP_CONFIRM_EMAIL = True
    signup(Client())
    response = Client().post("/confirm-email/resend", {"email": "NEWBIE@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 2 and "/confirm-email/" in mail.outbox[1].body
    Client().post("/confirm-email/resend", {"email": "nobody@example.test"})
    assert len(mail.outbox) == 2
    assert Client().post("/confirm-email/resend", {"email": "bad"}).status_code == 422


def test_signup_shows_every_problem_at_once():
    response = Client().post("/signup", {"username": "ok_name", "email": "bad", "password": "123"})
    body = response.content.decode()
    assert response.status_code == 422
    assert "valid email" in body and "too short" in body


def test_duplicate_username_is_a_precise_error_and_nothing_is_written(make_user):
    make_user(username="taken")
    response = signup(Client(), username="TAKEN")
    assert response.status_code == 422
    assert b"already taken" in response.content
    assert User.objects.filter(username__iexact="taken").count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"username": "", "email": "a@b.test", "password": PASSWORD},
        {"username": "bad name!", "email": "a@b.test", "password": PASSWORD},
        {"username": "x" * 300, "email": "a@b.test", "password": PASSWORD},
        {"username": "okname", "email": "not-an-email", "password": PASSWORD},
        {"username": "okname", "email": "a@b.test", "password": "123"},
        {"username": "okname\x00", "email": "a@b.test", "password": PASSWORD},
    ],
)
def test_bad_signup_input_is_refused_with_422(data):
    response = Client().post("/signup", data)
    assert response.status_code == 422
    assert not User.objects.filter(email="a@b.test").exists()


def test_approval_mode_keeps_new_accounts_out_until_a_moderator_approves(settings, make_user):
    settings.BALAI_REGISTRATION_MODE = "approval"
    client = Client()
    response = signup(client, reason="I like the hall")
    assert response.status_code == 200 and b"moderator" in response.content
    refused = client.post("/login", {"username": "newbie", "password": PASSWORD})
    assert refused.status_code == 422
    mod = make_user(username="mod", role="moderator")
    mod_client = Client()
    mod_client.force_login(mod)
    queue = mod_client.get("/pending-accounts")
    assert b"I like the hall" in queue.content
    newbie = User.objects.get(username="newbie")
    assert mod_client.post("/pending-accounts", {"user_id": newbie.pk}).status_code == 302
    assert client.post("/login", {"username": "newbie", "password": PASSWORD}).status_code == 302


def test_closed_registration_refuses_sign_up(settings):
    settings.BALAI_REGISTRATION_MODE = "closed"
    assert Client().get("/signup").status_code == 403
    assert signup(Client()).status_code == 403
    assert not User.objects.exists()


def test_login_wrong_password_and_logout(make_user):
    make_user(username="alice")
    client = Client()
    bad = client.post("/login", {"username": "alice", "password": "nope"})
    assert bad.status_code == 422 and b"not correct" in bad.content
    signed_in = client.post(
        "/login",
        {"username": "alice", "password": PASSWORD},
        HTTP_REFERER="http://testserver/login",
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == "/home"
    assert client.get("/login")["Location"] == "/home"
    assert client.get("/home").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/home").status_code == 302  # back to the login page


def test_password_reset_by_email(make_user):
    make_user(username="alice", email="alice@example.test")
    client = Client()
    response = client.post("/password/reset", {"email": "alice@example.test"})
    assert response.status_code == 302
    link = re.search(r"https?://[^/]+(/password/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new = "a whole new password 42"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    assert client.post("/login", {"username": "alice", "password": new}).status_code == 302


def test_two_factor_login_with_totp_and_recovery_code(make_user, client_for):
    """Turning on 2FA shows recovery codes; login then needs a code; a recovery code works once."""
    alice = make_user(username="alice")
    client = client_for(alice)
    setup = client.post("/settings/2fa")
    assert setup.status_code == 200
    secret = re.search(rb"data-totp-secret>([A-Z2-7]+)<", setup.content).group(1).decode()
    wrong = client.post("/settings/2fa", {"step": "confirm", "code": "000000"})
    assert wrong.status_code == 422
    codes_page = client.post("/settings/2fa", {"step": "confirm", "code": pyotp.TOTP(secret).now()})
    codes = re.findall(rb"<code>([0-9a-f]{8}-[0-9a-f]{8})</code>", codes_page.content)
    assert len(codes) == 10
    client.post("/logout")

    fresh = Client()
    step1 = fresh.post("/login", {"username": "alice", "password": PASSWORD})
    assert step1["Location"] == "/login/2fa"
    assert fresh.get("/home").status_code == 302  # not signed in yet
    assert fresh.post("/login/2fa", {"code": "123456"}).status_code == 422
    assert fresh.post("/login/2fa", {"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert fresh.get("/home").status_code == 200

    again = Client()
    again.post("/login", {"username": "alice", "password": PASSWORD})
    assert again.post("/login/2fa", {"code": codes[0].decode()}).status_code == 302
    third = Client()
    third.post("/login", {"username": "alice", "password": PASSWORD})
    assert third.post("/login/2fa", {"code": codes[0].decode()}).status_code == 422


def test_two_factor_can_be_turned_off_with_the_password(make_user, client_for):
    alice = make_user(username="alice")
    client = client_for(alice)
    client.post("/settings/2fa")
    alice.refresh_from_db()
    client.post("/settings/2fa", {"step": "confirm", "code": pyotp.TOTP(alice.totp_secret).now()})
    assert client.post("/settings/2fa/disable", {"password": "wrong"}).status_code == 422
    assert client.post("/settings/2fa/disable", {"password": PASSWORD}).status_code == 302
    alice.refresh_from_db()
    assert not alice.totp_enabled


def test_login_returns_to_the_page_that_asked_for_it_but_never_off_site(make_user):
    make_user(username="alice")
    asked = Client().get("/notifications")
    assert asked["Location"] == "/login?next=/notifications"
    data = {"username": "alice", "password": PASSWORD}
    assert Client().post("/login?next=/notifications", data)["Location"] == "/notifications"
    data["next"] = "https://evil.example/"
    assert Client().post("/login", data)["Location"] == "/home"


def test_change_password_in_settings(make_user, client_for):
    alice = make_user(username="alice")
    client = client_for(alice)
    assert client.get("/settings/security").status_code == 200
    wrong = client.post(
        "/settings/security",
        {
            "form": "password",
            "pw-old_password": "nope",
            "pw-new_password1": "x",
            "pw-new_password2": "y",
        },
    )
    assert wrong.status_code == 422
    new = "another fine password 9"
    data = {"form": "password", "pw-old_password": PASSWORD, "pw-new_password1": new,
            "pw-new_password2": new}  # fmt: skip
    assert client.post("/settings/security", data).status_code == 302
    assert client.get("/home").status_code == 200  # still signed in
    assert Client().post("/login", {"username": "alice", "password": new}).status_code == 302


def test_recovery_codes_can_be_regenerated_with_the_password(make_user, client_for):
    alice = make_user(username="alice")
    client = client_for(alice)
    client.post("/settings/2fa")
    alice.refresh_from_db()
    first = client.post(
        "/settings/2fa", {"step": "confirm", "code": pyotp.TOTP(alice.totp_secret).now()}
    )
    old = set(re.findall(rb"<code>([0-9a-f-]{17})</code>", first.content))
    assert client.post("/settings/2fa/recovery-codes", {"password": "no"}).status_code == 422
    again = client.post("/settings/2fa/recovery-codes", {"password": PASSWORD})
    fresh = set(re.findall(rb"<code>([0-9a-f-]{17})</code>", again.content))
    assert len(fresh) == 10 and not (fresh & old)
