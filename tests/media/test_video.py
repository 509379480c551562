"""Video: re-encoded to H.264 MP4 with no metadata; poster and keyframe hashes."""

from __future__ import annotations

import subprocess
from urllib.parse import urlsplit

import pytest
from django.test import Client

from balai.media.models import MediaState, MediaType
from balai.media.selectors import media_url, preview_url
from balai.media.video import ffmpeg_exe
from tests.media.fixtures import SECRET, mp4_with_metadata

pytestmark = pytest.mark.skipif(ffmpeg_exe() is None, reason="imageio-ffmpeg not available")


def test_mp4_metadata_in_none_out(make_user, upload, tmp_path):
    """An MP4 with a GPS location, a comment and named streams is served as a fresh H.264 MP4
    carrying none of it, with a JPEG poster, and with PDQ hashes of its keyframes."""
    exe = ffmpeg_exe()
    assert exe is not None
    data = mp4_with_metadata(exe, tmp_path / "in.mp4")
    assert SECRET.encode() in data
    media = upload(make_user(), data)
    assert media.state == MediaState.READY and media.type == MediaType.VIDEO
    response = Client().get(urlsplit(media_url(media)).path)
    assert response["Content-Type"] == "video/mp4"
    out = b"".join(response.streaming_content)
    assert SECRET.encode() not in out and b"+40.7128" not in out
    served = tmp_path / "out.mp4"
    served.write_bytes(out)
    info = subprocess.run([exe, "-hide_banner", "-i", str(served)], capture_output=True, text=True)
    assert "location" not in info.stderr and "comment" not in info.stderr
    assert "Video: h264" in info.stderr and "Data:" not in info.stderr
    assert Client().get(urlsplit(preview_url(media)).path)["Content-Type"] == "image/jpeg"
    assert media.pdq_hashes and media.meta["original"]["duration"] == pytest.approx(1.0, abs=0.2)


def test_too_long_video_refused(make_user, upload, tmp_path, settings):
    """A video over the duration limit fails processing with a clear message."""
    from balai.media.detect import MediaRejected

    settings.BALAI_MEDIA_MAX_VIDEO_SECONDS = 0
    exe = ffmpeg_exe()
    assert exe is not None
    with pytest.raises(MediaRejected) as caught:
        upload(make_user(), mp4_with_metadata(exe, tmp_path / "in.mp4"))
    assert "too long" in caught.value.message
