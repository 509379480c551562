"""What the instance says about itself, shared by /api/v1/instance, v2 and NodeInfo."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version

from django.conf import settings

MASTODON_API_VERSION = "4.5.0"


def balai_version() -> str:
    try:
        return package_version("balai")
    except PackageNotFoundError:
        return "0.1.0"


def version_string() -> str:
    return f"{MASTODON_API_VERSION} (compatible; Balai {balai_version()})"


def domain() -> str:
    return str(settings.BALAI_DOMAIN)


def registrations_open() -> bool:
    return settings.BALAI_REGISTRATION_MODE != "closed"
