"""docs_source/registry.yaml and glossary.yaml are checked when read: each way of getting one wrong is
one line naming the file, the entry and what to fix (a ConfigError), in the library and in the CLI."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from assistant.config_files import read_glossary, read_registry
from assistant.errors import ConfigError
from assistant.ingest.documents import load_registry
from assistant.text.glossary import Glossary, load_glossary
from bench.app_process import copy_index
from tests.helpers import DOCS, ROOT

GOOD_ENTRY = "  - file: a.txt\n    title: 文書A\n    kind: measures\n"

REGISTRY_CASES = {
    "bad YAML": ("documents:\n  - file: a.txt\n   title: 文書A\n",
                 "not valid YAML (line 3, column"),
    "a duplicate key": ("documents:\n  - file: a.txt\n    title: 文書A\n    title: 文書B\n",
                        "duplicate key 'title': merge the two entries"),
    "a list, not a mapping": ("- file: a.txt\n", "expected a mapping with a `documents:` list, found a list"),
    "documents not a list": ("documents: a.txt\n", "`documents:` must be a list of entries (- file: …), found text"),
    "an entry not a mapping": (f"documents:\n{GOOD_ENTRY}  - b.txt\n",
                               "documents entry 2: must be a mapping of file, title and kind, found text"),
    "a missing file": (f"documents:\n{GOOD_ENTRY}  - title: 文書B\n",
                       "documents entry 2: `file:` is missing; add the document's file name"),
    "an unknown key": (f"documents:\n{GOOD_ENTRY}  - file: b.txt\n    titel: 文書B\n",
                       "documents entry 2 (file: b.txt): unknown key 'titel'; the keys are file, title, kind"),
    "an unknown kind": (f"documents:\n{GOOD_ENTRY}  - file: b.txt\n    kind: measure\n",
                        "documents entry 2 (file: b.txt): kind 'measure' is not one of 'measures', 'inspection', "
                        "'text' or 'pdf'; use one of them or leave kind out"),
    "a title of the wrong type": ("documents:\n  - file: a.txt\n    title: [文書, A]\n",
                                  "documents entry 1 (file: a.txt): `title:` must be text, found a list; quote it"),
    "a number as file name": ("documents:\n  - file: 2026\n",
                              "documents entry 1: `file:` must be text, found a number; quote it"),
    "an empty file name": ("documents:\n  - file: ''\n", "documents entry 1: `file:` is empty; give the document's file name"),
    "an unknown top-level key": ("document:\n  - file: a.txt\n",
                                 "unknown key 'document' at the top; the file holds only `documents:`"),
}


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(REGISTRY_CASES))
def test_a_malformed_registry_is_one_line_naming_the_entry(case, tmp_path):
    text, expected = REGISTRY_CASES[case]
    write(tmp_path, "a.txt", "本文")
    reg = write(tmp_path, "registry.yaml", text)
    with pytest.raises(ConfigError) as err:
        load_registry(tmp_path)
    message = str(err.value)
    assert message.startswith(f"{reg}: ") and expected in message, message
    assert "\n" not in message


def test_every_problem_of_a_registry_is_on_the_one_line(tmp_path):
    reg = write(tmp_path, "registry.yaml", "documents:\n  - file: a.txt\n    kind: pfd\n  - title: B\n    size: 3\n")
    message = str(pytest.raises(ConfigError, read_registry, reg).value)
    assert "\n" not in message
    assert "documents entry 1 (file: a.txt): kind 'pfd'" in message
    assert "documents entry 2: `file:` is missing" in message and "documents entry 2: unknown key 'size'" in message


def test_valid_registries_are_read(tmp_path):
    assert [e.file for e in read_registry(DOCS / "registry.yaml").documents] == [
        "002_dc7e15a85d2a7a74.txt", "000_1412c9d0e289725a.txt"]
    for text in ("", "# only a comment\n", "documents:\n", "documents: []\n"):
        assert read_registry(write(tmp_path, "registry.yaml", text)).documents == []
    write(tmp_path, "a.txt", "題名\n本文")
    write(tmp_path, "registry.yaml", "documents:\n  - file: a.txt\n")  # title and kind are optional
    (doc,) = load_registry(tmp_path)
    assert (doc.file, doc.title, doc.kind) == ("a.txt", "a.txt", "auto")


GLOSSARY_CASES = {
    "bad YAML": ("ソーラーパネル: [太陽光パネル\n", "not valid YAML (line"),
    "a duplicate term": ("廃プラ: [廃プラスチック]\nごみ: [一般廃棄物]\n廃プラ: [プラごみ]\n",
                         "duplicate key '廃プラ': merge the two entries"),
    "a list, not a mapping": ("- ソーラーパネル\n- 太陽光パネル\n",
                              "expected a mapping of term: [synonym, ...], found a list"),
    "synonyms as a mapping": ("ソーラーパネル: {太陽光パネル: 1}\n",
                              "term 'ソーラーパネル': synonyms must be a list like ソーラーパネル: [synonym, ...], "
                              "found a mapping"),
    "a term with no synonym": ("ソーラーパネル:\n", "term 'ソーラーパネル' lists no synonym"),
    "an empty list": ("ソーラーパネル: []\n", "term 'ソーラーパネル' lists no synonym"),
    "a number as synonym": ("温室効果ガス: [CO2, 2030]\n", "term '温室効果ガス': synonym 2 must be text, found a number"),
    "an empty synonym": ("廃プラ: [廃プラスチック, '']\n", "term '廃プラ': synonym 2 is empty; remove it"),
    "a number as term": ("2030: [令和12年]\n", "term 2030 must be text, found a number; quote it"),
}


@pytest.mark.parametrize("case", list(GLOSSARY_CASES))
def test_a_malformed_glossary_is_one_line_naming_the_term(case, tmp_path):
    text, expected = GLOSSARY_CASES[case]
    path = write(tmp_path, "glossary.yaml", text)
    with pytest.raises(ConfigError) as err:
        Glossary.build(["太陽光パネルと廃プラスチック"], path)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and expected in message, message
    assert "\n" not in message


def test_valid_glossaries_are_read(tmp_path):
    curated = read_glossary(DOCS / "glossary.yaml")
    assert curated["ソーラーパネル"] == ["太陽光パネル", "太陽電池"] and len(curated) > 30
    path = write(tmp_path, "glossary.yaml", "# comments only\n")
    assert read_glossary(path) == {} and load_glossary(tmp_path / "absent.yaml") == {}
    write(tmp_path, "glossary.yaml", "ＬｉＢ: リチウムイオン電池\n")  # one synonym without brackets
    assert load_glossary(path) == {"lib": {"リチウムイオン電池"}, "リチウムイオン電池": {"lib"}}


# ---- through the CLI: one line on stderr, no traceback ---------------------------------------------
def cli(args, env):
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=300)


def test_the_cli_shows_a_bad_registry_as_one_line(cli_env, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    reg = docs / "registry.yaml"
    reg.write_text(reg.read_text(encoding="utf-8").replace("    kind: inspection", "    kind: inspection\n    pages: 3"),
                   encoding="utf-8")
    env = {**cli_env, "ASSISTANT_DOCS_DIR": str(docs), "ASSISTANT_INDEX_DIR": str(tmp_path / "index")}
    for args in (["sheets"], ["sheets", "--json"]):
        proc = cli(args, env)
        assert proc.returncode == 2 and proc.stdout == ""
        assert proc.stderr.splitlines() == [
            f"エラー: {reg}: documents entry 2 (file: 000_1412c9d0e289725a.txt): unknown key 'pages'; "
            "the keys are file, title, kind"], proc.stderr


def test_the_cli_shows_a_bad_glossary_as_one_line(cli_env, settings, tmp_path):
    """The glossary is read when the index is opened: asking a question with a broken one says which term
    to fix (over copies of the docs and the session's index, which the same files leave fresh)."""
    docs, index = tmp_path / "docs", tmp_path / "index"
    shutil.copytree(DOCS, docs)
    copy_index(settings.index_dir, index)
    glossary = docs / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\nCEポート: サーキュラーエコノミーポート: 港\n",
                        encoding="utf-8")
    proc = cli(["ask", "J4CEを発足させた組織は？"], {**cli_env, "ASSISTANT_DOCS_DIR": str(docs), "ASSISTANT_INDEX_DIR": str(index)})
    assert proc.returncode == 2 and proc.stdout == ""
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"エラー: {glossary}: not valid YAML (line ") and "Traceback" not in proc.stderr
    assert os.listdir(index / "builds") == os.listdir(settings.index_dir / "builds")  # nothing rebuilt
