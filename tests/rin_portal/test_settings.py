import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from rin_portal.settings import checked_secret_key, gc_thresholds


def test_missing_secret_key_stops_production():
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        checked_secret_key("", debug=False)


def test_short_secret_key_stops_production():
    with pytest.raises(ImproperlyConfigured, match="weak"):
        checked_secret_key("abcdefgh12345", debug=False)


def test_debug_runs_with_a_development_key():
    assert checked_secret_key("", debug=True)


def test_start_up_without_a_key_prints_a_clear_message(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "rin_portal.settings",
        "DJANGO_DEBUG": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is missing or weak" in result.stderr


def test_slovenian_is_the_default_language(settings):
    assert settings.LANGUAGE_CODE == "sl"
    assert [code for code, _ in settings.LANGUAGES] == ["sl", "en"]
    assert settings.TIME_ZONE == "Europe/Ljubljana"


def test_garbage_collector_thresholds_are_three_positive_numbers():
    assert gc_thresholds("50000, 20,100") == (50000, 20, 100)
    for wrong in ("", "50000,20", "a,b,c", "0,10,10"):
        with pytest.raises(ImproperlyConfigured, match="RIN_GC_THRESHOLDS"):
            gc_thresholds(wrong)


def test_a_web_worker_tunes_its_garbage_collector():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "RIN_GC_THRESHOLDS": "12345,7,9",
    }
    code = "import gc, rin_portal.wsgi; print(gc.get_threshold(), gc.get_freeze_count() > 0)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "(12345, 7, 9) True", result.stderr
