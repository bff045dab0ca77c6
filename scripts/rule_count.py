"""Counts the hand-written rules of the answer stage at a git revision: regexes (and their top-level
alternatives, `|` + 1 per pattern) and word-list entries (words passed to tokenize() as a list, and
string entries of set/dict literals), as BENCHMARKS.md reports them.

    python3 scripts/rule_count.py [REV ...]      # default: 8c6cd6d (before issue 13) and HEAD
"""
from __future__ import annotations

import re
import subprocess
import sys

# each module of the answer stage, where it lives now and where it lived before the stage subpackages
ANSWER_STAGE = (("answer/intent.py", "intent.py"), ("scope.py",), ("answer/compose.py", "compose.py"),
                ("retrieve/followup.py", "followup.py"))
REGEX = re.compile(r're\.(?:compile|search|sub|finditer|match|findall)\(\s*((?:r?"[^"]*"\s*)+)')
WORDS_TO_TOKENIZE = re.compile(r'tokenize\(\s*((?:"[^"]*"\s*)+)\)')
DICT_OF_WORDS = re.compile(r'=\s*\{((?:\s*"[^"]+"\s*:\s*"[^"]+"\s*,?)+)\}')
SET_OF_WORDS = re.compile(r'=\s*[{(]((?:\s*"[^"]+"\s*,)+\s*(?:"[^"]+"\s*)?)[})]')


def source(rev: str, name: str) -> str:
    done = subprocess.run(["git", "show", f"{rev}:assistant/{name}"], capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else ""


def count(rev: str) -> dict[str, int]:
    regexes = alternatives = entries = 0
    for places in ANSWER_STAGE:
        text = next((t for t in (source(rev, p) for p in places) if t), "")
        for m in REGEX.finditer(text):
            pattern = "".join(re.findall(r'r?"([^"]*)"', m.group(1)))
            regexes += 1
            alternatives += pattern.count("|") + 1
        for m in WORDS_TO_TOKENIZE.finditer(text):
            entries += len("".join(re.findall(r'"([^"]*)"', m.group(1))).split())
        entries += sum(m.group(1).count(":") for m in DICT_OF_WORDS.finditer(text))
        entries += sum(m.group(1).count('"') // 2 for m in SET_OF_WORDS.finditer(text))
    return {"regexes": regexes, "alternatives": alternatives, "word_list_entries": entries}


if __name__ == "__main__":
    for rev in sys.argv[1:] or ["8c6cd6d", "HEAD"]:
        print(rev, count(rev))
