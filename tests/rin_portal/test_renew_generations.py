"""After an upgrade, `renew_generations` makes the pages cached by the old release be
drawn afresh by the new one (docs/deploy.md, Upgrades)."""

import copy
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


def _new_release(tmp_path):
    """The templates of a new release, whose home page differs from the old one."""
    (tmp_path / "home.html").write_text("<p>Nova izdaja portala</p>", encoding="utf-8")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    return override_settings(TEMPLATES=templates)


def test_pages_cached_by_the_old_release_are_drawn_afresh_after_renewing(client, tmp_path):
    old = client.get("/").content.decode()
    assert "Nova izdaja portala" not in old

    with _new_release(tmp_path):
        # No data changed since the old release drew the page: it is still served.
        assert client.get("/").content.decode() == old

        call_command("renew_generations", stdout=io.StringIO())

        assert "Nova izdaja portala" in client.get("/").content.decode()


def test_in_development_an_edited_template_shows_without_a_change_of_data(client, tmp_path):
    """runserver's autoreloader reports the edited file; the page is drawn afresh."""
    from pathlib import Path

    from django.utils.autoreload import file_changed

    old = client.get("/").content.decode()
    with _new_release(tmp_path):
        assert client.get("/").content.decode() == old
        file_changed.send(sender=None, file_path=Path(tmp_path / "home.html"))
        assert "Nova izdaja portala" in client.get("/").content.decode()
