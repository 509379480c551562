"""No input makes a web page fail with a 500: every form and parameter gets a 2xx, 3xx or 4xx."""

from __future__ import annotations

import pytest
from django.test import Client

from balai.posts import services

NASTY = ["", "\x00", "x" * 5000, "'; DROP TABLE x; --", "<script>", "-1", "9" * 30, "ü∑😀", "%s%d"]
FIELDS = [
    "text", "spoiler_text", "visibility", "in_reply_to", "quote_of", "next", "username", "email",
    "password", "reason", "code", "display_name", "bio", "locked", "default_visibility",
    "language", "field_name_0", "field_value_0", "decision", "user_id", "step", "form", "q",
    "max_id", "new_password1", "new_password2", "pw-old_password",
]  # fmt: skip
PAGES = [
    "/", "/home", "/local", "/tags/x", "/bookmarks", "/compose", "/notifications", "/search",
    "/signup", "/login", "/login/2fa", "/password/reset", "/settings/profile",
    "/settings/security", "/settings/2fa", "/settings/2fa/disable",
    "/settings/2fa/recovery-codes", "/settings/follow-requests", "/settings/language",
    "/pending-accounts", "/@alice", "/@alice/followers", "/accounts/alice/follow",
    "/accounts/alice/block", "/manifest.webmanifest", "/sw.js", "/offline",
]  # fmt: skip


@pytest.mark.parametrize("signed_in", [False, True])
def test_garbage_in_every_field_of_every_page_never_causes_a_server_error(make_user, signed_in):
    alice = make_user(username="alice", role="moderator")
    post = services.post_create(author=alice, draft=services.PostDraft(text="target"))
    client = Client(raise_request_exception=False)
    if signed_in:
        client.force_login(make_user(username="bob"))
    pages = [*PAGES, f"/@alice/{post.pk}", f"/posts/{post.pk}/edit", f"/posts/{post.pk}/like"]
    for value in NASTY:
        data = dict.fromkeys(FIELDS, value)
        for url in pages:
            for response in (client.get(url, data), client.post(url, data)):
                assert response.status_code < 500, (url, value, response.status_code)
