"""k-fold check of the answer stage's fitted parameters on dev + dev2 (and their follow-ups).

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
sys.path.insert(0, str(ROOT))


def load(name: str) -> list[dict]:
    return [json.loads(x) for x in (EVAL / name).read_text(encoding="utf-8").splitlines() if x.strip()]


def item_scores(assistant, items: list[dict]) -> list[float]:
    from assistant.evaluation import score

    answers = [assistant.ask(i["question"], history=i.get("history"), id=i.get("id")).to_json() for i in items]
    rows = score(items, answers, {s.id: s.text for s in assistant.sheets()})["items"]
    out = []
    for r in rows:
        parts = [float(r[k]) for k in ("accuracy", "abstain_ok", "cit_precision") if k in r]
        out.append(sum(parts) / len(parts))
    return out


def fresh_scores(assistant, singles: list[dict], histories: list[list[str]]) -> list[float]:
    """1 when a question asked after an unrelated conversation gets the sheet it gets alone."""
    rng = random.Random(13)
    out = []
    for item in singles:
        alone = assistant.ask(item["question"]).retrieved[:1]
        after = assistant.ask(item["question"], history=rng.choice(histories)).retrieved[:1]
        out.append(float(alone == after))
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
    args = ap.parse_args(argv)

    from assistant.answer import compose, evidence
    from assistant.retrieve import followup
    from assistant.service import Assistant
    from assistant.settings import load_settings

    a = Assistant(load_settings())
    a.ensure_index()
    singles = load("dev.jsonl") + load("dev2.jsonl")
    follow = load("dev_multiturn.jsonl") + load("dev2_multiturn.jsonl")
    histories = [i["history"] for i in follow]
    grids = {
        ("compose", "MEASURE_COVER_RATIO"): [0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
        ("evidence", "DENSE_WEIGHT"): [0.0, 0.5, 1.0, 2.0, 4.0],
        ("followup", "MIN_OWN_TOPIC"): [4.0, 6.0, 8.0, 10.0, 12.0],
    }
    modules = {"compose": compose, "evidence": evidence, "followup": followup}
    report = {}
    for (mod, name), grid in grids.items():
        default = getattr(modules[mod], name)
        table = {}
        for value in grid:
            setattr(modules[mod], name, value)
            if name == "MIN_OWN_TOPIC":
                table[value] = item_scores(a, follow) + fresh_scores(a, singles, histories)
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
