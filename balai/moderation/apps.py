from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "balai.moderation"
    label = "moderation"
