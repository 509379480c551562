from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "balai.ops"
    label = "ops"
