"""Read Mastodon request parameters from wherever clients put them.

Clients send the same parameters in the query string, as form or multipart bodies, or as JSON,
with Rails-style brackets for arrays and hashes (`media_ids[]`, `poll[options][]`,
`fields_attributes[0][name]`). `params(request)` merges all of them into one nested dict and
`Params` reads typed values with precise 422 messages.
"""

from __future__ import annotations

import json
import re
from io import BytesIO
from typing import Any

from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from balai.api.errors import ApiError

KEY_RE = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
TRUE = {"1", "true", "on", "yes", "t"}
FALSE = {"0", "false", "off", "no", "f", ""}


def _insert(target: dict[str, Any], key: str, value: Any) -> None:
    match = KEY_RE.match(key)
    if match is None:
        target[key] = value
        return
    parts = [match.group(1), *re.findall(r"\[([^\[\]]*)\]", match.group(2))]
    node: Any = target
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        following = None if last else parts[index + 1]
        if isinstance(node, list):
            node.append(value)
            return
        if last:
            node[part] = value
            return
        default: Any = [] if following == "" else {}
        existing = node.get(part)
        if not isinstance(existing, type(default)):
            node[part] = default
        node = node[part]


def _merge_querydict(target: dict[str, Any], data: QueryDict) -> None:
    for key, values in data.lists():
        if len(values) > 1 and "[" not in key:  # `media_ids=1&media_ids=2`: a plain repeat
            target[key] = list(values)
            continue
        for value in values:
            _insert(target, key, value)


def _body_form(request: HttpRequest) -> QueryDict:
    if request.method == "POST":
        return request.POST
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        return QueryDict(request.body, encoding=request.encoding)
    if content_type == "multipart/form-data":
        form, _files = request.parse_file_upload(request.META, BytesIO(request.body))
        return form
    return QueryDict()


def uploaded_files(request: HttpRequest) -> MultiValueDict:
    """Files of a multipart body, for PATCH/PUT too (Django parses them for POST only)."""
    if request.method == "POST" or request.content_type != "multipart/form-data":
        return request.FILES
    try:
        _form, files = request.parse_file_upload(request.META, BytesIO(request.body))
    except Exception as exc:  # a malformed multipart body
        raise ApiError(422, _("Validation failed: the request body is malformed")) from exc
    return files


def params(request: HttpRequest) -> dict[str, Any]:
    cached = getattr(request, "_mastodon_params", None)
    if cached is not None:
        return cached
    merged: dict[str, Any] = {}
    _merge_querydict(merged, request.GET)
    if (request.content_type or "").startswith("application/json") and request.body:
        try:
            body = json.loads(request.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ApiError(422, _("Validation failed: the JSON body is malformed")) from exc
        if not isinstance(body, dict):
            raise ApiError(422, _("Validation failed: the JSON body must be an object"))
        merged.update(body)
    else:
        try:
            _merge_querydict(merged, _body_form(request))
        except Exception as exc:  # a malformed multipart body
            raise ApiError(422, _("Validation failed: the request body is malformed")) from exc
    request._mastodon_params = merged  # type: ignore[attr-defined]
    return merged


def invalid(name: str, problem: str) -> ApiError:
    return ApiError(
        422, _("Validation failed: %(name)s %(problem)s") % {"name": name, "problem": problem}
    )


class Params:
    def __init__(self, request: HttpRequest) -> None:
        self.data = params(request)

    def has(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str) -> Any:
        return self.data.get(name)

    def text(
        self, name: str, default: str = "", *, required: bool = False, max_length: int = 10000
    ) -> str:
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                raise invalid(name, _("can't be blank"))
            return default
        if isinstance(value, (dict, list)):
            raise invalid(name, _("must be a string"))
        value = str(value)
        if len(value) > max_length:
            raise invalid(name, _("is too long (at most %(n)d characters)") % {"n": max_length})
        if "\x00" in value:
            raise invalid(name, _("contains characters that are not allowed"))
        return value

    def opt_str(self, name: str) -> str | None:
        return self.text(name) if self.has(name) and self.data[name] is not None else None

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.data.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE:
            return True
        if word in FALSE:
            return False
        raise invalid(name, _("must be true or false"))

    def number(
        self, name: str, default: int | None = None, *, minimum: int = 0, maximum: int = 2**63 - 1
    ) -> int | None:
        value = self.data.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            raise invalid(name, _("must be a number"))
        try:
            number = int(str(value).strip())
        except ValueError as exc:
            raise invalid(name, _("must be a number")) from exc
        if not minimum <= number <= maximum:
            raise invalid(name, _("is out of range"))
        return number

    def items(self, name: str) -> list[str]:
        value = self.data.get(name)
        if value is None or value == "":
            return []
        if isinstance(value, dict):
            value = list(value.values())
        if not isinstance(value, list):
            value = [value]
        if any(isinstance(v, (dict, list)) for v in value):
            raise invalid(name, _("must be a list of strings"))
        return [str(v) for v in value][:100]

    def mapping(self, name: str) -> dict[str, Any]:
        value = self.data.get(name)
        if value is None or value == "":
            return {}
        if not isinstance(value, dict):
            raise invalid(name, _("must be a hash"))
        return value
