"""Moderation tests screen with the rules backend only, so outcomes do not drift with models."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def rules_only(settings):  # type: ignore[no-untyped-def]
    settings.BALAI_MODERATION_BACKENDS = "balai.moderation.classifiers.rules.RulesBackend"
    settings.BALAI_MODERATION_DEEP_BACKEND = ""
    settings.BALAI_POST_SCREEN = "balai.moderation.services.post_screen"
    from balai.moderation.policy import forget_cached_policy

    forget_cached_policy()


@pytest.fixture
def post():  # type: ignore[no-untyped-def]
    from balai.posts.services import PostDraft, post_create

    def make(author, text, **kwargs):  # type: ignore[no-untyped-def]
        return post_create(author=author, draft=PostDraft(text=text), **kwargs)

    return make
