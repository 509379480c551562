"""Serving media files from the local folder storage (an S3-compatible store serves its own).

Only paths of the public shape `m|p/<token>/<name>.<ext>` are answered, with the Content-Type
fixed by our own extension (we wrote the file), `X-Content-Type-Options: nosniff`,
`Content-Disposition: inline` and a CSP that forbids everything, so even a file that somehow
held markup could never run as a page. Single byte ranges are honoured for video seeking.
"""

from __future__ import annotations

import re

from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "mp4": "video/mp4",
}
PATH_RE = re.compile(r"\A[mp]/[A-Za-z0-9_-]{32}/(?P<name>[a-z]{1,10})\.(?P<ext>[a-z0-9]{2,4})\Z")
RANGE_RE = re.compile(r"\Abytes=(\d*)-(\d*)\Z")


def _headers(
    response: HttpResponse | FileResponse, name: str, ext: str
) -> HttpResponse | FileResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="{name}.{ext}"'
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Access-Control-Allow-Origin"] = "*"
    response["Accept-Ranges"] = "bytes"
    return response


@require_safe
def serve(request: HttpRequest, path: str) -> HttpResponse | FileResponse:
    match = PATH_RE.match(path)
    if match is None or match["ext"] not in CONTENT_TYPES:
        raise Http404
    if not isinstance(default_storage, FileSystemStorage) or not default_storage.exists(path):
        raise Http404
    content_type = CONTENT_TYPES[match["ext"]]
    size = default_storage.size(path)
    response: HttpResponse | FileResponse
    byte_range = RANGE_RE.match(request.headers.get("Range", ""))
    if byte_range and (byte_range[1] or byte_range[2]):
        response = _partial(path, size, byte_range[1], byte_range[2], content_type)
    else:
        response = FileResponse(default_storage.open(path, "rb"), content_type=content_type)
    return _headers(response, match["name"], match["ext"])


def _partial(path: str, size: int, first: str, last: str, content_type: str) -> HttpResponse:
    if first:
        start, end = int(first), min(int(last) if last else size - 1, size - 1)
    else:
        start, end = max(0, size - int(last)), size - 1
    if start > end or start >= size:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    with default_storage.open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read(end - start + 1)
    response = HttpResponse(data, status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return response
