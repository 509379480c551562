from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "balai.media"
    label = "media"
