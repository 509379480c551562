"""Background moderation work. Tasks take ids, load, and call one service."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from balai.moderation.classifiers import deep_backend
from balai.moderation.models import ScreenAction
from balai.moderation.screening import screen_text, screened_text
from balai.moderation.selectors import views_of
from balai.moderation.services.screen import hold_file, verdict_store
from balai.posts.models import Post, PostState
from balai.posts.notifications import withdraw_post_notifications
from balai.posts.services import post_state_set


@task()
def deep_screen(post_id: int) -> None:
    """Run the deep backend on a published post; hold it retroactively if the policy says so."""
    backend = deep_backend()
    post = Post.objects.filter(pk=post_id, deleted_at__isnull=True).first()
    if backend is None or post is None:
        return
    outcome = screen_text(screened_text(post), post.language, backends=(backend,))
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post_id)
        verdict = verdict_store(post=post, outcome=outcome, stage="deep", is_edit=False)
        if post.state != PostState.PUBLISHED or outcome.action not in (
            ScreenAction.HOLD,
            ScreenAction.REJECT,
        ):
            return
        post_state_set(post=post, state=PostState.HELD)
        hold_file(post=post, verdict=verdict, views=views_of([post.pk]))
        transaction.on_commit(lambda: withdraw_post_notifications(post_id))
