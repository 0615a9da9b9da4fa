"""Changing the SECRET_KEY with the former one in DJANGO_SECRET_KEY_FALLBACKS: what the
former key signed keeps working until it is taken out (docs/deploy.md)."""

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from rin_portal.settings import checked_fallback_keys

FORMER = "the-former-key-of-the-portal-" + "f3a9c1e7b5d2" * 3
NEW = "the-new-key-of-the-portal-" + "0b8d4e6a2c9f" * 3


def test_the_fallbacks_are_read_from_the_environment_comma_separated():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DJANGO_SECRET_KEY_FALLBACKS": f" {FORMER} ,{NEW},",
    }
    code = "from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == str([FORMER, NEW]), result.stderr


def test_a_weak_fallback_stops_production_but_not_development():
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY_FALLBACKS"):
        checked_fallback_keys([FORMER, "short"], debug=False)
    assert checked_fallback_keys(["short"], debug=True) == ["short"]
    assert checked_fallback_keys([], debug=False) == []


def _signed_in_under_the_former_key(user, settings) -> Client:
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = FORMER, []
    client = Client()
    client.force_login(user)
    return client


def test_a_session_outlives_the_change_of_key_while_the_former_is_a_fallback(member, settings):
    kept = _signed_in_under_the_former_key(member, settings)
    ended = _signed_in_under_the_former_key(member, settings)
    dashboard = reverse("progress:dashboard")
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, [FORMER]
    assert kept.get(dashboard).status_code == 200
    settings.SECRET_KEY_FALLBACKS = []
    # The session was moved to the new key at its first request: it goes on without
    # the fallback, while one not used meanwhile has ended.
    assert kept.get(dashboard).status_code == 200
    response = ended.get(dashboard)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
