"""Behaviour check for refactors: `ask --json` on the gold questions gives the same answers, citations,
abstentions and retrieved lists as a saved run (timings aside).

    .venv/bin/python scripts/compare_answers.py --save bench/answers_before.json   # before the change
    .venv/bin/python scripts/compare_answers.py --check bench/answers_before.json  # after: exit 1 on a difference
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
DATA = ROOT / "tests" / "data"
# every gold set (../shared/eval) and the project's own question sets (tests/data)
OWN = ("paraphrases", "paraphrases_multiturn", "blind3", "blind3_multiturn", "blind4", "blind4_multiturn")
FILES = [EVAL / f"{n}.jsonl" for n in ("dev", "dev2", "dev_multiturn", "dev2_multiturn")] + \
    [DATA / f"{n}.jsonl" for n in OWN]
KEYS = ("answer", "abstained", "citations", "retrieved", "kind", "topic", "notices")


def run() -> dict[str, dict]:
    """Every gold question through the real command line, as judges run it."""
    lines = []
    for path in FILES:
        if not path.exists():
            print(f"skipped (not here): {path}", file=sys.stderr)
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                lines.append(json.dumps({"id": f"{path.name}:{item['id']}", "question": item["question"],
                                         "history": item.get("history")}, ensure_ascii=False))
    # a fixed hash seed: the order of set iteration (query terms) moves near-tied sheets between runs
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run([sys.executable, "-m", "assistant", "ask", "--json", "-"], input="\n".join(lines),
                          capture_output=True, text=True, cwd=ROOT, check=True, env=env)
    out = {}
    for line in done.stdout.splitlines():
        answer = json.loads(line)
        out[answer["id"]] = {k: answer.get(k) for k in KEYS}
    return out


def same(old: dict | None, new: dict | None) -> bool:
    """Equal answers; for `retrieved`, the same first sheet and the same top five. The same code run
    twice reorders near-tied sheets further down in 1–2 of the 127 questions (measured), so the tail's
    order is not part of the check."""
    if old is None or new is None:
        return old == new
    if any(old.get(k) != new.get(k) for k in KEYS if k != "retrieved"):
        return False
    a, b = old.get("retrieved") or [], new.get("retrieved") or []
    return a[:1] == b[:1] and set(a[:5]) == set(b[:5]) and len(a) == len(b)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path)
    group.add_argument("--check", type=Path)
    args = ap.parse_args(argv)
    now = run()
    if args.save:
        args.save.write_text(json.dumps(now, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"saved {len(now)} answers to {args.save}")
        return 0
    before = json.loads(args.check.read_text(encoding="utf-8"))
    differ = [k for k in sorted(set(before) | set(now)) if not same(before.get(k), now.get(k))]
    for k in differ:
        old, new = before.get(k) or {}, now.get(k) or {}
        fields = [f for f in KEYS if old.get(f) != new.get(f)] or ["retrieved"]
        print(f"differs: {k}: {', '.join(fields)}")
    print(f"{len(now) - len(differ)} of {len(now)} answers unchanged")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
