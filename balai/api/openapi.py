"""An accurate OpenAPI document for the client API (for clients, docs and fuzzing).

Endpoints parse their parameters with `balai.api.params` (Mastodon clients send them in every
encoding), so ninja cannot see them; this module declares the main ones, and marks operations
open to anonymous callers with an empty security requirement (`{}`: a token is optional).
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from balai.api.auth import ScopedBearer

Schema = dict[str, Any]
STR: Schema = {"type": "string"}
ID: Schema = {"type": "string", "pattern": "^[0-9]{1,19}$"}
BOOL: Schema = {"type": "boolean"}
INT: Schema = {"type": "integer"}
IDS: Schema = {"type": "array", "items": ID, "maxItems": 6}
VISIBILITY: Schema = {"type": "string", "enum": ["public", "unlisted", "private", "direct"]}
CONTEXTS: Schema = {
    "type": "array",
    "items": {"type": "string", "enum": ["home", "notifications", "public", "thread", "account"]},
}

STATUS: Schema = {
    "status": STR,
    "media_ids": IDS,
    "in_reply_to_id": ID,
    "sensitive": BOOL,
    "spoiler_text": STR,
    "visibility": VISIBILITY,
    "language": STR,
    "poll": {
        "type": "object",
        "properties": {
            "options": {"type": "array", "items": STR},
            "expires_in": INT,
            "multiple": BOOL,
            "hide_totals": BOOL,
        },
    },
}
FIELD: Schema = {"type": "object", "properties": {"name": STR, "value": STR}}
FILTER_V2: Schema = {
    "title": STR,
    "context": CONTEXTS,
    "filter_action": {"type": "string", "enum": ["warn", "hide", "blur"]},
    "expires_in": INT,
    "keywords_attributes": {
        "type": "array",
        "items": {"type": "object", "properties": {"keyword": STR, "whole_word": BOOL}},
    },
}

BODIES: dict[tuple[str, str], Schema] = {
    ("post", "/api/v1/statuses"): STATUS,
    ("put", "/api/v1/statuses/{status_id}"): STATUS,
    ("patch", "/api/v1/accounts/update_credentials"): {
        "display_name": STR,
        "note": STR,
        "locked": BOOL,
        "bot": BOOL,
        "discoverable": BOOL,
        "fields_attributes": {"type": "array", "items": FIELD, "maxItems": 6},
        "source": {
            "type": "object",
            "properties": {"privacy": VISIBILITY, "language": STR, "sensitive": BOOL},
        },
    },
    ("post", "/api/v1/accounts/{account_id}/follow"): {"reblogs": BOOL, "notify": BOOL},
    ("post", "/api/v1/accounts/{account_id}/mute"): {"notifications": BOOL, "duration": INT},
    ("post", "/api/v1/lists"): {
        "title": STR,
        "replies_policy": {"type": "string", "enum": ["followed", "list", "none"]},
        "exclusive": BOOL,
    },
    ("put", "/api/v1/lists/{list_id}"): {"title": STR, "exclusive": BOOL},
    ("post", "/api/v1/lists/{list_id}/accounts"): {"account_ids": IDS},
    ("delete", "/api/v1/lists/{list_id}/accounts"): {"account_ids": IDS},
    ("post", "/api/v2/filters"): FILTER_V2,
    ("put", "/api/v2/filters/{filter_id}"): FILTER_V2,
    ("post", "/api/v1/filters"): {
        "phrase": STR,
        "context": CONTEXTS,
        "irreversible": BOOL,
        "whole_word": BOOL,
        "expires_in": INT,
    },
    ("post", "/api/v1/reports"): {
        "account_id": ID,
        "status_ids": IDS,
        "comment": STR,
        "forward": BOOL,
        "category": {"type": "string", "enum": ["spam", "legal", "violation", "other"]},
        "rule_ids": IDS,
    },
    ("post", "/api/v1/polls/{poll_id}/votes"): {"choices": {"type": "array", "items": INT}},
    ("post", "/api/v1/markers"): {
        "home": {"type": "object", "properties": {"last_read_id": ID}},
        "notifications": {"type": "object", "properties": {"last_read_id": ID}},
    },
}

PAGE = {"max_id": ID, "since_id": ID, "min_id": ID, "limit": INT}
QUERIES: dict[tuple[str, str], Schema] = {
    ("get", "/api/v1/timelines/home"): PAGE,
    ("get", "/api/v1/timelines/public"): {**PAGE, "local": BOOL, "only_media": BOOL},
    ("get", "/api/v1/timelines/tag/{hashtag}"): {**PAGE, "only_media": BOOL, "any": STR},
    ("get", "/api/v1/accounts/{account_id}/statuses"): {
        **PAGE,
        "only_media": BOOL,
        "pinned": BOOL,
        "exclude_replies": BOOL,
        "exclude_reblogs": BOOL,
        "tagged": STR,
    },
    ("get", "/api/v1/notifications"): {**PAGE, "types[]": STR, "exclude_types[]": STR},
    ("get", "/api/v2/search"): {
        "q": STR,
        "type": {"type": "string", "enum": ["accounts", "hashtags", "statuses"]},
        "resolve": BOOL,
        "limit": INT,
        "offset": INT,
    },
    ("get", "/api/v1/accounts/search"): {"q": STR, "limit": INT, "following": BOOL},
    ("get", "/api/v1/accounts/lookup"): {"acct": STR},
    ("get", "/api/v1/accounts/relationships"): {"id[]": ID},
    ("get", "/api/v1/statuses"): {"id[]": ID},
}


def _body(properties: Schema) -> Schema:
    schema = {"type": "object", "properties": properties}
    return {
        "required": False,
        "content": {
            "application/json": {"schema": schema},
            "application/x-www-form-urlencoded": {"schema": schema},
        },
    }


def _optional_operations(api: NinjaAPI, prefix: str) -> set[tuple[str, str]]:
    """(method, path) of every operation that anonymous callers may use."""
    found: set[tuple[str, str]] = set()
    for router_prefix, router in api._routers:
        for path, view in router.path_operations.items():
            full = prefix + (router_prefix + path).replace("//", "/").lstrip("/")
            for operation in view.operations:
                auth = list(operation.auth_callbacks)
                if not auth or any(isinstance(a, ScopedBearer) and a.optional for a in auth):
                    found.update((m.lower(), full) for m in operation.methods)
    return found


def document(api: NinjaAPI, schema: Schema, prefix: str) -> Schema:
    """Add the declared bodies and query parameters, and anonymous access where allowed."""
    optional = _optional_operations(api, prefix)
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if (method, path) in BODIES:
                operation["requestBody"] = _body(BODIES[(method, path)])
            for name, item in QUERIES.get((method, path), {}).items():
                operation["parameters"].append(
                    {"in": "query", "name": name, "required": False, "schema": item}
                )
            if (method, path) in optional and operation.get("security"):
                operation["security"] = [*operation["security"], {}]
    return schema
