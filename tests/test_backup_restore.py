"""A backup restores into an empty database that holds the same data, signs in and renders.

It runs the documented commands (docs/deploy.md, section 5) against databases of its
own: SQLite always; PostgreSQL (pg_dump -Fc / pg_restore) when the suite itself runs
on PostgreSQL, as in CI.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
CHECK = """
import json
from django.contrib.auth import authenticate
from municipalities.models import Municipality
from plans.models import Plan, Programme, IndicatorValue, YearlyReport
from providers.models import Provider
print(json.dumps({
    "municipalities": Municipality.objects.count(),
    "providers": Provider.objects.count(),
    "plans": Plan.objects.count(),
    "programmes": Programme.objects.count(),
    "reports": YearlyReport.objects.count(),
    "values": IndicatorValue.objects.count(),
    "signed_in": authenticate(username="demo-clan", password="rin-demo-2026") is not None,
}))
"""


def manage(database_url: str, *args: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "rin_portal.settings",
        "DJANGO_DEBUG": "1",
        "RIN_DEMO_MODE": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    # Nor a traceback logged on the way (a fresh migrate once logged one for every write
    # made before the content generation's table existed).
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    return result.stdout


def prepare(database_url: str) -> dict:
    manage(database_url, "migrate", "--verbosity", "0")
    manage(database_url, "load_reference_data")
    manage(database_url, "load_demo_data")
    return json.loads(
        manage(database_url, "shell", "-v", "0", "-c", CHECK).strip().splitlines()[-1]
    )


def verify_restored(database_url: str, expected: dict, tmp_path: Path) -> None:
    restored = json.loads(
        manage(database_url, "shell", "-v", "0", "-c", CHECK).strip().splitlines()[-1]
    )
    assert restored == expected
    assert restored["plans"] >= 3 and restored["signed_in"]
    pdf = tmp_path / "restored.pdf"
    manage(database_url, "render_report", "plan", "rin-gorenjska-2014-2016", "--output", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_sqlite_backup_restores(tmp_path):
    source = tmp_path / "source.sqlite3"
    expected = prepare(f"sqlite:///{source}")
    backup = tmp_path / "backup.sqlite3"
    with sqlite3.connect(source) as live, sqlite3.connect(backup) as copy:
        live.backup(copy)  # what `sqlite3 db.sqlite3 ".backup 'file'"` does
    restored = tmp_path / "restored.sqlite3"
    shutil.copy(backup, restored)
    verify_restored(f"sqlite:///{restored}", expected, tmp_path)


@pytest.mark.slow
@pytest.mark.django_db
def test_postgresql_dump_restores_into_an_empty_database(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("The suite runs on SQLite; CI runs this test on PostgreSQL.")
    if not shutil.which("pg_dump"):
        pytest.fail("pg_dump is not installed (Debian: postgresql-client).")
    db = settings.DATABASES["default"]
    auth = f"{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}"
    suffix = uuid.uuid4().hex[:8]
    source, target = f"rin_backup_src_{suffix}", f"rin_backup_dst_{suffix}"
    pg_env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    base = ["-h", db["HOST"], "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    admin = psycopg2.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"],
        dbname=db["NAME"],
    )
    admin.autocommit = True  # CREATE DATABASE cannot run in a transaction
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{source}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    try:
        expected = prepare(f"postgres://{auth}/{source}")
        dump = tmp_path / "rin.dump"
        subprocess.run(
            ["pg_dump", "-Fc", "--no-owner", *base, "-d", source, "-f", str(dump)],
            env=pg_env,
            check=True,
        )
        subprocess.run(
            ["pg_restore", "--no-owner", *base, "-d", target, str(dump)], env=pg_env, check=True
        )
        verify_restored(f"postgres://{auth}/{target}", expected, tmp_path)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{source}" WITH (FORCE)')
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        admin.close()
