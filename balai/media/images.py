"""Re-encode an image so nothing but its pixels survive: no EXIF, GPS, XMP, IPTC, ICC or text.

Every output image is built fresh from raw pixel bytes (`Image.frombytes`), so no metadata of
the upload can ride along whatever the encoder would copy by default. Colours are converted to
sRGB first (when the upload carries an ICC profile) and the EXIF orientation is applied, so
the picture looks as it did. Animated GIF and WebP keep their frames and timing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, ImageSequence

from balai.media.blurhash import blurhash_encode
from balai.media.detect import IMAGE_FORMATS, Detected, MediaRejected
from balai.media.pdq import pdq_hash

MAX_SIDE = 4096
SMALL_SIDE = 640
MAX_FRAMES = 300
MAX_ANIMATED_SIDE = 1024
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp"}


@dataclass
class Rendition:
    data: bytes
    ext: str
    width: int
    height: int

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.ext]


@dataclass
class ProcessedImage:
    original: Rendition
    small: Rendition
    blurhash: str
    pdq: list[str] = field(default_factory=list)
    animated: bool = False


def has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def to_srgb(image: Image.Image) -> Image.Image:
    """RGB or RGBA pixels in sRGB, converted through the embedded ICC profile when present."""
    mode = "RGBA" if has_alpha(image) else "RGB"
    icc = image.info.get("icc_profile")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            src = image if image.mode in ("RGB", "RGBA", "CMYK") else image.convert(mode)
            out_mode = "RGB" if src.mode == "CMYK" else src.mode
            converted = ImageCms.profileToProfile(src, source, _SRGB, outputMode=out_mode)
            if converted is not None:
                return converted.convert(mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return image.convert(mode)


def clean_copy(image: Image.Image) -> Image.Image:
    """A new image holding only the pixels (its `info` is empty)."""
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _fit(image: Image.Image, side: int) -> Image.Image:
    if max(image.size) > side:
        image = image.copy()
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
    return image


def _encode(image: Image.Image, fmt: str) -> Rendition:
    buffer = io.BytesIO()
    if fmt == "jpeg":
        image.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
        ext = "jpg"
    elif fmt == "webp":
        image.save(buffer, "WEBP", quality=85, method=4)
        ext = "webp"
    else:
        image.save(buffer, "PNG")
        ext = "png"
    return Rendition(buffer.getvalue(), ext, image.width, image.height)


def _small(image: Image.Image) -> Rendition:
    small = clean_copy(_fit(image, SMALL_SIDE))
    return _encode(small, "png" if has_alpha(small) else "jpeg")


def process_image(
    stream: IO[bytes], detected: Detected, *, max_side: int = MAX_SIDE
) -> ProcessedImage:
    """Decode (limits already checked), re-encode, and compute thumbnail, blurhash and PDQ."""
    stream.seek(0)
    image = Image.open(stream, formats=[IMAGE_FORMATS[detected.format]])
    if getattr(image, "is_animated", False) and detected.format in ("gif", "webp"):
        return _process_animated(image, detected.format, min(max_side, MAX_ANIMATED_SIDE))
    upright: Image.Image = ImageOps.exif_transpose(image) or image
    pixels = clean_copy(_fit(to_srgb(upright), max_side))
    out_format = {"jpeg": "jpeg", "webp": "webp"}.get(detected.format, "png")
    original = _encode(pixels, out_format)
    return ProcessedImage(
        original=original,
        small=_small(pixels),
        blurhash=blurhash_encode(pixels),
        pdq=[pdq_hash(pixels)[0]],
    )


def _process_animated(image: Image.Image, fmt: str, max_side: int) -> ProcessedImage:
    frames: list[Image.Image] = []
    durations: list[int] = []
    budget = 2 * settings.BALAI_MEDIA_MAX_PIXELS  # pixels decoded over all frames
    for frame in ImageSequence.Iterator(image):
        budget -= frame.width * frame.height
        if len(frames) >= MAX_FRAMES or budget < 0:
            raise MediaRejected(_("The animation is too long or too large."), field="file")
        frames.append(clean_copy(_fit(to_srgb(frame), max_side)))
        durations.append(int(frame.info.get("duration", 100) or 100))
    buffer = io.BytesIO()
    first, rest = frames[0], frames[1:]
    if fmt == "webp":
        first.save(buffer, "WEBP", save_all=True, append_images=rest, duration=durations, loop=0)
        ext = "webp"
    else:
        first.save(
            buffer, "GIF", save_all=True, append_images=rest, duration=durations, loop=0, disposal=2
        )
        ext = "gif"
    original = Rendition(buffer.getvalue(), ext, first.width, first.height)
    step = max(1, len(frames) // 4)
    return ProcessedImage(
        original=original,
        small=_small(first),
        blurhash=blurhash_encode(first),
        pdq=sorted({pdq_hash(f)[0] for f in frames[::step][:4]}),
        animated=True,
    )
