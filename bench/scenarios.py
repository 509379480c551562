"""What the bench measures, and how each request is made.

The server has two front doors: the Mastodon client API (bearer tokens) and the server-rendered
web UI (session cookies). `discover` probes the live server and returns a scenario for each
endpoint that answers, so the bench works while either is still being built.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from bench.load import Request, RequestMaker, probe

TARGETS_NOTE = (
    "Targets (2 cores, PostgreSQL): home timeline >= 200 req/s with p99 <= 50 ms; "
    "posting >= 200 posts/s."
)
CSRF = secrets.token_hex(16)  # a 32-character secret: Django accepts it unmasked
TOPICS = [
    "Hujan lagi di Jakarta sore ini, bawa payung ya",
    "Great match last night, what a finish",
    "Kopi tubruk pagi ini mantap sekali",
    "Just merged a pull request into an open source project",
    "Nasi goreng at midnight is a human right",
]


def _api(user: dict[str, str], path: str, body: dict[str, str] | None = None) -> Request:
    headers = {"Authorization": f"Bearer {user['token']}"}
    if body is None:
        return Request("GET", path, headers)
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return Request("POST", path, headers, urlencode(body).encode())


def _web(
    cookie: str, user: dict[str, str], path: str, body: dict[str, str] | None = None
) -> Request:
    headers = {"Cookie": f"{cookie}={user['session']}; csrftoken={CSRF}"}
    if body is None:
        return Request("GET", path, headers)
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["X-CSRFToken"] = CSRF
    return Request("POST", path, headers, urlencode(body).encode())


def _text(number: int) -> str:
    return f"{TOPICS[number % len(TOPICS)]} (bench {number}) #bench"


def candidates(credentials: dict[str, Any]) -> list[tuple[str, RequestMaker]]:
    users: list[dict[str, str]] = credentials["users"]
    cookie: str = credentials["session_cookie"]

    def pick(number: int) -> dict[str, str]:
        return users[number % len(users)]

    return [
        ("home timeline  API", lambda n: _api(pick(n), "/api/v1/timelines/home?limit=20")),
        ("home timeline  web /home", lambda n: _web(cookie, pick(n), "/home")),
        (
            "local timeline API",
            lambda n: _api(pick(n), "/api/v1/timelines/public?local=true&limit=20"),
        ),
        ("local timeline web /local", lambda n: _web(cookie, pick(n), "/local")),
        (
            "post           API",
            lambda n: _api(pick(n), "/api/v1/statuses", {"status": _text(n)}),
        ),
        (
            "post           web /compose",
            lambda n: _web(
                cookie,
                pick(n),
                "/compose",
                {"text": _text(n), "spoiler_text": "", "visibility": "public"},
            ),
        ),
    ]


def discover(port: int, credentials: dict[str, Any]) -> list[tuple[str, RequestMaker]]:
    """The scenarios whose endpoint answers with success on this server."""
    found = []
    for name, make in candidates(credentials):
        status, _body = probe(port, make(0))
        ok = 200 <= status < 300 or (status in (302, 303) and make(0).method == "POST")
        print(f"  probe {name:<30} -> {status or 'no answer'}{'' if ok else '  (skipped)'}")
        if ok:
            found.append((name, make))
    return found
