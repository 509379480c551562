"""Instance discovery: /api/v1/instance, /api/v2/instance, rules, custom emojis, preferences."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.templatetags.static import static
from ninja import Router

from balai.accounts.models import Role, User
from balai.api.auth import current_user, scoped
from balai.api.instance import domain, registrations_open, version_string
from balai.api.schemas.account import serialize_account
from balai.api.schemas.common import absolute
from balai.media.services import MAX_ATTACHMENTS, MAX_DESCRIPTION
from balai.media.video import video_supported
from balai.posts.models import Post, PostState

router = Router(tags=["instance"])


def _contact() -> User | None:
    return User.objects.filter(role=Role.ADMIN, is_active=True).order_by("id").first()


def _media_configuration() -> dict[str, Any]:
    """What the media pipeline really accepts (types from content, limits from settings)."""
    video = video_supported()
    images = ["image/jpeg", "image/png", "image/gif", "image/webp"]
    return {
        "supported_mime_types": images + (["video/mp4", "video/webm"] if video else []),
        "image_size_limit": settings.BALAI_MEDIA_MAX_IMAGE_BYTES,
        "image_matrix_limit": settings.BALAI_MEDIA_MAX_PIXELS,
        "video_size_limit": settings.BALAI_MEDIA_MAX_VIDEO_BYTES if video else 0,
        "video_frame_rate_limit": 120 if video else 0,  # as Mastodon; not enforced
        "video_matrix_limit": settings.BALAI_MEDIA_MAX_PIXELS if video else 0,
        "description_limit": MAX_DESCRIPTION,
    }


def _configuration() -> dict[str, Any]:
    return {
        "urls": {"streaming": None, "status": None},
        "vapid": {"public_key": ""},
        "accounts": {"max_featured_tags": 0, "max_pinned_statuses": 5},
        "statuses": {
            "max_characters": settings.BALAI_MAX_POST_CHARS,
            "max_media_attachments": MAX_ATTACHMENTS,
            "characters_reserved_per_url": 23,
        },
        "media_attachments": _media_configuration(),
        "polls": {
            "max_options": 4,
            "max_characters_per_option": 50,
            "min_expiration": 300,
            "max_expiration": 2629746,
        },
        "translation": {"enabled": False},
        "timelines_access": {
            "live_feeds": {"local": "public", "remote": "public"},
            "hashtag_feeds": {"local": "public", "remote": "public"},
            "trending_link_feeds": {"local": "public", "remote": "public"},
        },
    }


STATS_SECONDS = 600


def _stats() -> dict[str, int]:
    """Counted at most every ten minutes (as Mastodon does): clients ask on every start, and
    counting every post of a large instance takes the database a tenth of a second."""
    cached: dict[str, int] | None = cache.get("balai:instance-stats")
    if cached is None:
        cached = _count_stats()
        cache.set("balai:instance-stats", cached, STATS_SECONDS)
    return cached


def _count_stats() -> dict[str, int]:
    return {
        "user_count": User.objects.filter(is_active=True, is_system=False).count(),
        "status_count": Post.objects.filter(
            state=PostState.PUBLISHED, deleted_at__isnull=True, reblog_of__isnull=True
        ).count(),
        "domain_count": 0,
    }


def _rules() -> list[dict[str, str]]:
    try:
        from balai.moderation.rules import instance_rules  # type: ignore[import-not-found]
    except ImportError:
        return []
    return list(instance_rules())


@router.get("/v1/instance", auth=None)
def instance_v1(request: HttpRequest) -> dict[str, Any]:
    contact = _contact()
    config = _configuration()
    return {
        "uri": domain(),
        "title": settings.BALAI_SITE_NAME,
        "short_description": "",
        "description": "",
        "email": contact.email if contact else "",
        "version": version_string(),
        "urls": {"streaming_api": None},
        "stats": _stats(),
        "thumbnail": absolute(static("api/missing.png")),
        "languages": [code for code, _name in settings.LANGUAGES],
        "registrations": registrations_open(),
        "approval_required": settings.BALAI_REGISTRATION_MODE == "approval",
        "invites_enabled": False,
        "configuration": {k: v for k, v in config.items() if k != "urls"},
        "contact_account": serialize_account(contact) if contact else None,
        "rules": _rules(),
    }


@router.get("/v2/instance", auth=None)
def instance_v2(request: HttpRequest) -> dict[str, Any]:
    contact = _contact()
    return {
        "domain": domain(),
        "title": settings.BALAI_SITE_NAME,
        "version": version_string(),
        "source_url": "https://github.com/balai-social/balai",
        "description": "",
        "usage": {"users": {"active_month": _stats()["user_count"]}},
        "thumbnail": {"url": absolute(static("api/missing.png")), "blurhash": None, "versions": {}},
        "icon": [],
        "languages": [code for code, _name in settings.LANGUAGES],
        "configuration": _configuration(),
        "registrations": {
            "enabled": registrations_open(),
            "approval_required": settings.BALAI_REGISTRATION_MODE == "approval",
            "message": None,
            "url": None,
            "min_age": None,
            "reason_required": settings.BALAI_REGISTRATION_MODE == "approval",
        },
        "api_versions": {"mastodon": 7},
        "contact": {
            "email": contact.email if contact else "",
            "account": serialize_account(contact) if contact else None,
        },
        "rules": _rules(),
    }


@router.get("/v1/instance/rules", auth=None)
def rules(request: HttpRequest) -> list[dict[str, str]]:
    return _rules()


@router.get("/v1/instance/peers", auth=None)
def peers(request: HttpRequest) -> list[str]:
    return []


@router.get("/v1/instance/activity", auth=None)
def activity(request: HttpRequest) -> list[dict[str, str]]:
    return []


@router.get("/v1/instance/extended_description", auth=None)
def extended_description(request: HttpRequest) -> dict[str, Any]:
    return {"updated_at": None, "content": ""}


@router.get("/v1/custom_emojis", auth=None)
def custom_emojis(request: HttpRequest) -> list[dict[str, Any]]:
    return []  # Balai has no custom emojis: an empty list is the true answer


@router.get("/v1/preferences", auth=scoped("read:accounts"))
def preferences(request: HttpRequest) -> dict[str, Any]:
    user = current_user(request)
    return {
        "posting:default:visibility": user.default_visibility,
        "posting:default:sensitive": False,
        "posting:default:language": user.language or None,
        "posting:default:quote_policy": "public",
        "reading:expand:media": "default",
        "reading:expand:spoilers": False,
    }
