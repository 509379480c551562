"""Media storage configuration from BALAI_* variables (imported by settings; no Django imports).

The default store is a folder under the data dir. Setting `BALAI_S3_BUCKET` switches to any
S3-compatible store through django-storages (`BALAI_S3_ENDPOINT_URL`, `BALAI_S3_ACCESS_KEY_ID`,
`BALAI_S3_SECRET_ACCESS_KEY`, `BALAI_S3_REGION`; optional `BALAI_S3_CUSTOM_DOMAIN`). No vendor
is special: the endpoint URL is all that tells one store from another.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from balai.env import env_str


def media_storage(media_root: Path, media_url: str) -> dict[str, Any]:
    """The `STORAGES["default"]` entry for media files."""
    bucket = env_str("BALAI_S3_BUCKET", "")
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media_root), "base_url": media_url},
        }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options(bucket)}


def s3_options(bucket: str) -> dict[str, Any]:
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "endpoint_url": env_str("BALAI_S3_ENDPOINT_URL", "") or None,
        "access_key": env_str("BALAI_S3_ACCESS_KEY_ID", "") or None,
        "secret_key": env_str("BALAI_S3_SECRET_ACCESS_KEY", "") or None,
        "region_name": env_str("BALAI_S3_REGION", "") or None,
        "custom_domain": env_str("BALAI_S3_CUSTOM_DOMAIN", "") or None,
        # Objects are public by unguessable name (like Mastodon); no signed, expiring URLs.
        "querystring_auth": False,
        "file_overwrite": False,
        "default_acl": None,
        "object_parameters": {
            "CacheControl": "public, max-age=31536000, immutable",
            "ContentDisposition": "inline",
        },
    }
    return {key: value for key, value in options.items() if value is not None}
