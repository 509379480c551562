from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "balai.media"
    label = "media"

    def ready(self) -> None:
        from balai.core import periodic
        from balai.core.events import subscribe
        from balai.media import purge

        # Files of a deleted post (or account) leave storage as soon as a worker runs the task.
        subscribe("post.deleted", purge.on_post_deleted)
        subscribe("user.deleted", purge.on_user_deleted)
        # Deleted posts' files must leave storage within 60 s even if a purge task was lost.
        periodic.register("media_sweep", 30, purge.media_sweep)
