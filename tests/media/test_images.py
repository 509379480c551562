"""Images: whatever metadata comes in, none goes out; only real images of allowed types pass."""

from __future__ import annotations

import io
import tracemalloc
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image, ImageFile

from balai.media.detect import MediaRejected
from balai.media.models import MediaAttachment, MediaState
from balai.media.selectors import media_url, preview_url
from tests.media.fixtures import SECRET, bomb_png, image_bytes, picture

METADATA_KEYS = {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp", "photoshop", "comment"}


def fetch(url: str | None) -> bytes:
    assert url is not None
    response = Client().get(urlsplit(url).path)
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def assert_clean(data: bytes) -> None:
    assert SECRET.encode() not in data
    assert b"GPS" not in data and b"xmpmeta" not in data and b"Exif\x00\x00" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert len(image.getexif()) == 0
        assert not METADATA_KEYS & set(image.info), image.info.keys()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_exif_gps_xmp_icc_in_none_out(make_user, upload, fmt):
    """An upload carrying EXIF (camera, GPS), XMP and ICC is served with none of them, original
    and thumbnail alike, and the original's metadata really was there to begin with."""
    data = image_bytes(fmt)
    assert SECRET.encode() in data
    media = upload(make_user(), data)
    assert media.state == MediaState.READY
    assert_clean(fetch(media_url(media)))
    assert_clean(fetch(preview_url(media)))
    assert default_storage.exists(media.file_path)
    assert not MediaAttachment.objects.get(pk=media.pk).incoming_path  # raw upload gone


def test_processed_attachment_has_sizes_blurhash_and_pdq(make_user, upload):
    """Processing records the sizes, a 4×3 blurhash and a 256-bit PDQ hash."""
    media = upload(make_user(), image_bytes("JPEG", picture((1200, 800))))
    assert media.meta["original"]["width"] == 1200
    assert media.meta["small"]["width"] == 640
    assert len(media.blurhash) == 28
    assert len(media.pdq_hashes) == 1 and len(media.pdq_hashes[0]) == 64


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(document.cookie)</script></html>",
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        b"GIF89a<script>alert(1)</script>",
        b"\x89PNG\r\n\x1a\n<script>alert(1)</script>",
        b"",
    ],
)
def test_markup_posing_as_an_image_is_refused(make_user, upload, data):
    """HTML, SVG or script — even behind an image's magic bytes — is refused with a 422."""
    with pytest.raises(MediaRejected) as caught:
        upload(make_user(), data)
    assert caught.value.status == 422
    assert MediaAttachment.objects.count() == 0


def test_900_megapixel_png_refused_before_decoding(make_user, upload, monkeypatch):
    """A PNG whose header claims 30000×30000 pixels is refused from its header: no pixel is
    decoded, nothing is stored, and the memory used stays tiny."""

    def no_decoding(self):  # type: ignore[no-untyped-def]
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    data = bomb_png()
    tracemalloc.start()
    try:
        with pytest.raises(MediaRejected) as caught:
            upload(make_user(), data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "pixels" in caught.value.message
    assert peak < 20 * 1024 * 1024
    assert MediaAttachment.objects.count() == 0


def test_animated_gif_stays_animated(make_user, upload):
    """An animated GIF is re-encoded frame by frame and keeps its frames."""
    frames = [picture((64, 48), seed=s) for s in range(3)]
    buffer = io.BytesIO()
    frames[0].save(
        buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0,
        comment=SECRET.encode(),
    )  # fmt: skip
    media = upload(make_user(), buffer.getvalue())
    out = fetch(media_url(media))
    assert SECRET.encode() not in out
    with Image.open(io.BytesIO(out)) as image:
        assert image.format == "GIF" and image.n_frames == 3
    assert media.meta["animated"] is True


def test_exif_orientation_is_applied_before_stripping(make_user, upload):
    """A photo marked "rotate 90°" comes out upright (its pixels turned), with no EXIF left."""
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    picture((300, 100)).save(buffer, "JPEG", exif=exif.tobytes())
    media = upload(make_user(), buffer.getvalue())
    assert media.meta["original"]["width"] == 100
    assert media.meta["original"]["height"] == 300
