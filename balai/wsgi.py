import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Load the language and screening models now, not on each worker's first post."""
    from balai.core.language import detect_language

    detect_language("Selamat pagi semuanya, the weather is lovely today.")
    try:
        from balai.moderation.screening import screen_text

        screen_text("hello there, selamat pagi", "en")
    except Exception:  # noqa: S110 - warming is an optimisation; the first post loads them anyway
        pass
    finally:
        # Workers fork from this process: they must never share its database connections.
        from django.db import connections

        connections.close_all()


_warm_up()
