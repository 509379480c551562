"""`make messages` (python -m balai.ops.messages): extraction needs gettext and says how to get
it; compiling needs only polib and turns every catalog into a current .mo."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib

from balai.ops import messages


def test_without_xgettext_it_says_how_to_install_gettext_and_fails(monkeypatch, capsys):
    monkeypatch.setattr(messages.shutil, "which", lambda name: None)
    assert messages.main([]) != 0
    assert "apt-get install gettext" in capsys.readouterr().err


def test_it_finds_the_project_catalog_and_every_apps_own(tmp_path: Path):
    for place in ("locale", "balai/moderation/locale", "balai/web/no_locale_here"):
        (tmp_path / place / "id/LC_MESSAGES").mkdir(parents=True)
    for place in ("locale", "balai/moderation/locale"):
        (tmp_path / place / "id/LC_MESSAGES/django.po").write_text("")
    found = [p.relative_to(tmp_path).parts[0:3] for p in messages.catalogs(tmp_path)]
    assert found == [("balai", "moderation", "locale"), ("locale", "id", "LC_MESSAGES")]


def test_compiling_writes_a_mo_with_every_translation(tmp_path: Path, monkeypatch):
    po = tmp_path / "locale/id/LC_MESSAGES/django.po"
    po.parent.mkdir(parents=True)
    shutil.copy(messages.ROOT / "locale/id/LC_MESSAGES/django.po", po)
    monkeypatch.setattr(messages, "ROOT", tmp_path)
    messages.compile_catalogs([po])
    source = {(e.msgid, e.msgstr) for e in polib.pofile(str(po)) if not e.msgid_plural}
    compiled = {(e.msgid, e.msgstr) for e in polib.mofile(str(po.with_suffix(".mo")))}
    assert source <= compiled and len(source) > 100
