"""`{% posts cards %}`: a page's posts, each from the fragment cache (balai.web.fragments)."""

from __future__ import annotations

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString, mark_safe

from balai.web.cards import Card
from balai.web.fragments import posts_html

register = template.Library()


@register.simple_tag(takes_context=True)
def posts(context: template.Context, cards: list[Card]) -> SafeString:
    html = posts_html(cards, lambda: CsrfTokenNode().render(context))
    return mark_safe(html)  # noqa: S308 - rendered by autoescaping templates
