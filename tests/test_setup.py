"""scripts/setup.sh installs exactly uv.lock: with uv, told pip's indexes and wheel folders
(scripts/uv_args.py), or with pip from the lock's export in requirements/ (scripts/lock.py)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from scripts.lock import EXTRAS, exported, find_uv, requirements_file, uv_options
from scripts.uv_args import pip_settings, uv_args
from tests.helpers import ROOT

RELOCK = "run `.venv/bin/python scripts/lock.py` and commit uv.lock and requirements/"


def test_pip_lists_become_one_uv_option_per_item():
    args = uv_args({"find-links": "/srv/wheels", "extra-index-url": "file:///a/simple https://b.example/simple",
                    "constraint": "/etc/c.txt", "cert": "/etc/ssl/x.pem"})
    # no constraint file: uv's project commands take none (torch is pinned in pyproject.toml instead)
    assert args == ["--extra-index-url", "file:///a/simple", "--extra-index-url", "https://b.example/simple",
                    "--find-links", "/srv/wheels", "--index-strategy", "unsafe-best-match"]


def test_no_pip_settings_no_options():
    assert uv_args({}) == []
    assert uv_args({"cert": "/etc/ssl/x.pem", "default-timeout": "180", "constraint": "/etc/c.txt"}) == []


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


def _uv() -> str:
    uv = find_uv()
    if uv is None:  # scripts/setup.sh installed with pip: uv could not be had on this machine
        pytest.skip("uv is neither in the venv nor on PATH (scripts/setup.sh installs it into .venv)")
    return uv


def test_the_lock_agrees_with_pyproject():
    out = subprocess.run([_uv(), "lock", "--check", "--offline", *uv_options()], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    assert out.returncode == 0, f"uv.lock is not the lock of pyproject.toml: {RELOCK}\n{out.stderr}"


def test_the_requirements_files_are_the_lock_exported():
    """pip's fallback in scripts/setup.sh installs the same versions as uv."""
    uv = _uv()
    for kind in EXTRAS:
        assert requirements_file(kind).read_text(encoding="utf-8") == exported(uv, kind), \
            f"{requirements_file(kind).relative_to(ROOT)} is not uv.lock's export: {RELOCK}"


def test_the_test_install_takes_every_extra():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert set(EXTRAS["test"]) == set(extras)  # the tests exercise every backend, benchmark and fitting script
    assert set(EXTRAS["app"]) < set(extras)
    listed = subprocess.run([sys.executable, str(ROOT / "scripts" / "lock.py"), "--extras", "test"],
                            capture_output=True, text=True, check=True).stdout.split()
    assert listed == list(EXTRAS["test"])  # what scripts/setup.sh reads


def test_torch_is_locked_to_the_cpu_build_on_this_disk():
    """Not PyPI's torch for Linux, the CUDA build with GBs of nvidia packages."""
    packages = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))["package"]
    (torch,) = [p for p in packages if p["name"] == "torch"]
    assert torch["version"] == "2.13.0+cpu"
    (wheel,) = torch["wheels"]
    assert Path(wheel["path"]).is_file() and Path(wheel["path"]).parent == Path(torch["source"]["registry"])
    assert not [p["name"] for p in packages if re.match(r"nvidia-|cuda-|triton$", p["name"])]


def test_the_environment_running_the_tests_is_the_lock():
    extras = [f"--extra={e}" for e in EXTRAS["test"]]
    # the project itself aside: installed editable, its code is live, but uv takes any edit of
    # pyproject.toml (a pytest setting, say) for a project to reinstall
    out = subprocess.run([_uv(), "sync", "--check", "--locked", "--inexact", "--no-install-project", "--offline",
                          *uv_options(), *extras],
                         cwd=ROOT, capture_output=True, text=True, check=False,
                         env={**os.environ, "UV_PROJECT_ENVIRONMENT": sys.prefix})
    assert out.returncode == 0, f"{sys.prefix} differs from uv.lock: run `bash scripts/setup.sh test`\n{out.stderr}"
    assert version("torch") == "2.13.0+cpu"
