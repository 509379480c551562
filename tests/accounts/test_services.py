"""Accounts: sign-up rules, registration modes, two-factor codes, and the social graph."""

from __future__ import annotations

import pyotp
import pytest
from django.contrib.auth.hashers import identify_hasher

from balai.accounts import services
from balai.accounts.models import Block, Follow, FollowRequest, User
from balai.core.errors import BalaiError, NotFound

STRONG = "a sturdy pass phrase 42"


def test_signup_stores_an_argon2_hash(settings):
    """Passwords are hashed with argon2 in production settings."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = services.user_create(username="ayu", email="ayu@example.test", password=STRONG)
    assert identify_hasher(user.password).algorithm == "argon2"


@pytest.mark.parametrize(
    ("username", "email", "password", "field"),
    [
        ("bad name", "x@example.test", STRONG, "username"),
        ("x" * 31, "x@example.test", STRONG, "username"),
        ("admin", "x@example.test", STRONG, "username"),
        ("fine", "not-an-email", STRONG, "email"),
        ("fine", "x@example.test", "123", "password"),
    ],
)
def test_signup_refuses_bad_input_precisely(username, email, password, field):
    with pytest.raises(BalaiError) as caught:
        services.user_create(username=username, email=email, password=password)
    assert caught.value.field == field
    assert not User.objects.exists()


def test_usernames_are_unique_ignoring_case(make_user):
    make_user(username="Budi")
    with pytest.raises(BalaiError) as caught:
        services.user_create(username="budi", email="other@example.test", password=STRONG)
    assert caught.value.field == "username"


def test_registration_modes(settings):
    """Approval mode creates unapproved accounts; confirmation follows the setting."""
    settings.BALAI_REGISTRATION_MODE = "approval"
    settings.BALAI_SIGNUP_CONFIRM_EMAIL = True
    user = services.user_create(username="citra", email="c@example.test", password=STRONG)
    assert (user.approved, user.email_confirmed) == (False, False)
    services.user_approve(user=user)
    assert User.objects.get(pk=user.pk).approved


def test_totp_enrolment_login_codes_and_recovery_codes(make_user):
    """A current code enables 2FA; recovery codes work once each; a wrong code never does."""
    user = make_user()
    secret = services.totp_begin(user=user)
    with pytest.raises(BalaiError):
        services.totp_enable(user=user, code="000000")
    codes = services.totp_enable(user=user, code=pyotp.TOTP(secret).now())
    assert len(codes) == 10 and User.objects.get(pk=user.pk).totp_enabled
    assert services.totp_verify(user=user, code=pyotp.TOTP(secret).now())
    assert not services.totp_verify(user=user, code="123456x")
    assert services.totp_verify(user=user, code=codes[0])
    assert not services.totp_verify(user=user, code=codes[0])


def test_cannot_follow_self_or_across_a_block(make_user):
    alice, bob = make_user(), make_user()
    with pytest.raises(BalaiError):
        services.follow_create(follower=alice, target=alice)
    services.block_create(blocker=bob, target=alice)
    with pytest.raises(NotFound):
        services.follow_create(follower=alice, target=bob)
    assert not Follow.objects.exists()


def test_block_ends_follows_and_requests_both_ways(make_user):
    alice, bob = make_user(), make_user(locked=True)
    services.follow_create(follower=bob, target=alice)
    services.follow_create(follower=alice, target=bob)
    assert FollowRequest.objects.count() == 1 and Follow.objects.count() == 1
    services.block_create(blocker=alice, target=bob)
    assert not Follow.objects.exists() and not FollowRequest.objects.exists()
    assert Block.objects.filter(blocker=alice, blocked=bob).exists()


def test_unlocking_accepts_pending_requests(make_user):
    alice, bob = make_user(locked=True), make_user()
    services.follow_create(follower=bob, target=alice)
    services.profile_update(user=alice, locked=False)
    assert Follow.objects.filter(follower=bob, followee=alice).exists()


def test_profile_fields_are_limited_to_four(make_user):
    user = make_user()
    with pytest.raises(BalaiError):
        services.profile_update(
            user=user, fields=[{"name": f"n{i}", "value": "v"} for i in range(5)]
        )
    services.profile_update(user=user, fields=[{"name": "Web", "value": "https://x.test"}])
    assert User.objects.get(pk=user.pk).fields == [{"name": "Web", "value": "https://x.test"}]
