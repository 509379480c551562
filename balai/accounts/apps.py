from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "balai.accounts"
    label = "accounts"

    def ready(self) -> None:
        from balai.accounts.deletion import account_purge_due
        from balai.accounts.ip_retention import ip_purge
        from balai.core.periodic import register

        register("account_purge", 600, account_purge_due)
        register("ip_purge", 3600, ip_purge)
