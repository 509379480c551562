from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "balai.accounts"
    label = "accounts"

    def ready(self) -> None:
        from balai.accounts.ip_retention import ip_purge
        from balai.core.periodic import register

        register("ip_purge", 3600, ip_purge)
