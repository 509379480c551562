from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "balai.moderation"
    label = "moderation"

    def ready(self) -> None:
        from balai.core.events import subscribe
        from balai.moderation.media_screen import on_media_ready

        subscribe("media.ready", on_media_ready)
