"""Rendered posts, shared between requests and viewers, each keyed by everything it shows.

The HTML of one post (`web/partials/post.html`) is a pure function of three things: its card
(`balai.web.cards`), the interface language, and the template itself. The card already holds
every value the template prints — text, counts, formatted dates (in the page's time zone), the
translated visibility, and what this viewer did and may do as plain flags (liked, own post...),
never who the viewer is — and the template is rendered with a bare `Context` holding only the
card (and the action bar's words in the active language), so it cannot read the request, the
user or the session even by mistake.

A fragment's key is a digest of the language and the card's full `repr`, and fragments are kept
per compiled template object (a template edit in development brings a new object, and an empty
cache). So an edit, a new count, a changed display name or avatar, another language or another
viewer's state is another key: a fragment can be evicted, never stale, and never reaches a page
it was not rendered for. Fragments live in this process's memory (a bounded LRU): nothing is
shared between processes, and nothing needs invalidating.

The one per-request value, the CSRF token, is never rendered into a fragment: there the
template's `{% csrf_token %}` prints a random per-process placeholder, which is replaced with the
request's own hidden input when the page is assembled.

The compose box above a timeline is the other fragment every page repeats; a blank one is cached
the same way (see `compose_html`).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.template import Context, Template, loader
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix
from django.utils import translation

from balai.web.cards import Card, action_labels

POST_TEMPLATE = "web/partials/post.html"
COMPOSE_TEMPLATE = "web/partials/compose.html"
PLAIN = (str, int, type(None))  # initial values whose repr is all they print
# A post is about 3 KB of UTF-8, so at most ~25 MB per process; enough for every post on the
# pages of a few hundred people at once (a cyclic reader larger than an LRU gets no hits).
MAX_FRAGMENTS = 8192

_CSRF_PLACEHOLDER = secrets.token_hex(16)
_PLACEHOLDER_INPUT = CsrfTokenNode().render(Context({"csrf_token": _CSRF_PLACEHOLDER}))


class Fragments:
    """A bounded, thread-safe LRU of rendered fragments (UTF-8: half the memory of a str with
    any non-Latin-1 character, such as the action bar's symbols) by key."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[bytes, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: bytes) -> bytes | None:
        with self._lock:
            html = self._items.get(key)
            if html is not None:
                self._items.move_to_end(key)
            return html

    def put(self, key: bytes, html: bytes) -> None:
        with self._lock:
            self._items[key] = html
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


_by_template: weakref.WeakKeyDictionary[Template, Fragments] = weakref.WeakKeyDictionary()
_by_template_lock = threading.Lock()


def fragments_for(template: Template) -> Fragments:
    with _by_template_lock:
        cache = _by_template.get(template)
        if cache is None:
            cache = _by_template[template] = Fragments(MAX_FRAGMENTS)
        return cache


def fragment_key(language: str | None, values: object) -> bytes:
    return hashlib.blake2b(repr((language, values)).encode(), digest_size=32).digest()


def _template(name: str) -> tuple[Template, Fragments]:
    template = loader.get_template(name).template  # type: ignore[attr-defined]
    return template, fragments_for(template)


def _render(template: Template, values: dict[str, object]) -> str:
    """`template` with nothing but `values` (and the CSRF placeholder) in its context."""
    return template.render(Context({**values, "csrf_token": _CSRF_PLACEHOLDER}))


def _with_csrf(html: str, csrf_input: Callable[[], str]) -> str:
    """`csrf_input()` gives the request's own `{% csrf_token %}` output; it is asked for only
    when the HTML has a form (as the tag itself would be)."""
    if _PLACEHOLDER_INPUT in html:
        html = html.replace(_PLACEHOLDER_INPUT, csrf_input())
    return html


def posts_html(cards: Iterable[Card], csrf_input: Callable[[], str]) -> str:
    """The HTML of `cards`, in order, each from the cache or rendered once into it."""
    template, cache = _template(POST_TEMPLATE)
    language = translation.get_language()
    parts = []
    for card in cards:
        key = fragment_key(language, card)
        html = cache.get(key)
        if html is None:
            html = _render(template, {"c": card, "t": action_labels()}).encode()
            cache.put(key, html)
        parts.append(html)
    return _with_csrf(b"".join(parts).decode(), csrf_input)


@dataclass(frozen=True)
class BlankForm:
    """An unbound form that is not built yet (building one deep-copies all its fields): on most
    pages its HTML comes from the cache and it is never built at all."""

    form_class: type[forms.Form]
    initial: dict[str, Any]

    def build(self) -> forms.Form:
        return self.form_class(initial=self.initial)


def compose_html(
    form: forms.Form | BlankForm,
    current_path: str,
    max_post_chars: int,
    csrf_input: Callable[[], str],
) -> str:
    """The compose box (`web/partials/compose.html`).

    A blank form (unbound, as every timeline shows it) prints nothing but its class's fields,
    its plain initial values, the page's path, the length limit and the site's URL prefix, so it
    is cached under exactly those; a bound one (the writer's text, its errors) is rendered every
    time."""
    template, cache = _template(COMPOSE_TEMPLATE)
    values = {"current_path": current_path, "max_post_chars": max_post_chars}
    if isinstance(form, BlankForm):
        kind = _form_kind(form.form_class, form.form_class.prefix, "id_%s")
        initial, build = sorted(form.initial.items()), form.build
    else:
        kind = _form_kind(type(form), form.prefix, form.auto_id)
        initial, build = sorted(form.initial.items()), lambda: form
        if form.is_bound:
            return _with_csrf(_render(template, {**values, "compose_form": form}), csrf_input)
    if not all(isinstance(value, PLAIN) for _name, value in initial):
        return _with_csrf(_render(template, {**values, "compose_form": build()}), csrf_input)
    url_prefix = get_script_prefix()  # its form action is a {% cached_url %}
    key = fragment_key(
        translation.get_language(), (kind, initial, current_path, max_post_chars, url_prefix)
    )
    html = cache.get(key)
    if html is None:
        html = _render(template, {**values, "compose_form": build()}).encode()
        cache.put(key, html)
    return _with_csrf(html.decode(), csrf_input)


def _form_kind(
    form_class: type[forms.Form], prefix: str | None, auto_id: object
) -> tuple[str, str, str | None, object]:
    return (form_class.__module__, form_class.__qualname__, prefix, auto_id)
