"""Answer quality on every question set we have — the gold sets (dev, dev2 and their follow-ups), the
paraphrase suite (tests/data/, rewordings by a helper that never read the code) and blind3 (new
questions a helper wrote from the plan texts alone) — against the
bounds of issue 13, with the k-fold spreads of scripts/kfold.py and the rule counts of
scripts/rule_count.py. Writes the <!-- answers --> section of BENCHMARKS.md.

    .venv/bin/python scripts/answer_quality.py [--write BENCHMARKS.md] [--kfold bench/kfold.json]
"""
from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SETS = [("dev.jsonl", ROOT.parent / "shared" / "eval" / "dev.jsonl"),
        ("dev2.jsonl", ROOT.parent / "shared" / "eval" / "dev2.jsonl"),
        ("dev_multiturn.jsonl", ROOT.parent / "shared" / "eval" / "dev_multiturn.jsonl"),
        ("dev2_multiturn.jsonl", ROOT.parent / "shared" / "eval" / "dev2_multiturn.jsonl"),
        ("paraphrases.jsonl", ROOT / "tests" / "data" / "paraphrases.jsonl"),
        ("paraphrases_multiturn.jsonl", ROOT / "tests" / "data" / "paraphrases_multiturn.jsonl"),
        ("blind3.jsonl", ROOT / "tests" / "data" / "blind3.jsonl"),
        ("blind3_multiturn.jsonl", ROOT / "tests" / "data" / "blind3_multiturn.jsonl")]
# issue 13's bounds: (metric, bound, applies to follow-up sets, applies to single-turn sets)
BOUNDS = [("answer_accuracy", 0.85, False, True), ("abstention_accuracy", 0.90, True, True),
          ("citation_precision", 0.85, False, True), ("quote_faithfulness", 1.0, True, True),
          ("no_invented_ministry", 1.0, True, True), ("hit@5", 0.98, True, True),
          ("hit@1", 0.85, True, False), ("answer_accuracy", 0.80, True, False),
          ("latency_ms_p95", 100.0, True, True)]
NOTES = [
    "blind3 (60 questions, 10 follow-ups; tests/data/blind3*.jsonl) was written on 2026-12-01 by a helper "
    "session that read only the plan texts and the eval README. Measured first, before any change made for "
    "it (at 217a646): answer accuracy 0.796, abstention 0.883, citation precision 0.862, hit@5 0.962; "
    "follow-ups accuracy 0.889, hit@1 0.90. General changes followed from reading its misses: a Latin-script "
    "place the documents never write is not held against a sheet; a window does not run into the next "
    "item's label; asked who or where, a line naming a particular body answers; English questions get the "
    "same shapes, years and budgets as Japanese ones, lose their function words (which matched the "
    "documents' English footnotes) and are not checked for place names. So the figures in the table are no "
    "longer blind; dev, dev2 and the paraphrases did not fall with any of them. Its other misses are left: "
    "two retrieval misses of reworded questions (工事現場で余った新品の建材, 企業の寄附), summary requests in "
    "words the intent patterns do not hold (ざっくり), a latest value taken from the plan's target instead of "
    "the inspection table, two questions asking which indicators a section uses, a hearing summary that "
    "quotes the name list, a count asked in a counter the table does not use (何団体 for 233自治体), a "
    "hearing subject named only in its label line (大阪府), and four unanswerable questions answered from "
    "the nearest sheet (a subsidy rate, a meeting date, a chairperson, a foreign act the documents never "
    "give).",
    "No support threshold: the IDF-weighted share of the question's words in the best evidence does not "
    "separate the unanswerable items from the answerable ones (answerable items go as low as 0.17, "
    "unanswerable ones reach 0.55), so the cross-validated threshold would be 0. Abstention comes from "
    "the answer type (a count with the asked counter, what is counted, a date), a pinned date and a place "
    "the best sheet never names.",
    "Evidence uses the vectors the index already stores (a chunk is about three lines of one field). "
    "Embedding every line as well was measured at about 14 s more on the 21 s build (300 lines in 3.7 s), "
    "so it was not done.",
    "Known misses in kind: a role or a foreign law the documents never mention (「J4CEの会長は誰？」, "
    "「米国のインフレ抑制法の要件は？」) is answered from the nearest sheet; the vocabulary rule that caught "
    "them also refused every English question and every paraphrase, and no evidence check here replaces "
    "it yet.",
]
COLUMNS = ["items", "hit@1", "hit@5", "answer_accuracy", "abstention_accuracy", "citation_precision",
           "quote_faithfulness", "no_invented_ministry", "latency_ms_p95"]


