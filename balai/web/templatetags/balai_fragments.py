"""Tags for the fragments every page repeats, served from `balai.web.fragments`.

`{% posts cards %}` prints a page's posts; `{% compose_box compose_form %}` the compose box.
Both put this request's CSRF token into the forms of the cached HTML.
"""

from __future__ import annotations

from django import forms, template
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString, mark_safe

from balai.web.cards import Card
from balai.web.fragments import BlankForm, compose_html, posts_html

register = template.Library()


@register.simple_tag(takes_context=True)
def posts(context: template.Context, cards: list[Card]) -> SafeString:
    html = posts_html(cards, lambda: CsrfTokenNode().render(context))
    return mark_safe(html)  # noqa: S308 - rendered by autoescaping templates


@register.simple_tag(takes_context=True)
def compose_box(context: template.Context, form: forms.Form | BlankForm) -> SafeString:
    html = compose_html(
        form,
        context["current_path"],
        context["max_post_chars"],
        lambda: CsrfTokenNode().render(context),
    )
    return mark_safe(html)  # noqa: S308 - rendered by autoescaping templates
