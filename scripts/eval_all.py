"""Every question set at once, in process: the metrics of `python -m assistant eval` per set, the
single-turn sets also asked after an unrelated question (`eval --after-unrelated`), and every answer
saved so that two runs can be compared item by item.

    .venv/bin/python scripts/eval_all.py --save run.json [--diff earlier.json] [--sets blind4 dev2]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval"
DATA = ROOT / "tests" / "data"
SETS = {"dev": EVAL / "dev.jsonl", "dev2": EVAL / "dev2.jsonl", "dev3": EVAL / "dev3.jsonl", "paraphrases": DATA / "paraphrases.jsonl",
        "blind3": DATA / "blind3.jsonl", "blind4": DATA / "blind4.jsonl", "blind5": DATA / "blind5.jsonl",
        "blind6": DATA / "blind6.jsonl", "blind7": DATA / "blind7.jsonl", "blind8": DATA / "blind8.jsonl",
        "blind9": DATA / "blind9.jsonl", "blind10": DATA / "blind10.jsonl", "blind11": DATA / "blind11.jsonl",
        "blind12": DATA / "blind12.jsonl", "blind13": DATA / "blind13.jsonl",
        "blind14": DATA / "blind14.jsonl",
        "blind15": DATA / "blind15.jsonl",
        "blind16": DATA / "blind16.jsonl",
        "blind17": DATA / "blind17.jsonl",
        "blind18": DATA / "blind18.jsonl",
        "blind19": DATA / "blind19.jsonl",
        "blind20": DATA / "blind20.jsonl",
        "blind21": DATA / "blind21.jsonl",
        "blind22": DATA / "blind22.jsonl",
        "blind23": DATA / "blind23.jsonl",
        "blind24": DATA / "blind24.jsonl",
        "blind25": DATA / "blind25.jsonl",
        "blind26": DATA / "blind26.jsonl",
        "blind27": DATA / "blind27.jsonl",
        "blind28": DATA / "blind28.jsonl",
        "blind29": DATA / "blind29.jsonl",
        "blind30": DATA / "blind30.jsonl",
        "blind31": DATA / "blind31.jsonl",
        "blind32": DATA / "blind32.jsonl",
        "blind33": DATA / "blind33.jsonl",
        "blind34": DATA / "blind34.jsonl",
        "blind35": DATA / "blind35.jsonl",
        "dev_mt": EVAL / "dev_multiturn.jsonl", "dev2_mt": EVAL / "dev2_multiturn.jsonl",
        "dev3_mt": EVAL / "dev3_multiturn.jsonl",
        "paraphrases_mt": DATA / "paraphrases_multiturn.jsonl", "blind3_mt": DATA / "blind3_multiturn.jsonl",
        "blind4_mt": DATA / "blind4_multiturn.jsonl", "blind5_mt": DATA / "blind5_multiturn.jsonl",
        "blind6_mt": DATA / "blind6_multiturn.jsonl", "blind7_mt": DATA / "blind7_multiturn.jsonl",
        "blind8_mt": DATA / "blind8_multiturn.jsonl", "blind9_mt": DATA / "blind9_multiturn.jsonl",
        "blind10_mt": DATA / "blind10_multiturn.jsonl", "blind11_mt": DATA / "blind11_multiturn.jsonl",
        "blind12_mt": DATA / "blind12_multiturn.jsonl", "blind13_mt": DATA / "blind13_multiturn.jsonl",
        "blind14_mt": DATA / "blind14_multiturn.jsonl",
        "blind15_mt": DATA / "blind15_multiturn.jsonl",
        "blind16_mt": DATA / "blind16_multiturn.jsonl",
        "blind17_mt": DATA / "blind17_multiturn.jsonl",
        "blind18_mt": DATA / "blind18_multiturn.jsonl",
        "blind19_mt": DATA / "blind19_multiturn.jsonl",
        "blind20_mt": DATA / "blind20_multiturn.jsonl",
        "blind21_mt": DATA / "blind21_multiturn.jsonl",
        "blind22_mt": DATA / "blind22_multiturn.jsonl",
        "blind23_mt": DATA / "blind23_multiturn.jsonl",
        "blind24_mt": DATA / "blind24_multiturn.jsonl",
        "blind25_mt": DATA / "blind25_multiturn.jsonl",
        "blind26_mt": DATA / "blind26_multiturn.jsonl",
        "blind27_mt": DATA / "blind27_multiturn.jsonl",
        "blind28_mt": DATA / "blind28_multiturn.jsonl",
        "blind29_mt": DATA / "blind29_multiturn.jsonl",
        "blind30_mt": DATA / "blind30_multiturn.jsonl",
        "blind31_mt": DATA / "blind31_multiturn.jsonl",
        "blind32_mt": DATA / "blind32_multiturn.jsonl",
        "blind33_mt": DATA / "blind33_multiturn.jsonl",
        "blind34_mt": DATA / "blind34_multiturn.jsonl",
        "blind35_mt": DATA / "blind35_multiturn.jsonl"}
COLUMNS = ["items", "hit@1", "hit@5", "answer_accuracy", "abstention_accuracy", "citation_precision",
           "quote_faithfulness", "no_invented_ministry", "answer_in_first_line", "latency_ms_p95"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--save", type=Path)
    ap.add_argument("--diff", type=Path)
    ap.add_argument("--sets", nargs="*", default=list(SETS))
    ap.add_argument("--no-unrelated", action="store_true")
    args = ap.parse_args(argv)
    from assistant.evaluation import after_unrelated, load_gold, score
    from assistant.service import Assistant

    a = Assistant.from_settings()
    a.ensure_index()
    texts = {s.id: s.text for s in a.sheets()}
    out = {}
    print("| set | " + " | ".join(COLUMNS) + " | changed after unrelated |")
    for name in args.sets:
        gold = load_gold(SETS[name])
        t = time.perf_counter()
        answers = [a.ask(i["question"], history=i.get("history"), id=i.get("id")).to_json() for i in gold]
        rep = score(gold, answers, texts)
        unrel = None
        if not args.no_unrelated and not name.endswith("_mt"):
            unrel = after_unrelated(gold, answers, lambda q, h: a.ask(q, history=h).to_json(), texts)
        m = rep["metrics"]
        u = f"{unrel['changed']}/{unrel['items']} (lost {unrel['right_answer_lost']})" if unrel else ""
        print(f"| {name} | " + " | ".join(str(m.get(c)) for c in COLUMNS) + f" | {u} |", flush=True)
        out[name] = {"metrics": m, "rows": rep["items"], "answers": answers, "gold": gold,
                     "after_unrelated": unrel, "seconds": round(time.perf_counter() - t, 1)}
    if args.save:
        args.save.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    if args.diff and args.diff.exists():
        old = json.loads(args.diff.read_text(encoding="utf-8"))
        def ok(x: dict) -> tuple:
            return (x.get("accuracy", True) and x["abstain_ok"], x.get("hit1"))

        for name, r in out.items():
            if name not in old:
                continue
            before = {row["id"]: row for row in old[name]["rows"]}
            for row in r["rows"]:
                b = before.get(row["id"])
                if not b:
                    continue
                if ok(b) != ok(row):
                    print(f"  {name} {row['id']}: {ok(b)} -> {ok(row)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
