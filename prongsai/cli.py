"""The `prongsai` console command: Django's manage.py with our settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    # Our commands are documented with hyphens (`prongsai load-demo`); Django
    # names them after their modules, which cannot contain hyphens.
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
