#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from pathlib import Path

# A development checkout's settings, written by `python3 dev.py` (never on a server: the
# environment there says what it runs with). Variables already set take precedence.
LOCAL_ENV = Path(__file__).resolve().parent / ".env"


def read_local_env() -> None:
    if not LOCAL_ENV.exists():
        return
    for line in LOCAL_ENV.read_text(encoding="utf-8").splitlines():
        name, found, value = line.partition("=")
        if found and not name.lstrip().startswith("#"):
            os.environ.setdefault(name.strip(), value.strip())


def main() -> None:
    read_local_env()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rin_portal.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
