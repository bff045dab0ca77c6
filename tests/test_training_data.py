"""The training set's later families are appended to it (scripts/generate_training.py --add): the rows the
models were fitted on stay as they are, each added check holds the plan's own value, and each row says the
version that added its family."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from assistant.text.normalize import norm

ROOT = Path(__file__).resolve().parent.parent


def generator():
    spec = importlib.util.spec_from_file_location("generate_training", ROOT / "scripts" / "generate_training.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (its dataclasses look their module up)
    spec.loader.exec_module(module)
    return module


def test_dated_checks_are_appended_after_the_rows_already_there(assistant, tmp_path):
    gen = generator()
    first = [{"id": "gen-00000", "question": "既存の質問", "history": [], "family": "A", "version": 1}]
    out = tmp_path / "generated.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in first), encoding="utf-8")
    gen.append(gen.Facts(assistant), out, ["dated_checks"], 7)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == first[0]
    added = rows[1:]
    assert len(added) > 50 and [r["id"] for r in added] == [f"gen-{i:05d}" for i in range(1, len(rows))]
    assert all(r["version"] == gen.ADDED["dated_checks"] for r in added)
    for r in added:
        claim, line = r["labels"]["claim"], norm(r["line"])
        assert claim["value"] in r["question"]
        assert all(any(norm(x) in line for x in a.split("|")) for a in r["answer_contains"])  # the plan's own value
        # a value misremembered is one the line does not write; the V span is the value the question asserts
        assert (norm(claim["value"]) in line) == claim["true"] or r["template"].startswith("check.qualified")
        asserted = [r["question"][s:e] for s, e, label in r["spans"] if label == "V"]
        assert asserted == [claim["value"]]
    # the same run appends nothing twice
    gen.append(gen.Facts(assistant), out, ["dated_checks"], 7)
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(rows)


def test_english_follow_ups_ask_the_topic_and_check_the_plans_value(assistant, tmp_path):
    gen = generator()
    out = tmp_path / "generated.jsonl"
    out.write_text("", encoding="utf-8")
    gen.append(gen.Facts(assistant), out, ["english_follow"], 7)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) > 100 and all(r["version"] == gen.ADDED["english_follow"] for r in rows)
    assert all(r["labels"]["relation"] == "follow" and len(r["history"]) == 1 and r["question"].isascii()
               for r in rows)
    checks = [r for r in rows if r["labels"]["check"]]
    assert {"yes", "no"} <= {r["labels"]["check"] for r in checks}
    for r in checks:
        claim, line = r["labels"]["claim"], norm(r["line"] or "")
        asserted = [r["question"][s:e] for s, e, label in r["spans"] if label == "V"]
        # the value as an English question writes it (FY2030 for 2030年度), which the plan's line holds
        # when the check is true
        assert asserted == [gen.english_value(claim["slot"], claim["value"])]
        if claim["slot"] != "owner":
            assert (norm(claim["value"]) in line) == claim["true"]
