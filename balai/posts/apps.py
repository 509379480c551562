from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "balai.posts"
    label = "posts"

    def ready(self) -> None:
        from balai.posts import notifications

        notifications.subscribe_to_account_events()
