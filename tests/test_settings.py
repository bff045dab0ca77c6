"""Settings: environment over the optional YAML file over defaults, with clear errors."""
from __future__ import annotations

import pytest

from assistant.errors import ConfigError
from assistant.settings import load_settings


def test_yaml_file_under_the_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ASSISTANT_TOP_K", raising=False)
    monkeypatch.delenv("ASSISTANT_SETTINGS_FILE", raising=False)
    (tmp_path / "settings.yaml").write_text("top_k: 7\nnot_a_setting: 3\n", encoding="utf-8")
    assert load_settings().top_k == 7  # unknown keys are ignored
    monkeypatch.setenv("ASSISTANT_TOP_K", "9")
    assert load_settings().top_k == 9
    monkeypatch.setenv("ASSISTANT_SETTINGS_FILE", str(tmp_path / "absent.yaml"))
    monkeypatch.delenv("ASSISTANT_TOP_K")
    assert load_settings().top_k == 10  # no file: the default


@pytest.mark.parametrize("text, message", [("- a\n- b\n", "YAML mapping"), ("top_k: [\n", "not valid YAML"),
                                           ("top_k: -3\n", "top_k")])
def test_a_bad_settings_file_says_what_to_fix(tmp_path, monkeypatch, text, message):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_SETTINGS_FILE", str(path))
    with pytest.raises(ConfigError, match=message):
        load_settings()
