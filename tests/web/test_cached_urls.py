"""`{% cached_url %}` prints exactly what `{% url %}` would, under any script prefix."""

from __future__ import annotations

from django.template import Context, Template
from django.urls import set_script_prefix


def render(source: str, **values: object) -> str:
    return Template("{% load balai_urls %}" + source).render(Context(values))


def test_cached_url_is_url_under_each_script_prefix():
    """The same names and arguments, reversed once per prefix: never another prefix's path."""
    source = "{% url 'web:home' %} {% url 'web:profile' name %}"
    cached = source.replace("{% url", "{% cached_url")
    try:
        for prefix in ("/", "/balai/", "/"):
            set_script_prefix(prefix)
            for name in ("alice", "bob", "a&b"):
                assert render(cached, name=name) == render(source, name=name)
        set_script_prefix("/balai/")
        assert render(cached, name="alice") == "/balai/home /balai/@alice"
    finally:
        set_script_prefix("/")
