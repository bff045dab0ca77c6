"""No question of an evaluation set — the gold sets (../shared/eval), the project's own held-out sets
(tests/data: blind*, paraphrases*) and the helper-written fit sets (training/) — appears in assistant/ (code,
docstrings, comments) or in the tests' own code (their examples are invented), nor any sixteen
characters of one that are not the plan's own words (a question may quote a measure's name, and so may a
docstring): the answer stage is judged on questions nobody tuned it for (issue 27)."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from tests.helpers import ROOT

EVAL = ROOT.parent / "shared" / "eval"
DATA = ROOT / "tests" / "data"
FIT = ROOT / "training"  # the helper-written fit sets (their questions, not the off-policy pool's texts)
WINDOW = 16  # characters: longer than any phrase the code and a question share by chance
# a question shorter than this (「目標は？」) is every follow-up's wording, not one writer's: it is found
# inside longer invented examples, and is not looked for alone
SHORTEST = 8


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def questions() -> list[str]:
    files = sorted(EVAL.glob("*.jsonl")) + sorted(DATA.glob("blind*.jsonl")) + sorted(DATA.glob("paraphrases*.jsonl"))
    files += [p for pattern in ("checks_fit/*.jsonl", "fit13/english/*.jsonl", "fit13/long/*.jsonl",
                                "fit14/narrow/*.jsonl", "fit15/decline/*.jsonl", "fit21/cmp/*.jsonl", "fit22/*.jsonl")
              for p in sorted(FIT.glob(pattern))]
    out = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                out += [item["question"], *(item.get("history") or [])]
    return list(dict.fromkeys(out))


def code_text() -> str:
    """The project's code and its tests (examples in both are invented), this file aside."""
    files = sorted((ROOT / "assistant").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))
    return "\n".join(_norm(p.read_text(encoding="utf-8")) for p in files if p.name != Path(__file__).name)


def test_the_sets_are_read():
    assert len(questions()) > 500


def plan_text() -> str:
    return _norm("".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs_source").glob("*.txt"))))


def test_no_evaluation_question_or_sixteen_characters_of_one_is_in_the_code():
    code = code_text()
    plan = plan_text()
    found = []
    for q in questions():
        n = _norm(q)
        # (a question that is only the plan's words, a measure's name asked as a topic, is no one's wording)
        if len(n) >= SHORTEST and n in code and n not in plan:
            found.append(q)
            continue
        for i in range(0, max(0, len(n) - WINDOW) + 1):
            window = n[i:i + WINDOW]
            if len(window) == WINDOW and not window.isascii() and window not in plan and window in code:
                found.append(f"{q} ({window})")
                break
    assert not found, found


@pytest.mark.parametrize("question", ["「局長説明用に」の例は書かない", "x" * 20])
def test_the_check_finds_what_it_looks_for(tmp_path, question):
    # the same search over a file that holds the text: it must be found (the test can fail)
    n = _norm(question)
    assert n in _norm(f"# {question}\n")
