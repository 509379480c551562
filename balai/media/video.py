"""Video: re-encode MP4/WebM to H.264/AAC MP4 with no metadata, plus a poster and keyframe PDQs.

ffmpeg comes from the `imageio-ffmpeg` wheel (a static build, nothing from the system needed).
The demuxer is forced to the container the magic bytes named (`mov` or `matroska`), so a file
can never be read as a playlist or any format that references other files or URLs. Global,
stream and chapter metadata are dropped (`-map_metadata -1`, `-map_chapters -1`), data and
subtitle streams are not copied (`-dn -sn`), and `+bitexact` keeps even the encoder tag out.
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image

from balai.media.blurhash import blurhash_encode
from balai.media.detect import MediaRejected
from balai.media.images import Rendition, clean_copy, to_srgb
from balai.media.pdq import pdq_hash

DEMUXERS = {"mp4": "mov", "webm": "matroska"}
MAX_VIDEO_SIDE = 1920
KEYFRAMES = 8
_DURATION_RE = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_VIDEO_RE = re.compile(r"Stream #\S+.*?: Video: .*?(\d{2,5})x(\d{2,5})")


@dataclass
class ProcessedVideo:
    path: Path
    width: int
    height: int
    duration: float
    poster: Rendition
    blurhash: str
    pdq: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str | None:
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError, OSError):
        return None


def video_supported() -> bool:
    return bool(settings.BALAI_MEDIA_VIDEO) and ffmpeg_exe() is not None


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    exe = ffmpeg_exe()
    if exe is None:
        raise MediaRejected(_("Video is not supported on this server."), field="file")
    return subprocess.run(
        [exe, "-hide_banner", "-nostdin", *args], capture_output=True, timeout=timeout, check=False
    )


def probe(path: Path, fmt: str) -> tuple[float, int, int]:
    """Duration (seconds), width and height of the first video stream; MediaRejected if none."""
    result = _run(["-f", DEMUXERS[fmt], "-i", str(path)], timeout=60)
    text = result.stderr.decode("utf-8", "replace")
    duration = _DURATION_RE.search(text)
    video = _VIDEO_RE.search(text)
    if duration is None or video is None:
        raise MediaRejected(_("The video could not be read."), field="file")
    hours, minutes, seconds = duration.groups()
    total = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    return total, int(video.group(1)), int(video.group(2))


def process_video(source: Path, fmt: str, workdir: Path) -> ProcessedVideo:
    duration, width, height = probe(source, fmt)
    limit = settings.BALAI_MEDIA_MAX_VIDEO_SECONDS
    if duration > limit:
        raise MediaRejected(
            _("The video is too long (at most %(limit)d seconds).") % {"limit": limit},
            field="file",
        )
    if width * height > settings.BALAI_MEDIA_MAX_PIXELS:
        raise MediaRejected(_("The video frame is too large."), field="file")
    output = workdir / "video.mp4"
    _transcode(source, fmt, output, timeout=max(120.0, duration * 10))
    _duration, out_width, out_height = probe(output, "mp4")
    frames = _keyframes(output, workdir)
    poster_image = frames[0]
    poster = clean_copy(poster_image)
    poster.thumbnail((640, 640), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    poster.save(buffer, "JPEG", quality=85)
    return ProcessedVideo(
        path=output,
        width=out_width,
        height=out_height,
        duration=round(duration, 3),
        poster=Rendition(buffer.getvalue(), "jpg", poster.width, poster.height),
        blurhash=blurhash_encode(poster_image),
        pdq=sorted({pdq_hash(frame)[0] for frame in frames}),
    )


def _transcode(source: Path, fmt: str, output: Path, timeout: float) -> None:
    scale = (
        f"scale='min({MAX_VIDEO_SIDE},iw)':'min({MAX_VIDEO_SIDE},ih)'"
        ":force_original_aspect_ratio=decrease:force_divisible_by=2,format=yuv420p"
    )
    args = ["-loglevel", "error", "-f", DEMUXERS[fmt], "-i", str(source)]
    args += ["-map", "0:v:0", "-map", "0:a:0?", "-dn", "-sn", "-map_chapters", "-1"]
    args += ["-map_metadata", "-1", "-map_metadata:s:v", "-1", "-map_metadata:s:a", "-1"]
    args += ["-vf", scale, "-c:v", "libx264", "-preset", "veryfast", "-crf", "23"]
    args += ["-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart"]
    args += ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]
    args += ["-t", str(settings.BALAI_MEDIA_MAX_VIDEO_SECONDS), "-y", str(output)]
    result = _run(args, timeout=timeout)
    if result.returncode != 0 or not output.exists():
        raise MediaRejected(_("The video could not be converted."), field="file")


def _keyframes(video: Path, workdir: Path) -> list[Image.Image]:
    """Up to KEYFRAMES keyframes (the first is the poster), decoded as RGB sRGB images."""
    pattern = workdir / "key-%03d.png"
    args = ["-loglevel", "error", "-skip_frame", "nokey", "-f", "mov", "-i", str(video)]
    args += ["-vf", "scale='min(512,iw)':-2", "-fps_mode", "vfr", "-frames:v", str(KEYFRAMES)]
    _run([*args, "-f", "image2", "-y", str(pattern)], timeout=120)
    images = []
    for path in sorted(workdir.glob("key-*.png")):
        with Image.open(path, formats=["PNG"]) as frame:
            images.append(to_srgb(frame))
    if not images:
        raise MediaRejected(_("The video has no picture."), field="file")
    return images
