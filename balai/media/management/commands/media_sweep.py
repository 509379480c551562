from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from balai.media.purge import media_sweep


class Command(BaseCommand):
    help = (
        "Remove files of deleted posts and unattached uploads older than 24 hours, and retry "
        "stalled processing. Run it every minute (cron, systemd timer) for deletion within 60 s."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = media_sweep()
        self.stdout.write(
            f"deleted-post media: {result.deleted_posts}, expired uploads: "
            f"{result.expired_uploads}, retried: {result.retried}"
        )
