"""scripts/setup.sh installs with uv, told pip's indexes and wheel folders (scripts/uv_args.py)."""
from __future__ import annotations

import os
import subprocess
import sys

from scripts.uv_args import pip_settings, uv_args
from tests.helpers import ROOT


def test_pip_lists_become_one_uv_option_per_item():
    args = uv_args({"find-links": "/srv/wheels", "extra-index-url": "file:///a/simple https://b.example/simple",
                    "constraint": "/etc/c.txt", "cert": "/etc/ssl/x.pem"})
    assert args == ["--extra-index-url", "file:///a/simple", "--extra-index-url", "https://b.example/simple",
                    "--find-links", "/srv/wheels", "--constraint", "/etc/c.txt",
                    "--index-strategy", "unsafe-best-match"]


def test_no_pip_settings_no_options():
    assert uv_args({}) == []
    assert uv_args({"cert": "/etc/ssl/x.pem", "default-timeout": "180"}) == []


def test_environment_wins_over_configuration_files(tmp_path):
    """As in pip: PIP_FIND_LINKS replaces the find-links of a pip.conf."""
    conf = tmp_path / "pip.conf"
    conf.write_text("[global]\nfind-links = /from/file\nextra-index-url = file:///x/simple\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=str(conf), PIP_FIND_LINKS="/from/env")
    settings = pip_settings(env)
    assert settings["find-links"] == "/from/env"
    assert settings["extra-index-url"] == "file:///x/simple"


def test_the_script_prints_what_uv_is_given(tmp_path):
    conf = tmp_path / "pip.conf"
    conf.write_text("[global]\nfind-links = /w\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = str(conf)
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "uv_args.py")], env=env, capture_output=True,
                         text=True, check=True).stdout
    lines = out.splitlines()  # the machine's own pip settings come too
    assert lines[lines.index("--find-links"):lines.index("--find-links") + 2] == ["--find-links", "/w"]
    assert lines[-2:] == ["--index-strategy", "unsafe-best-match"]
