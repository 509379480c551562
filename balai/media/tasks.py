"""Background tasks for media: each takes ids, loads, and calls one service."""

from __future__ import annotations

from django_tasks import task


@task()
def process_media(media_id: int) -> None:
    from balai.media.processing import media_process

    media_process(media_id=media_id)


@task()
def purge_post_media(post_id: int) -> None:
    from balai.media.purge import media_purge_for_post

    media_purge_for_post(post_id=post_id)


@task()
def purge_user_media(user_id: int) -> None:
    from balai.media.purge import media_purge_for_user

    media_purge_for_user(user_id=user_id)
