"""Every string of the interface exists in Bahasa Indonesia, and the compiled catalogs are current.

The project catalog is `locale/id/`; an app may keep its own in `balai/<app>/locale/id/`
(makemessages puts an app's strings there when that folder exists). All of them are checked.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted(
    [
        ROOT / "locale/id/LC_MESSAGES/django.po",
        *ROOT.glob("balai/*/locale/id/LC_MESSAGES/django.po"),
    ]
)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
TRANSLATE_TAG = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")


def translation_of(entry: polib._BaseEntry) -> str:
    return entry.msgstr or entry.msgstr_plural.get(0, "")


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_catalog_entry_is_translated_and_keeps_its_placeholders(po: Path):
    catalog = polib.pofile(str(po))
    untranslated = [e.msgid for e in catalog.untranslated_entries()]
    assert not untranslated, untranslated
    assert not [e.msgid for e in catalog.fuzzy_entries()]
    for entry in catalog:
        expected = set(PLACEHOLDER.findall(entry.msgid))
        assert expected == set(PLACEHOLDER.findall(translation_of(entry))), entry.msgid


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalog_matches_the_source(po: Path):
    source = {(e.msgid, translation_of(e)) for e in polib.pofile(str(po))}
    compiled = {(e.msgid, translation_of(e)) for e in polib.mofile(str(po.with_suffix(".mo")))}
    assert source <= compiled, f"recompile {po.with_suffix('.mo')} after editing the .po"


def test_every_template_string_is_in_a_catalog():
    known = {entry.msgid for po in CATALOGS for entry in polib.pofile(str(po))}
    missing = []
    for template in (ROOT / "balai").rglob("templates/**/*.html"):
        for _quote, text in TRANSLATE_TAG.findall(template.read_text()):
            if text not in known:
                missing.append(f"{template.relative_to(ROOT)}: {text}")
    assert not missing, missing


GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "_lazy", "pgettext", "pgettext_lazy"}


def _python_messages(source: Path) -> list[str]:
    """Literal first arguments of gettext calls (pgettext: the second), as xgettext reads them."""
    found = []
    for node in ast.walk(ast.parse(source.read_text())):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in GETTEXT_CALLS:
            continue
        position = 1 if node.func.id.startswith("pgettext") else 0
        if len(node.args) > position:
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.append(argument.value)
    return found


def test_every_python_string_is_in_a_catalog():
    """A message changed in code but not extracted again would be served in English."""
    known = {entry.msgid for po in CATALOGS for entry in polib.pofile(str(po))}
    missing = [
        f"{source.relative_to(ROOT)}: {text}"
        for source in (ROOT / "balai").rglob("*.py")
        if "migrations" not in source.parts
        for text in _python_messages(source)
        if text not in known
    ]
    assert not missing, missing
