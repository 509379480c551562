from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "balai.privacy"
    label = "privacy"

    def ready(self) -> None:
        from balai.core.periodic import register
        from balai.privacy.deletion import account_purge_due

        # Often enough that, once an account's grace period ends, its files leave storage
        # within a minute (issue: media of deleted accounts removed within 60 s).
        register("account_purge", 30, account_purge_due)
