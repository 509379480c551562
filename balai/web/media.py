"""Media in the web UI: uploads from plain multipart forms, and what a page of posts shows.

Uploads: every file of a form is identified and measured (`balai.media.detect`) before any is
stored, so one bad file refuses the whole form with its precise 422 message and nothing is
written. Pages: the attachments of every shown post and the avatars of their authors are loaded
in one query each, whatever the page size.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.templatetags.static import static

from balai.accounts.models import User
from balai.core.errors import BalaiError
from balai.core.ratelimit import MEDIA, check_request
from balai.media import storage
from balai.media.detect import detect
from balai.media.models import MediaAttachment
from balai.media.selectors import attachments_for_posts, media_url, preview_url
from balai.media.services import MAX_ATTACHMENTS, media_upload


@dataclass(frozen=True)
class Shown:
    """One attachment as a template shows it."""

    pk: int
    type: str
    url: str
    preview: str
    description: str
    blurhash: str
    width: int | None
    height: int | None

    @property
    def is_video(self) -> bool:
        return self.type in ("video", "gifv")


def shown(media: MediaAttachment) -> Shown:
    original = (media.meta or {}).get("original") or {}
    url = media_url(media) or ""
    return Shown(
        pk=media.pk,
        type=media.type,
        url=url,
        preview=preview_url(media) or url,
        description=media.description,
        blurhash=media.blurhash,
        width=original.get("width"),
        height=original.get("height"),
    )


def attachments_by_post(post_ids: Iterable[int]) -> dict[int, list[Shown]]:
    return {pk: [shown(m) for m in rows] for pk, rows in attachments_for_posts(post_ids).items()}


def avatars_by_user(users: Iterable[User]) -> dict[int, str]:
    """Avatar URL of each user (kept on the account row); the default avatar for those without."""
    default = static("media/avatar.png")
    return {u.pk: storage.public_url(u.avatar_path) if u.avatar_path else default for u in users}


def add_media_fields(form: forms.Form) -> None:
    """Up to MAX_ATTACHMENTS file inputs, each with its own alt text (works without JS)."""
    for index in range(MAX_ATTACHMENTS):
        form.fields[f"media_{index}"] = forms.FileField(
            required=False,
            widget=forms.ClearableFileInput(attrs={"accept": "image/*,video/mp4,video/webm"}),
        )
        form.fields[f"alt_{index}"] = forms.CharField(required=False, max_length=1500)


def media_rows(form: forms.Form) -> list[tuple[forms.BoundField, forms.BoundField]]:
    return [(form[f"media_{i}"], form[f"alt_{i}"]) for i in range(MAX_ATTACHMENTS)]


def upload_form_media(request: HttpRequest, form: forms.Form, owner: User) -> list[int] | None:
    """Store the form's files; their ids in order, or None after adding errors to the form."""
    chosen: list[tuple[str, UploadedFile, str]] = []
    for index in range(MAX_ATTACHMENTS):
        upload = form.cleaned_data.get(f"media_{index}")
        if upload:
            chosen.append((f"media_{index}", upload, form.cleaned_data.get(f"alt_{index}", "")))
    for field, upload, _alt in chosen:
        try:
            detect(upload, upload.size or 0)
        except BalaiError as error:
            form.add_error(field, error.message)
    if form.errors:
        return None
    ids: list[int] = []
    for field, upload, alt in chosen:
        check_request(request, MEDIA)
        try:
            media = media_upload(
                owner=owner, file=upload, size=upload.size or 0, description=alt, synchronous=True
            )
        except BalaiError as error:
            form.add_error(field, error.message)
            return None
        ids.append(media.pk)
    return ids
