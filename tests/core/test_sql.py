"""The hand-written SQL helpers take names from the models and refuse anything else."""

from __future__ import annotations

import pytest

from balai.accounts.models import Follow
from balai.core import sql


def test_names_come_from_model_metadata() -> None:
    arm = sql.tagged_select("f", Follow, "followee", where="follower")
    assert arm == 'SELECT \'f\', "followee_id" FROM "accounts_follow" WHERE "follower_id" = %s'


def test_a_tag_that_is_not_a_plain_word_is_refused() -> None:
    with pytest.raises(ValueError):
        sql.tagged_select("f' OR '1", Follow, "followee", where="follower")


def test_a_relation_that_is_not_a_column_is_refused() -> None:
    with pytest.raises(ValueError):
        sql.column(Follow._meta.get_field("follower").related_model, "following_set")  # type: ignore[arg-type]


def test_update_by_id_writes_values_as_the_orm_would(make_user):  # type: ignore[no-untyped-def]
    """Choices are stored by value (not by enum name) and only the named row changes."""
    from balai.core.sql import update_by_id
    from balai.posts import services
    from balai.posts.models import Post, PostState

    author = make_user()
    first, second = (
        services.post_create(author=author, draft=services.PostDraft(text=t)) for t in "ab"
    )
    update_by_id(Post, first.pk, state=PostState.HELD, sensitive=True)
    assert Post.objects.filter(state="held").get().pk == first.pk
    assert Post.objects.get(pk=first.pk).sensitive
    assert Post.objects.get(pk=second.pk).state == "published"
