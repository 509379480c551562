"""Moderators import lists of known-bad image hashes (PDQ CSVs, as hash-sharing programmes share
them) from the console: the page shows what was added, the import is in the audit log, and from
then on a near-identical picture is held by the screen. Only moderators may import; a file that
is not a CSV, or is too large, is refused with a clear 4xx and changes nothing."""

from __future__ import annotations

import io
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, ImageEnhance

from balai.media.models import KnownBadHash
from balai.media.pdq import pdq_hash
from balai.media.services import media_upload, post_create_with_media
from balai.moderation.models import AuditLog, Report, ReportSource
from balai.posts.models import Post, PostState
from balai.posts.services import PostDraft
from tests.media.fixtures import image_bytes, picture

PAGE = "/moderation/hashes"


def login(user: Any, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def csv_file(text: str | bytes, name: str = "hashes.csv") -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def counts(response: Any) -> dict[str, int]:
    """The added / duplicates / invalid numbers the page shows after an import."""
    found = re.findall(r'data-count="(\w+)">(\d+)<', response.content.decode())
    return {name: int(value) for name, value in found}


def post_picture(author: Any, data: bytes, text: str) -> Post:
    media = media_upload(owner=author, file=io.BytesIO(data), size=len(data), synchronous=True)
    return post_create_with_media(
        author=author, draft=PostDraft(text=text, has_attachments=True), media_ids=[media.pk]
    )


def reshared(image: Image.Image) -> bytes:
    """The same picture passed around: smaller, brighter, recompressed."""
    changed = ImageEnhance.Brightness(image.resize((280, 210))).enhance(1.1)
    buffer = io.BytesIO()
    changed.save(buffer, "JPEG", quality=45)
    return buffer.getvalue()


def test_moderator_imports_a_list_and_matching_pictures_are_held(make_user: Any) -> None:
    """An industry-style CSV (header, hash column, extra columns, a repeated hash, a junk row)
    adds one hash: the page says 1 added, 1 duplicate, 1 invalid and lists the bank by source;
    the audit log records who imported what; a re-shared copy of the picture is then held and
    queued as an automated report, while an unrelated picture is published."""
    mod, poster = make_user(username="mod", role="moderator"), make_user(username="poster")
    banned = picture(seed=31)
    value = pdq_hash(banned)[0]
    page = login(mod).get(PAGE)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    body = f"hash,quality,category\n{value},100,violence\n{value.upper()},100,violence\nnope,0,x\n"
    response = login(mod).post(PAGE, {"source": "GIFCT list", "file": csv_file(body)})
    assert response.status_code == 200
    assert counts(response) == {"added": 1, "duplicates": 1, "invalid": 1}
    assert re.search(r"<td>GIFCT list</td><td>1</td>", response.content.decode())
    assert KnownBadHash.objects.get(pdq=value).category == "violence"

    entry = AuditLog.objects.get(action="hashbank.import")
    assert entry.actor_id == mod.pk and entry.target_type == "hashbank"
    assert entry.data == {
        "source": "GIFCT list",
        "file": "hashes.csv",
        "added": 1,
        "duplicates": 1,
        "invalid": 1,
    }
    assert "hashbank.import" in login(mod).get("/moderation/audit").content.decode()

    copy = post_picture(poster, reshared(banned), "look at this")
    assert copy.state == PostState.HELD
    report = Report.objects.get(posts=copy, source=ReportSource.AUTOMATED)
    assert any(e.get("kind") == "media_hash" for e in report.verdict.evidence)
    unrelated = post_picture(poster, image_bytes("PNG", picture(seed=77)), "my cat")
    assert unrelated.state == PostState.PUBLISHED


def test_importing_again_counts_duplicates(make_user: Any) -> None:
    """A second import of the same list adds nothing and says so."""
    mod = make_user(role="moderator")
    body = "hash\n" + pdq_hash(picture(seed=5))[0] + "\n"
    login(mod).post(PAGE, {"source": "list", "file": csv_file(body)})
    again = login(mod).post(PAGE, {"source": "list", "file": csv_file(body)})
    assert counts(again) == {"added": 0, "duplicates": 1, "invalid": 0}
    assert AuditLog.objects.filter(action="hashbank.import").count() == 2


def test_only_moderators_may_see_or_import(make_user: Any) -> None:
    """A plain user gets 403 for the page and the upload; a visitor is sent to log in; the
    bank is unchanged and nothing is audited."""
    user = make_user(username="plain")
    body = "hash\n" + pdq_hash(picture(seed=6))[0] + "\n"
    assert login(user).get(PAGE).status_code == 403
    assert login(user).post(PAGE, {"source": "x", "file": csv_file(body)}).status_code == 403
    assert Client().get(PAGE).status_code == 302
    assert not KnownBadHash.objects.exists()
    assert not AuditLog.objects.filter(action="hashbank.import").exists()


def test_non_csv_oversized_and_incomplete_uploads_are_refused(make_user: Any) -> None:
    """A picture posing as a CSV is 415, a file over 5 MB is 413, a form without a source or
    a file is 400; each shows why, and none adds anything or reaches the audit log."""
    mod = make_user(role="moderator")
    client = login(mod)
    png = csv_file(image_bytes("PNG", picture(seed=8)), name="hashes.csv")
    refused = client.post(PAGE, {"source": "list", "file": png})
    assert refused.status_code == 415
    assert "not a CSV" in refused.content.decode()
    line = pdq_hash(picture(seed=9))[0] + "\n"
    big = csv_file("hash\n" + line * (5 * 1024 * 1024 // len(line) + 1))
    too_big = client.post(PAGE, {"source": "list", "file": big})
    assert too_big.status_code == 413
    assert "5 MB" in too_big.content.decode()
    assert client.post(PAGE, {"source": "", "file": csv_file("hash\n")}).status_code == 400
    assert client.post(PAGE, {"source": "list"}).status_code == 400
    assert not KnownBadHash.objects.exists()
    assert not AuditLog.objects.filter(action="hashbank.import").exists()


def test_upload_needs_the_csrf_token(make_user: Any) -> None:
    """The form is CSRF-protected: a cross-site post without the token is refused."""
    mod = make_user(role="moderator")
    body = "hash\n" + pdq_hash(picture(seed=10))[0] + "\n"
    client = login(mod, enforce_csrf_checks=True)
    assert client.post(PAGE, {"source": "x", "file": csv_file(body)}).status_code == 403
    assert not KnownBadHash.objects.exists()


def test_page_is_in_the_moderators_language_and_linked_from_the_console(make_user: Any) -> None:
    """The console's navigation leads to the page, which speaks Bahasa Indonesia to a
    moderator who chose it."""
    mod = make_user(role="moderator", language="id")
    queue = login(mod).get("/moderation/").content.decode()
    assert f'href="{PAGE}"' in queue
    page = login(mod).get(PAGE).content.decode()
    assert "Hash gambar terlarang" in page
    assert "Impor daftar hash" in page


def test_uploads_are_rate_limited(make_user: Any) -> None:
    """Uploads count against the media allowance (30 per half hour): the next one is 429 with
    Retry-After, while reading the page stays possible."""
    mod = make_user(role="moderator")
    client = login(mod)
    for _ in range(30):
        assert client.post(PAGE, {"source": "list"}).status_code == 400
    limited = client.post(PAGE, {"source": "list", "file": csv_file("hash\n")})
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert client.get(PAGE).status_code == 200
