from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "balai.api"
    label = "api"
