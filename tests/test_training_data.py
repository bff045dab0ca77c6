"""The training set's later families are appended to it (scripts/generate_training.py --add): the rows the
models were fitted on stay as they are, and each added check holds the plan's own date."""
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
    assert all(r["version"] == gen.VERSION for r in added)
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


def test_english_follow_ups_name_what_the_topics_sheet_writes_or_another_sheet_does(assistant, tmp_path):
    gen = generator()
    out = tmp_path / "generated.jsonl"
    out.write_text("", encoding="utf-8")
    gen.append(gen.Facts(assistant), out, ["english_followups"], 7)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # English around what it names or asserts (a value keeps the plan's unit: 20万トン)
    assert len(rows) > 300 and all(r["history"] and "".join(
        r["question"][s:e] for s, e, label in r["spans"] if label != "V").isascii() for r in rows)
    bridge, tokens = assistant.retriever.bridge, assistant.lines.sheet_tokens
    labels = {r["labels"]["relation"] for r in rows}
    assert labels == {"follow", "new"}
    for r in rows:
        named = [r["question"][s:e] for s, e, label in r["spans"] if label == "S"]
        if r["template"].startswith("en.follow.check"):  # a value checked of the topic: no subject at all
            assert not named and r["labels"]["relation"] == "follow" and r["labels"]["claim"]["value"] in r["question"]
            continue
        # the thing named glosses a noun of the sheet the row is about; a new question's is not on the topic's
        assert len(named) == 1 and any(w in tokens[r["source"]] for w in bridge.terms(named[0]))
        assert r["labels"]["relation"] == ("follow" if ".on." in r["template"] else "new")
