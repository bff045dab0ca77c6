"""Counts the hand-written rules of the answer stage at a git revision — every module of
assistant/answer/, assistant/retrieve/ and assistant/query/, and assistant/llm/reply.py — as BENCHMARKS.md
reports them (issue 27: regexes + alternatives + word-list entries):

- regexes (re.compile/search/sub/… with a literal pattern) and their top-level alternatives (`|` + 1);
- word-list entries: words passed to tokenize() as a literal, string entries of set, tuple, list and dict
  literals anywhere in the code (a table assigned to a name, or written inline: `x in ("は", "が")`),
  single characters and empty strings aside (`"。"`, `""`: punctuation and separators, not words); counted
  apart and not as rules: SudachiPy's part-of-speech names (名詞, 接尾辞: the tagger's vocabulary grammar
  reads by) and code names (a feature, slot or key name: overlap, target);
- numeric constants: module-level names bound to a number, and how many of them carry a comment (on
  the line or the lines just above) saying why or that they are fitted;
- numeric literals in code other than 0, 1, -1 and 2 (thresholds and weights written inline).

    python3 scripts/rule_count.py [REV ...]      # default: 8e346cb (issue 27 opened) and HEAD
    python3 scripts/rule_count.py --worktree      # the working tree's files
"""
from __future__ import annotations

import ast
import re
import subprocess
import sys

FOLDERS = ("assistant/answer/", "assistant/retrieve/", "assistant/query/")
FILES = ("assistant/llm/reply.py",)
RE_FUNCS = {"compile", "search", "sub", "finditer", "match", "fullmatch", "findall", "split"}
IDENTIFIER = re.compile(r"[a-z_]+")  # a group's name in a table of named groups, not a pattern
WORDS_TO_TOKENIZE = re.compile(r'tokenize\(\s*((?:"[^"]*"\s*)+)\)')
COMMON = {0, 1, -1, 2}
# SudachiPy's part-of-speech names: the tagger's own vocabulary, which grammar reads words by, not cue words
POS_NAMES = {"名詞", "動詞", "形容詞", "形状詞", "副詞", "連体詞", "接続詞", "感動詞", "助詞", "助動詞", "接頭辞", "接尾辞",
             "補助記号", "記号", "空白", "代名詞", "数詞", "普通名詞", "固有名詞", "地名", "人名", "一般", "サ変可能",
             "副詞可能", "並立助詞", "接続助詞", "格助詞", "副助詞", "係助詞", "終助詞", "読点", "句点", "名詞的", "非自立可能",
             "英字", "国", "*"}
CODE_NAME = re.compile(r"[a-z][a-z0-9_]*(?:=[a-z0-9_]*)?")  # a feature, slot or key name (overlap, target, slot=)


def modules(rev: str) -> dict[str, str]:
    listed = subprocess.run(["git", "ls-tree", "-r", "--name-only", rev], capture_output=True, text=True).stdout
    names = [n for n in listed.splitlines() if n.endswith(".py") and (n.startswith(FOLDERS) or n in FILES)]
    return {n: subprocess.run(["git", "show", f"{rev}:{n}"], capture_output=True, text=True).stdout for n in names}


def count_module(text: str) -> dict[str, int]:
    out = {"regexes": 0, "alternatives": 0, "word_list_entries": 0, "pos_names": 0, "code_names": 0,
           "numeric_constants": 0, "numeric_constants_explained": 0, "inline_numbers": 0}
    for m in WORDS_TO_TOKENIZE.finditer(text):
        out["word_list_entries"] += len("".join(re.findall(r'"([^"]*)"', m.group(1))).split())
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return out
    lines = text.splitlines()
    for node in ast.walk(tree):
        # every re.compile/search/… call is one regex, whether its pattern is a literal or built from
        # a table of named groups; its alternatives are counted over every pattern string in it
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RE_FUNCS
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args):
            strings = [n.value for n in ast.walk(node.args[0]) if isinstance(n, ast.Constant)
                       and isinstance(n.value, str) and not IDENTIFIER.fullmatch(n.value)]
            strings += [v for n in ast.walk(node.args[0]) if isinstance(n, ast.JoinedStr)
                        for v in (p.value for p in n.values if isinstance(p, ast.Constant))]
            if not strings and isinstance(node.args[0], ast.Name):
                continue  # a pattern compiled elsewhere, used here: counted where it is written
            out["regexes"] += 1
            out["alternatives"] += sum(x.count("|") for x in strings) + 1
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.Tuple, ast.List, ast.Dict)):
            items = node.keys if isinstance(node, ast.Dict) else node.elts
            for e in items:
                if not (isinstance(e, ast.Constant) and isinstance(e.value, str)) or id(e) in docstrings:
                    continue
                if e.value in POS_NAMES:
                    out["pos_names"] += 1
                elif CODE_NAME.fullmatch(e.value):
                    out["code_names"] += 1
                elif len(e.value) > 1:
                    out["word_list_entries"] += 1
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, (int, float)) \
                    and not isinstance(value.value, bool):
                out["numeric_constants"] += 1
                before = lines[max(0, node.lineno - 4):node.lineno]
                if any("#" in ln for ln in before):
                    out["numeric_constants_explained"] += 1
    constants = {id(n.value) for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, (int, float))
                and not isinstance(node.value, bool) and id(node) not in constants and node.value not in COMMON):
            out["inline_numbers"] += 1
    return out


def count(rev: str) -> dict[str, int]:
    total: dict[str, int] = {}
    for text in modules(rev).values():
        for k, v in count_module(text).items():
            total[k] = total.get(k, 0) + v
    return total


if __name__ == "__main__":
    if sys.argv[1:] == ["--worktree"]:
        from pathlib import Path

        files = [p for f in FOLDERS for p in Path(f).rglob("*.py")] + [Path(f) for f in FILES]
        total: dict[str, int] = {}
        for p in files:
            for k, v in count_module(p.read_text(encoding="utf-8")).items():
                total[k] = total.get(k, 0) + v
        total["rules"] = total["regexes"] + total["alternatives"] + total["word_list_entries"]
        print("worktree", total)
    for rev in [a for a in sys.argv[1:] if a != "--worktree"] or ([] if sys.argv[1:] else ["8e346cb", "HEAD"]):
        c = count(rev)
        c["rules"] = c["regexes"] + c["alternatives"] + c["word_list_entries"]
        print(rev, c)
