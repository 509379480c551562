"""The `balai` command line: a thin front to Balai's management commands.

balai run [--host H] [--port P]   migrate, then serve the site and run a background worker
balai worker                      a standalone background worker
balai createuser NAME --email E --password P [--role admin|moderator] [--confirmed]
balai token NAME [--scopes "read write follow push"]
balai seed-demo                   a small living demo network
balai <any manage.py command>     e.g. balai migrate, balai shell
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    command = args[0].replace("-", "_")  # `balai seed-demo` runs the seed_demo command
    execute_from_command_line(["balai", command, *args[1:]])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
