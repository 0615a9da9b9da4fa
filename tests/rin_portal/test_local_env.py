"""manage.py in a development checkout reads the .env that dev.py wrote."""

import os

import manage


def test_reads_the_checkouts_settings_without_overriding_the_environment(tmp_path, monkeypatch):
    local_env = tmp_path / ".env"
    local_env.write_text("# a comment=ignored\nRIN_TEST_LOCAL=from-file\nRIN_TEST_SET=from-file\n")
    monkeypatch.setattr(manage, "LOCAL_ENV", local_env)
    monkeypatch.delenv("RIN_TEST_LOCAL", raising=False)
    monkeypatch.setenv("RIN_TEST_SET", "from-environment")
    manage.read_local_env()
    assert os.environ.pop("RIN_TEST_LOCAL") == "from-file"
    assert os.environ["RIN_TEST_SET"] == "from-environment"
    assert "# a comment" not in os.environ


def test_without_the_file_nothing_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(manage, "LOCAL_ENV", tmp_path / ".env")
    before = dict(os.environ)
    manage.read_local_env()
    assert dict(os.environ) == before
