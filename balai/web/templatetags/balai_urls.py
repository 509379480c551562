"""`{% cached_url 'web:home' %}`: `{% url %}` for the chrome of every page, reversed once.

Every page's navigation reverses a dozen URLs, each a walk through the URL patterns. A path
depends only on the view name, its arguments, the URL configuration and the script prefix, so
the result is kept under exactly those (least recently used out first). Output is escaped like
`{% url %}`'s.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.simple_tag
def cached_url(viewname: str, *args: object) -> str:
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(viewname, tuple(str(arg) for arg in args), urlconf, get_script_prefix())


@lru_cache(maxsize=2048)
def _reverse(viewname: str, args: tuple[str, ...], urlconf: str, prefix: str) -> str:
    """`prefix` is part of the key: `reverse` reads the current script prefix itself."""
    return reverse(viewname, args=args, urlconf=urlconf)
