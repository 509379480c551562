"""The known-bad hash bank: removed media and imported PDQ lists catch near-identical re-uploads."""

from __future__ import annotations

import io

from django.core.management import call_command
from PIL import Image, ImageEnhance

from balai.media.bank import hash_bank_add, hash_bank_match, hash_bank_retire
from balai.media.models import KnownBadHash
from balai.media.pdq import hamming, pdq_hash
from balai.media.selectors import post_media_hashes
from balai.media.services import post_create_with_media
from balai.posts.services import PostDraft
from tests.media.fixtures import image_bytes, picture


def altered(image: Image.Image) -> bytes:
    """The same picture re-shared: resized, brighter, recompressed as a low-quality JPEG."""
    changed = ImageEnhance.Brightness(image.resize((280, 210))).enhance(1.15)
    buffer = io.BytesIO()
    changed.save(buffer, "JPEG", quality=40)
    return buffer.getvalue()


def test_reupload_of_removed_media_is_matched(make_user, upload):
    """Once a moderator banks a removed post's media, a re-upload of a near-identical copy (by
    anyone) matches the bank, while an unrelated picture does not."""
    author, moderator, other = make_user(), make_user(role="moderator"), make_user()
    original = picture(seed=7)
    media = upload(author, image_bytes("PNG", original))
    post = post_create_with_media(author=author, draft=PostDraft(text="x"), media_ids=[media.pk])
    assert hash_bank_add(post_media_hashes(post.pk), "removal", moderator) == 1

    copy = upload(other, altered(original))
    match = hash_bank_match(copy.pdq_hashes[0])
    assert match is not None and match.source == "removal"
    assert 0 < match.distance <= 31
    unrelated = upload(other, image_bytes("PNG", picture(seed=99)))
    assert hash_bank_match(unrelated.pdq_hashes[0]) is None


def test_retired_hashes_no_longer_match(make_user):
    """An overturned removal takes the hash out of the bank."""
    value = pdq_hash(picture(seed=3))[0]
    hash_bank_add([value], "removal")
    assert hash_bank_match(value) is not None
    hash_bank_retire([value])
    assert hash_bank_match(value) is None


def test_import_csv_command(tmp_path, make_user, upload):
    """`import_pdq_hashes` reads industry-style CSVs (header, extra columns, junk rows) and the
    imported hashes match uploads."""
    banned = picture(seed=11)
    value = pdq_hash(banned)[0]
    csv_file = tmp_path / "hashes.csv"
    csv_file.write_text(
        f"hash,quality,category\n{value},100,violence\n{value.upper()},100,violence\nnot-a-hash,0,x\n"
        + "f" * 64
        + ",90,spam\n"
    )
    out = io.StringIO()
    call_command("import_pdq_hashes", str(csv_file), "--source", "gifct", stdout=out)
    assert "added 2" in out.getvalue() and "invalid 1" in out.getvalue()
    assert KnownBadHash.objects.get(pdq=value).category == "violence"
    media = upload(make_user(), altered(banned))
    match = hash_bank_match(media.pdq_hashes[0])
    assert match is not None and match.source == "gifct"


def test_pdq_is_stable_under_reencoding_and_separates_different_pictures():
    """PDQ moves a few bits when a picture is re-encoded and ~half of them between pictures."""
    a, b = picture(seed=1), picture(seed=2)
    near = pdq_hash(Image.open(io.BytesIO(altered(a))))[0]
    assert hamming(pdq_hash(a)[0], near) <= 31
    assert hamming(pdq_hash(a)[0], pdq_hash(b)[0]) > 64