def measure() -> dict:
    from assistant.evaluation import load_gold, score
    from assistant.service import Assistant
    from assistant.settings import load_settings

    a = Assistant(load_settings())
    a.ensure_index()
    texts = {s.id: s.text for s in a.sheets()}
    out = {}
    for name, path in SETS:
        gold = load_gold(path)
        answers = [a.ask(i["question"], history=i.get("history"), id=i.get("id")).to_json() for i in gold]
        report = score(gold, answers, texts)
        misses = [r["id"] for r in report["items"] if r.get("accuracy") is False or not r["abstain_ok"]]
        out[name] = {"metrics": report["metrics"], "misses": misses}
    return out


def section(results: dict, kfold: dict | None, rules: dict) -> str:
    follow = lambda n: "multiturn" in n  # noqa: E731
    lines = ["<!-- answers:start -->", "## Answers on unseen wording (issue 13)", "",
             "Command: `.venv/bin/python scripts/answer_quality.py --write BENCHMARKS.md` (in process, the same "
             "scoring as `python -m assistant eval`; latency is `timings_ms.total`, warm).",
             f"Machine: {platform.processor() or platform.machine()}, 2 cores; "
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; code at "
             f"{subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True, cwd=ROOT).stdout.strip()}.",
             "", "| set | " + " | ".join(COLUMNS) + " |", "| --- |" + " ---: |" * len(COLUMNS)]
    for name, r in results.items():
        m = r["metrics"]
        lines.append(f"| {name} | " + " | ".join("" if m.get(c) is None else str(m[c]) for c in COLUMNS) + " |")
    lines += ["", "Bounds of issue 13 (follow-up sets: hit@1 ≥ 0.85, answer accuracy ≥ 0.80; single-turn sets: "
              "answer accuracy ≥ 0.85, citation precision ≥ 0.85; all: abstention ≥ 0.90, faithfulness and no "
              "invented ministry = 1.00, hit@5 ≥ 0.98, p95 ≤ 100 ms):", ""]
    for name, r in results.items():
        m, missed = r["metrics"], []
        for metric, bound, on_follow, on_single in BOUNDS:
            if (follow(name) and not on_follow) or (not follow(name) and not on_single) or m.get(metric) is None:
                continue
            ok = m[metric] <= bound if metric == "latency_ms_p95" else m[metric] >= bound
            if not ok:
                missed.append(f"{metric} {m[metric]} (bound {bound})")
        lines.append(f"- {name}: " + ("all met" if not missed else "**missed**: " + "; ".join(missed))
                     + (f"; items wrong or wrongly abstained: {', '.join(r['misses'])}" if r["misses"] else ""))
    if kfold:
        lines += ["", "Fitted parameters, 5-fold on dev + dev2 (+ their follow-ups; the follow-up threshold also on "
                  "every single-turn question asked after an unrelated conversation), `scripts/kfold.py`. Item score "
                  "= mean of answer accuracy, abstention and citation precision:", "",
                  "| parameter | value | chosen per fold | held-out mean | spread (max − min) | sd |",
                  "| --- | ---: | --- | ---: | ---: | ---: |"]
        for name, k in kfold.items():
            lines.append(f"| {name} | {k['default']} | {k['chosen']} | {k['held_out_mean']} | "
                         f"{k['held_out_spread']} | {k['held_out_sd']} |")
    lines += [""] + [f"- {n}" for n in NOTES]
    lines += ["", f"Answer-stage rules (`scripts/rule_count.py`): before (8c6cd6d) {rules['before']}; now {rules['now']}.",
              "<!-- answers:end -->"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", type=Path)
    ap.add_argument("--kfold", type=Path, default=ROOT / "bench" / "kfold.json")
    args = ap.parse_args(argv)
    from rule_count import count

    results = measure()
    kfold = json.loads(args.kfold.read_text(encoding="utf-8")) if args.kfold.exists() else None
    text = section(results, kfold, {"before": count("8c6cd6d"), "now": count("HEAD")})
    if args.write:
        from bench.report import write_section

        write_section(args.write, "<!-- answers:start -->", "<!-- answers:end -->", text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
