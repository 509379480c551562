from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "balai.accounts"
    label = "accounts"
