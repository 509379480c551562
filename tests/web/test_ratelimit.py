"""Rate limits on the web UI's logins, sign-ups and writes: a 429 in the user's language with
Retry-After, counted per client IP before sign-in and per user after it.

The clock the limiter reads is pinned, so no test depends on when it runs.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client

from balai.accounts.models import User
from balai.core import ratelimit
from balai.web import ratelimit as web_ratelimit

NOW = 1_800_000_100.0  # 100 s into a 5-minute window and into a 30-minute one


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: NOW))


def test_the_26th_login_attempt_from_one_ip_within_5_minutes_gets_429(make_user):
    """25 attempts are answered normally; the 26th is refused with Retry-After until the
    window ends, even with the right password. Another IP still gets in."""
    make_user(username="alice")
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(25):
        response = client.post("/login", {"username": "alice", "password": "wrong"})
        assert response.status_code == 422
    response = client.post(
        "/login", {"username": "alice", "password": "correct horse battery staple"}
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "200"
    assert "Too many requests" in response.content.decode()
    other = Client(REMOTE_ADDR="203.0.113.8")
    good = {"username": "alice", "password": "correct horse battery staple"}
    assert other.post("/login", good).status_code == 302


def test_the_6th_sign_up_within_30_minutes_from_one_ip_gets_429():
    """Five sign-ups from one IP go through; the sixth is refused and creates no account."""
    client = Client(REMOTE_ADDR="198.51.100.4")
    for i in range(5):
        response = Client(REMOTE_ADDR="198.51.100.4").post(
            "/signup",
            {"username": f"user{i}", "email": f"u{i}@example.org", "password": "Sup3r-secret-pw"},
        )
        assert response.status_code == 302, response.content[:300]
    response = client.post(
        "/signup", {"username": "user5", "email": "u5@example.org", "password": "Sup3r-secret-pw"}
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "1700"
    assert not User.objects.filter(username="user5").exists()


def test_the_429_page_is_in_the_users_language_and_htmx_gets_a_flash(make_user, client_for):
    """An Indonesian speaker reads the refusal in Indonesian; htmx swaps it into #flash."""
    for _ in range(25):
        Client(REMOTE_ADDR="192.0.2.1", HTTP_ACCEPT_LANGUAGE="id").post(
            "/login", {"username": "x", "password": "y"}
        )
    client = Client(REMOTE_ADDR="192.0.2.1", HTTP_ACCEPT_LANGUAGE="id")
    page = client.post("/login", {"username": "x", "password": "y"})
    assert page.status_code == 429 and "Terlalu banyak permintaan" in page.content.decode()
    flash = client.post("/login", {"username": "x", "password": "y"}, HTTP_HX_REQUEST="true")
    assert flash.status_code == 429 and flash["HX-Retarget"] == "#flash"
    assert "<html" not in flash.content.decode() and flash["Retry-After"]


def test_every_web_write_counts_per_user(make_user, client_for, monkeypatch):
    """Likes, follows, settings and posts all count against the user's write allowance."""
    small = ratelimit.Limit("write", 3, 300)
    monkeypatch.setattr("balai.web.ratelimit.WRITE", small)
    monkeypatch.setitem(web_ratelimit.LIMITS, "web:compose", (small,))
    make_user(username="bob")
    client = client_for(make_user(username="alice"))
    assert client.post("/accounts/bob/follow").status_code == 302
    assert client.post("/accounts/bob/mute").status_code == 302
    assert client.post("/settings/profile", {"default_visibility": "public"}).status_code == 302
    refused = client.post("/compose", {"text": "hello", "visibility": "public"})
    assert refused.status_code == 429 and refused["Retry-After"] == "200"


def test_reading_is_not_limited(make_user):
    """Page views are not writes: many reads from one IP are all served."""
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(30):
        assert client.get("/login").status_code == 200


def test_reports_from_the_web_form_are_rate_limited(make_user, monkeypatch):
    """Reporting is a write: past the REPORT allowance the form answers 429 with Retry-After."""
    from django.test import Client

    from balai.core import ratelimit as limits
    from balai.moderation.models import Report
    from balai.posts.services import PostDraft, post_create
    from balai.web import ratelimit as web_limits

    small = limits.Limit("report", 2, 1800)
    monkeypatch.setitem(web_limits.LIMITS, "moderation:report_post", (small,))
    author, reporter = make_user(), make_user()
    post = post_create(author=author, draft=PostDraft(text="an ordinary post"))
    client = Client()
    client.force_login(reporter)
    answers = [
        client.post(f"/moderation/report/{post.pk}", {"category": "spam", "comment": "x"})
        for _ in range(3)
    ]
    assert all(a.status_code in (200, 302) for a in answers[:2]), [a.status_code for a in answers]
    assert answers[2].status_code == 429 and int(answers[2]["Retry-After"]) > 0
    assert Report.objects.filter(reporter=reporter).count() <= 2
