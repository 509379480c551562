"""Every string of the interface exists in Bahasa Indonesia, and the compiled catalog is current."""

from __future__ import annotations

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
TRANSLATE_TAG = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")


def test_every_catalog_entry_is_translated_and_keeps_its_placeholders():
    catalog = polib.pofile(str(PO))
    assert catalog.percent_translated() == 100
    assert not catalog.fuzzy_entries()
    for entry in catalog:
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert set(PLACEHOLDER.findall(entry.msgid)) == set(PLACEHOLDER.findall(translated)), (
            entry.msgid
        )


def test_compiled_catalog_matches_the_source():
    source = {(e.msgid, e.msgstr or e.msgstr_plural.get(0, "")) for e in polib.pofile(str(PO))}
    compiled = {(e.msgid, e.msgstr or e.msgstr_plural.get(0, "")) for e in polib.mofile(str(MO))}
    assert source <= compiled, "run `make messages` (or recompile the .mo) after editing the .po"


def test_every_template_string_is_in_the_catalog():
    known = {entry.msgid for entry in polib.pofile(str(PO))}
    missing = []
    for template in (ROOT / "balai").rglob("templates/**/*.html"):
        for _quote, text in TRANSLATE_TAG.findall(template.read_text()):
            if text not in known:
                missing.append(f"{template.relative_to(ROOT)}: {text}")
    assert not missing, missing
