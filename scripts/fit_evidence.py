"""Fits the evidence scorer (assistant/answer/evidence.py) and reports its held-out ranking quality.

Labels come from the writers' gold sets (dev, dev2, dev3, the paraphrases, blind3, blind4, each with its
follow-ups; blind5 and later stay out) and from the generated training set (training/generated.jsonl,
whose questions are made from the plan's own lines): for each question with `answer_contains`, the
windows of its first relevant sheet among the retrieved ones are examples, and a window is evidence
when it holds one of the entries (any alternative). A logistic regression over evidence.FEATURES is
fitted. Reported: leave one writer out (fitted without the writer, with and without the generated
questions, scored on the writer: is the top window evidence; reciprocal rank of the first one), and
folds by question over everything.

The shipped weights (assistant/answer/evidence_weights.json) are an earlier fit on dev, dev2, the
paraphrases and blind3. Refitted here they rank evidence better held out but lower answer accuracy, the
composer's thresholds being on the old score scale (BENCHMARKS.md, third session): --write was not used.

    .venv/bin/python scripts/fit_evidence.py [--write] [--json bench/fit_evidence.json]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval"
DATA = ROOT / "tests" / "data"
WRITERS = {"dev": [EVAL / "dev.jsonl", EVAL / "dev_multiturn.jsonl"],
           "dev2": [EVAL / "dev2.jsonl", EVAL / "dev2_multiturn.jsonl"],
           "dev3": [EVAL / "dev3.jsonl", EVAL / "dev3_multiturn.jsonl"],
           "paraphrases": [DATA / "paraphrases.jsonl", DATA / "paraphrases_multiturn.jsonl"],
           "blind3": [DATA / "blind3.jsonl", DATA / "blind3_multiturn.jsonl"],
           "blind4": [DATA / "blind4.jsonl", DATA / "blind4_multiturn.jsonl"]}
GENERATED = ROOT / "training" / "generated.jsonl"
GRID_C = (0.1, 0.3, 1.0, 3.0, 10.0)


def examples(a, sets: list[Path]) -> list[dict]:
    from assistant.answer.evidence import FEATURES
    from assistant.evaluation import load_gold
    from assistant.models import Turn
    from assistant.text.normalize import norm

    out = []
    for path in sets:
        if not path.exists():
            continue
        for item in load_gold(path):
            wanted = [[norm(x) for x in e.split("|")] for e in item.get("answer_contains") or []]
            if not wanted:
                continue
            turn = a.steps.prepare.invoke(Turn(question=item["question"], history=item.get("history")))
            request = turn.request
            if request is None or not request.parts:
                continue
            retrieval = (turn.retrievals or [turn.retrieval])[0]
            if retrieval is None:
                continue
            hits = retrieval.hits
            snippets = [norm(s) for g in item.get("relevant") or [] for s in g]
            sheet_hit = next((h for h in hits[:3] if any(s in norm(h.sheet.text) for s in snippets)), None)
            if sheet_hit is None:
                continue
            # the part as the composer sees it (compose.OfflineComposer.ask), the question's own vector
            vector = a.embeddings.embed_query(request.question)
            reading = turn.reading
            words = reading.topic.question if reading is not None and reading.topic is not None else ""
            ask = a.composer.ask(request, request.parts[0], retrieval, vector, words, [])
            found = a.composer.ranked(sheet_hit.sheet, ask)
            labels = [int(any(any(alt in norm(w.text) for alt in e) for e in wanted)) for w in found]
            if not any(labels):
                continue
            out.append({"id": f"{path.name}:{item['id']}", "X": [[w.features[f] for f in FEATURES] for w in found],
                        "y": labels})
    return out


def ranking(scores, labels) -> tuple[float, float]:
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    first = next(r for r, i in enumerate(order, 1) if labels[i])
    return float(first == 1), 1.0 / first


def folds(n: int, k: int) -> list[list[int]]:
    order = list(range(n))
    np.random.default_rng(0).shuffle(order)
    return [order[i::k] for i in range(k)]


def fit(items: list[dict], C: float):
    from sklearn.linear_model import LogisticRegression

    X = np.array([x for it in items for x in it["X"]], dtype=float)
    y = np.array([v for it in items for v in it["y"]])
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=2000)
    model.fit(X, y)
    return model


def evaluate(items: list[dict], k: int = 5) -> dict:
    out = {}
    parts = folds(len(items), k)
    for C in GRID_C:
        p1, mrr = [], []
        for f in parts:
            held = set(f)
            model = fit([it for i, it in enumerate(items) if i not in held], C)
            fold = [ranking(model.decision_function(np.array(items[i]["X"])), items[i]["y"]) for i in f]
            p1.append(statistics.mean(r[0] for r in fold))
            mrr.append(statistics.mean(r[1] for r in fold))
        out[C] = {"p_at_1": round(statistics.mean(p1), 4), "p_at_1_spread": round(max(p1) - min(p1), 4),
                  "mrr": round(statistics.mean(mrr), 4), "mrr_spread": round(max(mrr) - min(mrr), 4)}
    return out


def lowo(groups: dict[str, list[dict]], generated: list[dict], C: float) -> dict:
    """Per writer: fitted without it (writers only, and with the generated questions), scored on it."""
    out = {}
    for name, held in groups.items():
        rest = [it for other, its in groups.items() if other != name for it in its]
        row = {"questions": len(held)}
        for label, train in (("writers", rest), ("writers+generated", rest + generated)):
            model = fit(train, C)
            ranks = [ranking(model.decision_function(np.array(it["X"])), it["y"]) for it in held]
            row[label] = {"p_at_1": round(statistics.mean(r[0] for r in ranks), 4),
                          "mrr": round(statistics.mean(r[1] for r in ranks), 4)}
        out[name] = row
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="write assistant/answer/evidence_weights.json")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    from assistant.answer.evidence import FEATURES, WEIGHTS
    from assistant.service import Assistant

    a = Assistant.from_settings()
    a.ensure_index()
    groups = {name: examples(a, paths) for name, paths in WRITERS.items()}
    generated = examples(a, [GENERATED])
    items = [it for its in groups.values() for it in its] + generated
    report = evaluate(items)
    best = max(GRID_C, key=lambda C: (report[C]["p_at_1"], report[C]["mrr"]))
    model = fit(items, best)
    summary = {"questions": len(items), "generated_questions": len(generated),
               "windows": sum(len(it["y"]) for it in items),
               "evidence_windows": sum(sum(it["y"]) for it in items), "C": best,
               "held_out": {str(k): v for k, v in report.items()},
               "leave_one_writer_out": lowo(groups, generated, best)}
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    weights = dict(zip(FEATURES, (round(float(w), 4) for w in model.coef_[0]), strict=True))
    print(json.dumps(weights, ensure_ascii=False))
    if args.write:
        WEIGHTS.write_text(json.dumps({
            "features": list(FEATURES), "weights": [weights[f] for f in FEATURES],
            "bias": round(float(model.intercept_[0]), 4),
            "fitted": "scripts/fit_evidence.py: logistic regression (class_weight balanced) on windows of the "
                      "first relevant sheet of dev, dev2, dev3, paraphrases, blind3, blind4 (+ follow-ups) and "
                      "of the generated training questions",
            **summary}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
