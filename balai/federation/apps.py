from django.apps import AppConfig


class FederationConfig(AppConfig):
    name = "balai.federation"
    label = "federation"
