from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "balai.posts"
    label = "posts"

    def ready(self) -> None:
        from balai.core import periodic
        from balai.posts import home, notifications

        notifications.subscribe_to_account_events()
        home.subscribe_to_account_events()
        periodic.register("trim_home_lists", 3600, home.trim_home_lists)
