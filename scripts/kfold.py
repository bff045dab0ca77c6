"""k-fold check of the answer stage's hand-fitted parameters on dev + dev2 (and their follow-ups; the
follow-up threshold on the paraphrases' and blind3's conversations too). The evidence scorer's weights
are fitted by scripts/fit_evidence.py.

For each parameter, every grid value is scored on every item once; then for each of k folds the value
that is best on the other folds is chosen and scored on the held-out fold. Prints, per parameter, the
value chosen in each fold and the held-out score's mean and spread, as BENCHMARKS.md reports them.

    .venv/bin/python scripts/kfold.py [--k 5] [--json out.json]

Item score: the mean of the item's answer accuracy, abstention and citation precision (those it has).
The follow-up threshold is scored on the follow-up items and on every single-turn item asked after an
unrelated conversation (it must then be answered as if asked alone).
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
DATA = ROOT / "tests" / "data"
sys.path.insert(0, str(ROOT))


def load(name: str) -> list[dict]:
    path = EVAL / name if (EVAL / name).exists() else DATA / name
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def item_scores(assistant, items: list[dict]) -> list[float]:
    from assistant.evaluation import score

    answers = [assistant.ask(i["question"], history=i.get("history"), id=i.get("id")).to_json() for i in items]
    rows = score(items, answers, {s.id: s.text for s in assistant.sheets()})["items"]
    out = []
    for r in rows:
        parts = [float(r[k]) for k in ("accuracy", "abstain_ok", "cit_precision") if k in r]
        out.append(sum(parts) / len(parts))
    return out


def fresh_scores(assistant, sets: list[list[dict]]) -> list[float]:
    """1 when a question asked after an unrelated question of its set (evaluation.unrelated_partner)
    gets the answer it gets alone."""
    from assistant.evaluation import unrelated_partner

    texts = {s.id: s.text for s in assistant.sheets()}
    out = []
    for gold in sets:
        for i, item in enumerate(gold):
            partner = unrelated_partner(gold, i, texts)
            if partner is None:
                continue
            alone = assistant.ask(item["question"]).to_json()
            after = assistant.ask(item["question"], history=[partner["question"]]).to_json()
            out.append(float(all(alone[k] == after[k] for k in ("answer", "abstained", "citations"))))
    return out


def kfold(table: dict[float, list[float]], k: int, seed: int = 0) -> dict:
    n = len(next(iter(table.values())))
    order = list(range(n))
    random.Random(seed).shuffle(order)
    folds = [order[i::k] for i in range(k)]
    chosen, held = [], []
    for f in folds:
        train = [i for i in order if i not in set(f)]
        best = max(table, key=lambda v: (statistics.mean(table[v][i] for i in train), -abs(v)))
        chosen.append(best)
        held.append(statistics.mean(table[best][i] for i in f))
    return {"chosen": chosen, "held_out_mean": round(statistics.mean(held), 4),
            "held_out_spread": round(max(held) - min(held), 4), "held_out_sd": round(statistics.pstdev(held), 4),
            "all_items": {str(v): round(statistics.mean(s), 4) for v, s in table.items()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--only", nargs="*", help="fit only these parameters")
    args = ap.parse_args(argv)

    from assistant.answer import compose
    from assistant.retrieve import followup
    from assistant.service import Assistant
    from assistant.settings import load_settings

    a = Assistant(load_settings())
    a.ensure_index()
    singles = load("dev.jsonl") + load("dev2.jsonl")
    follow = load("dev_multiturn.jsonl") + load("dev2_multiturn.jsonl")
    # the follow-up rule is fitted on more conversations: the paraphrases' and blind3's as well
    # (blind4 stays held out)
    more_follow = follow + load("paraphrases_multiturn.jsonl") + load("blind3_multiturn.jsonl")
    fresh_sets = [load(n) for n in ("dev.jsonl", "dev2.jsonl", "paraphrases.jsonl", "blind3.jsonl")]
    grids = {
        ("compose", "MEASURE_COVER_RATIO"): [0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
        ("followup", "SUBJECT_IDF"): [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0],
    }
    if args.only:
        grids = {k: v for k, v in grids.items() if k[1] in args.only}
    modules = {"compose": compose, "followup": followup}
    report = {}
    for (mod, name), grid in grids.items():
        default = getattr(modules[mod], name)
        table = {}
        for value in grid:
            setattr(modules[mod], name, value)
            if name == "SUBJECT_IDF":
                table[value] = item_scores(a, more_follow) + fresh_scores(a, fresh_sets)
            else:
                table[value] = item_scores(a, singles + follow)
        setattr(modules[mod], name, default)
        report[name] = {"default": default, **kfold(table, args.k)}
        r = report[name]
        print(f"{name:22s} default {default}: chosen per fold {r['chosen']}, held-out {r['held_out_mean']} "
              f"(spread {r['held_out_spread']}, sd {r['held_out_sd']}); all items {r['all_items']}")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
