from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "balai.core"
    label = "core"

    def ready(self) -> None:
        from balai.core import periodic
        from balai.core.search import refresh_planner_statistics

        periodic.register("sqlite_analyze", 6 * 3600, refresh_planner_statistics)
