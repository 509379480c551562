"""Moderators import lists of known-bad image hashes (PDQ) shared by hash-sharing programmes."""

from __future__ import annotations

import io
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.core.errors import BalaiError, Forbidden
from balai.media.bank import ImportResult, hash_bank_import_csv
from balai.moderation.audit import audit_record

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class NotACsv(BalaiError):
    status = 415


class TooLarge(BalaiError):
    status = 413


def _csv_text(data: bytes) -> str:
    """The file as text, refusing anything that is plainly not a CSV (binary, not UTF-8)."""
    if b"\x00" in data:
        raise NotACsv(_("This file is not a CSV text file."), field="file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotACsv(_("This file is not a CSV text file."), field="file") from error


def hash_list_import(
    *, moderator: User, stream: IO[bytes], source: str, filename: str = ""
) -> ImportResult:
    """Add the PDQ hashes of a CSV (header row, a hash column, any other columns) to the bank
    under `source`, and append the import with its counts to the audit log."""
    if not moderator.is_moderator:
        raise Forbidden(_("Only moderators can do this."))
    source = source.strip()[:100]
    if not source:
        raise BalaiError(_("Name the source of this list."), field="source")
    data = stream.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise TooLarge(_("This file is larger than 5 MB."), field="file")
    text = _csv_text(data)
    with transaction.atomic():
        result = hash_bank_import_csv(stream=io.StringIO(text), source=source, added_by=moderator)
        audit_record(
            actor=moderator,
            action="hashbank.import",
            target_type="hashbank",
            target_id=0,
            data={
                "source": source,
                "file": filename[:200],
                "added": result.added,
                "duplicates": result.duplicates,
                "invalid": result.invalid,
            },
        )
    return result
