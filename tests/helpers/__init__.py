"""Plain helpers shared by the tests; fixtures are in tests/conftest.py. A test module never imports
another test module: what two of them share lives here (the app under test in tests/helpers/app.py,
the fake LLM server in tests/helpers/fake_llm.py)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs_source"
DATA = ROOT / "tests" / "data"
NETGUARD = ROOT / "tests" / "netguard"  # its sitecustomize.py guards subprocesses
# The shared evaluation sets beside the project (../shared/eval); a fresh clone does not have them.
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
MEASURES = "002_dc7e15a85d2a7a74.txt"  # the 施策集
INSPECTION = "000_1412c9d0e289725a.txt"  # the 点検 draft


def shared_eval(name: str) -> Path:
    """../shared/eval/`name`, or the test is skipped: the gold sets are not part of the repository."""
    path = EVAL / name
    if not path.is_file():
        pytest.skip(f"{path} is not here: the gold sets in ../shared/eval come with the project's workspace, "
                    "not with the repository")
    return path


def sheet_holding(catalog, text, doc=MEASURES):
    """The first sheet of `doc` whose text or title holds `text` (compared in the matching form)."""
    from assistant.text.normalize import norm

    hits = [s for s in catalog.sheets if s.doc == doc and norm(text) in norm(s.text + s.title)]
    assert hits, f"no sheet holds {text!r}"
    return hits[0]


def guarded_env(env: dict) -> dict:
    """`env` with tests/netguard first on PYTHONPATH (any existing PYTHONPATH kept after it), so the
    subprocess imports the guard at start-up."""
    env = dict(env)
    rest = [p for p in (env.get("PYTHONPATH") or "").split(os.pathsep) if p and p != str(NETGUARD)]
    env["PYTHONPATH"] = os.pathsep.join([str(NETGUARD), *rest])
    return env


def checked(assistant, question, history=None):
    """The answer, after checking what every answer must hold: each quote verbatim in its sheet,
    each citation's title and section its sheet's, each citation marked in the text, ten sheets
    retrieved."""
    from assistant.answer.citations import quote_in_sheet

    answer = assistant.ask(question, history=history)
    sheets = {s.id: s for s in assistant.sheets()}
    for c in answer.citations:
        assert quote_in_sheet(c.quote, sheets[c.sheet_id]), c
        assert c.title == sheets[c.sheet_id].title and c.section == sheets[c.sheet_id].section
        assert f"[{c.n}]" in answer.answer
    assert len(answer.retrieved) >= 10
    return answer

