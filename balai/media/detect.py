"""What a file really is, read from its first bytes, and its size read from its header alone.

The declared content type and the file name are never consulted. Images are opened with Pillow
restricted to the one format the magic bytes name; Pillow's `open` reads only the header, so the
pixel limit is enforced before a single pixel is decoded (a decompression bomb costs a few
kilobytes of reading). Videos are recognised by their container signature here and measured by
ffmpeg later, with the demuxer forced to that container.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image

from balai.core.errors import BalaiError

IMAGE_FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}
VIDEO_FORMATS = {"mp4", "webm"}


class MediaRejected(BalaiError):
    """A file Balai will not accept (422); the message says why."""


@dataclass(frozen=True)
class Detected:
    kind: str  # "image" or "video"
    format: str  # jpeg | png | gif | webp | mp4 | webm
    width: int = 0
    height: int = 0
    frames: int = 1


def sniff(head: bytes) -> str | None:
    """The format named by the magic bytes at the start of a file, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    return None


MP4_BRANDS = {
    b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ",
    b"dash", b"qt  ", b"MSNV", b"3gp4", b"3gp5", b"mmp4",
}  # fmt: skip


def detect(stream: IO[bytes], size: int) -> Detected:
    """Identify an upload and check its limits without decoding it; raise MediaRejected."""
    stream.seek(0)
    fmt = sniff(stream.read(32))
    stream.seek(0)
    if fmt is None:
        raise MediaRejected(
            _("This file type is not supported: upload a JPEG, PNG, GIF or WebP image, or an MP4 "
              "or WebM video."),
            field="file",
        )  # fmt: skip
    if fmt in VIDEO_FORMATS:
        if size > settings.BALAI_MEDIA_MAX_VIDEO_BYTES:
            raise MediaRejected(_("The video is too large."), field="file")
        return Detected(kind="video", format=fmt)
    if size > settings.BALAI_MEDIA_MAX_IMAGE_BYTES:
        raise MediaRejected(_("The image is too large."), field="file")
    return _measure_image(stream, fmt)


def _measure_image(stream: IO[bytes], fmt: str) -> Detected:
    limit = settings.BALAI_MEDIA_MAX_PIXELS
    # Pillow's own bomb guard, a second line behind our explicit width x height check below.
    Image.MAX_IMAGE_PIXELS = limit
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(stream, formats=[IMAGE_FORMATS[fmt]])  # header only
            width, height = image.size
            frames = int(getattr(image, "n_frames", 1)) if fmt != "gif" else 1
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise MediaRejected(_("The image could not be read."), field="file") from exc
    finally:
        stream.seek(0)
    if width <= 0 or height <= 0 or width * height > limit:
        raise _too_many_pixels()
    return Detected(kind="image", format=fmt, width=width, height=height, frames=frames)


def _too_many_pixels() -> MediaRejected:
    return MediaRejected(
        _("The image has too many pixels (at most %(limit)d million).")
        % {"limit": max(1, settings.BALAI_MEDIA_MAX_PIXELS // 1_000_000)},
        field="file",
    )
