"""`make messages`: extract every translatable string, then compile every catalog.

    python -m balai.ops.messages [extra makemessages options, e.g. --ignore 'balai/x/*']

1. Django's `makemessages -l id` from the repository root. Strings of an app that keeps its own
   `locale/` folder (e.g. `balai/moderation/locale/`) go to that app's catalog; all others go to
   the project catalog `locale/id/LC_MESSAGES/django.po`.
2. Every `.po` (the project's and each app's) is compiled to its `.mo` with polib, so compiling
   needs no gettext; extracting does (xgettext, msgmerge, msguniq — Debian's `gettext` package).
   If xgettext is missing this prints how to install it and exits with status 2.

Translate new entries in the `.po` files, then run it again to compile them.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("id",)
IGNORE = ("var/*", "tests/*", "bench/*", "build/*", "docs/*", "balai_ml/*", "*.egg-info/*")
GETTEXT_MISSING = (
    "xgettext (GNU gettext) is needed to extract messages but was not found.\n"
    "Install it, then run `make messages` again:\n"
    "  Debian/Ubuntu: sudo apt-get install gettext\n"
    "  macOS (Homebrew): brew install gettext\n"
)


def catalogs(root: Path = ROOT) -> list[Path]:
    """Every catalog: the project's `locale/` and each app's own `balai/<app>/locale/`."""
    found = [
        *root.glob("locale/*/LC_MESSAGES/*.po"),
        *root.glob("balai/*/locale/*/LC_MESSAGES/*.po"),
    ]
    return sorted(found)


def compile_catalogs(paths: Sequence[Path]) -> None:
    import polib  # type: ignore[import-untyped]

    for po in paths:
        catalog = polib.pofile(str(po))
        catalog.save_as_mofile(str(po.with_suffix(".mo")))
        done = catalog.percent_translated()
        print(f"compiled {po.relative_to(ROOT)} ({done}% translated)")


def extract(extra: Sequence[str]) -> None:
    import django
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
    django.setup()
    os.chdir(ROOT)  # makemessages walks the current directory
    # Everything as command-line options, so that an extra --ignore adds to ours.
    options = [f"--locale={code}" for code in LANGUAGES] + [f"--ignore={p}" for p in IGNORE]
    call_command("makemessages", *options, "--no-obsolete", *extra)


def main(argv: Sequence[str] | None = None) -> int:
    extra = list(sys.argv[1:] if argv is None else argv)
    if shutil.which("xgettext") is None:
        sys.stderr.write(GETTEXT_MISSING)
        return 2
    extract(extra)
    compile_catalogs(catalogs())
    return 0


if __name__ == "__main__":
    sys.exit(main())
