#!/usr/bin/env python3
"""Set up and run RIN portal on a fresh machine with nothing but Python 3.11+.

    python3 dev.py run     install into .venv, migrate SQLite, load reference and demo
                           data, start the document worker and serve 127.0.0.1:8000
    python3 dev.py test    install into .venv if needed and run the whole test suite

Only the standard library is used here, so this runs before anything is installed.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("RIN_VENV", ROOT / ".venv"))
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
STAMP = VENV / ".rin-installed"
DEV_ENV = {"DJANGO_DEBUG": "1", "RIN_DEMO_MODE": "1", "PYTHONUNBUFFERED": "1"}
# Read by manage.py, so that `.venv/bin/python manage.py shell` (or any other command)
# runs in this checkout as `dev.py run` does. Ignored by git; never used on a server.
LOCAL_ENV = ROOT / ".env"


def say(message: str) -> None:
    print(f"\033[1m==> {message}\033[0m", flush=True)


def run(*args: str, env: dict | None = None) -> None:
    subprocess.run(args, cwd=ROOT, check=True, env={**os.environ, **(env or {})})


def install() -> None:
    """Create .venv and install the project with its dev tools, when pyproject.toml changed."""
    if not PYTHON.exists():
        say(f"Creating the virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    if not LOCAL_ENV.exists():
        LOCAL_ENV.write_text(
            "# This development checkout's settings, read by manage.py (see dev.py).\n"
            + "".join(
                f"{name}={value}\n" for name, value in DEV_ENV.items() if name != "PYTHONUNBUFFERED"
            )
        )
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    say("Installing Python packages (first run takes a minute)")
    run(str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(str(PYTHON), "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.write_text(wanted)


def manage(*args: str, env: dict | None = None) -> None:
    run(str(PYTHON), "manage.py", *args, env=env)


def serve() -> None:
    install()
    say("Preparing the SQLite database with reference and demo data")
    manage("migrate", "--verbosity", "0", env=DEV_ENV)
    manage("load_reference_data", env=DEV_ENV)
    manage("load_demo_data", env=DEV_ENV)
    say("Starting the document worker (renders PDFs in the background)")
    worker = subprocess.Popen(
        [str(PYTHON), "manage.py", "db_worker", "--queue-name", "*"],
        cwd=ROOT,
        env={**os.environ, **DEV_ENV},
    )
    say("Serving the portal on http://127.0.0.1:8000/ (Ctrl+C stops it)")
    try:
        manage("runserver", "127.0.0.1:8000", env=DEV_ENV)
    except KeyboardInterrupt:
        pass
    finally:
        worker.terminate()
        worker.wait(timeout=10)


def test(extra: list[str]) -> None:
    install()
    database = os.environ.get("DATABASE_URL", "sqlite").split("@")[-1]
    say(f"Running the test suite on {database}")
    # Tests run in parallel, one process per CPU; a file's tests stay in one process.
    args = extra or ["-n", "auto", "--dist", "loadfile"]
    result = subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT)
    sys.exit(result.returncode)


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "run":
        serve()
    elif command == "test":
        test(sys.argv[2:])
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
