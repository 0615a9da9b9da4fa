"""The Slovenian catalogue is whole and compiled: a string left untranslated or fuzzy
shows in English (or in a guessed older wording) to every Slovenian user."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "sl" / "LC_MESSAGES"


def _entries(text: str) -> list[str]:
    return [block for block in text.split("\n\n") if re.search(r"^msgid ", block, re.M)]


def test_every_slovenian_message_is_translated_and_none_is_fuzzy():
    entries = _entries((CATALOGUE / "django.po").read_text(encoding="utf-8"))[1:]  # header
    fuzzy = [entry for entry in entries if re.search(r"^#, .*\bfuzzy\b", entry, re.M)]
    empty = [
        entry
        for entry in entries
        if not entry.lstrip().startswith("#~")
        and re.search(r'^msgstr(\[\d\])? ""\n(?!")', entry + "\n", re.M)
    ]
    assert fuzzy == [] and empty == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt")
def test_the_compiled_catalogue_is_the_current_one(tmp_path):
    """django.mo, which the portal reads, holds what django.po says (compilemessages)."""
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", compiled, CATALOGUE / "django.po"], check=True)
    with compiled.open("rb") as fresh, (CATALOGUE / "django.mo").open("rb") as shipped:
        assert gettext.GNUTranslations(shipped)._catalog == gettext.GNUTranslations(fresh)._catalog
