"""Fixture files built in code: images carrying EXIF/GPS/XMP/ICC, a decompression bomb, video."""

from __future__ import annotations

import io
import struct
import subprocess
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms

SECRET = "BalaiSecretCamera"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="40,42.77N"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def picture(size: tuple[int, int] = (320, 240), seed: int = 1) -> Image.Image:
    """A deterministic picture with structure (blocks of colour) so perceptual hashes mean much."""
    rng = np.random.default_rng(seed)
    blocks = rng.integers(0, 255, (24, 32, 3), dtype=np.uint8)
    return Image.fromarray(blocks).resize(size, Image.Resampling.BICUBIC)


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = SECRET  # Make
    exif[0x0110] = "SecretModel"  # Model
    exif[0x0112] = 1  # Orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (40.0, 42.0, 46.0)
    gps[3] = "W"
    gps[4] = (74.0, 0.0, 21.0)
    return exif


def image_bytes(fmt: str, image: Image.Image | None = None) -> bytes:
    """`fmt` (JPEG, PNG, WEBP) with EXIF including GPS, XMP and an ICC profile embedded."""
    image = image or picture()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    options: dict[str, object] = {"exif": exif_with_gps().tobytes(), "icc_profile": icc}
    if fmt in ("PNG", "WEBP"):
        options["xmp"] = XMP
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int = 30000, height: int = 30000) -> bytes:
    """A PNG header claiming 900 megapixels, with a tiny IDAT: a decompression bomb."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def mp4_with_metadata(ffmpeg: str, target: Path) -> bytes:
    """A 1-second MP4 with a GPS location, a comment and a data stream in its metadata."""
    subprocess.run(
        [
            ffmpeg,
            "-hide_banner",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=160x120:rate=10",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440",
            "-t",
            "1",
            "-metadata",
            "location=+40.7128-074.0060/",
            "-metadata",
            f"comment={SECRET}",
            "-metadata:s:v",
            f"handler_name={SECRET}Handler",
            "-c:v",
            "libx264",
            "-c:a",
            "aac",
            "-y",
            str(target),
        ],
        check=True,
        capture_output=True,
    )
    return target.read_bytes()
