"""Fits the evidence scorer (assistant/answer/evidence.py) and reports its held-out ranking quality.

Labels come from the gold sets we have — dev, dev2, the paraphrases and blind3, single questions and
follow-ups (blind4 stays held out): for each question with `answer_contains`, the windows of its first
relevant sheet among the retrieved ones are examples, and a window is evidence when it holds one of
the entries (any alternative). A logistic regression over evidence.FEATURES is fitted
with folds by question; the ranking quality per question (is the top window evidence; reciprocal rank
of the first one) is reported held out, beside the hand-set scorer it replaced (at 66be643).

    .venv/bin/python scripts/fit_evidence.py [--write] [--json bench/fit_evidence.json]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval"
DATA = ROOT / "tests" / "data"
SETS = [EVAL / "dev.jsonl", EVAL / "dev2.jsonl", EVAL / "dev_multiturn.jsonl", EVAL / "dev2_multiturn.jsonl",
        DATA / "paraphrases.jsonl", DATA / "paraphrases_multiturn.jsonl", DATA / "blind3.jsonl",
        DATA / "blind3_multiturn.jsonl"]
OLD_REV = "66be643"
GRID_C = (0.1, 0.3, 1.0, 3.0, 10.0)


def old_scorer():
    """The hand-set score_window and dense_bonus of OLD_REV, to rank the same windows for comparison."""
    src = subprocess.run(["git", "show", f"{OLD_REV}:assistant/answer/evidence.py"], cwd=ROOT,
                         capture_output=True, text=True).stdout
    if not src:
        return None
    path = Path(tempfile.mkdtemp()) / "old_evidence.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_evidence", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_evidence"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    import re
    from types import SimpleNamespace

    from assistant.answer import intent

    # the old scorer's own assessment words (this revision's pattern left two of them out)
    module.intent_mod = SimpleNamespace(**vars(intent), EVALUATION=re.compile(r"評価|傾向|見込み|達成|鈍化|横ばい"))
    return module


# the date phrases the old scorer looked for (its Intent.when was a pattern; now it names "start"/"end")
OLD_WHEN = {"start": r"(?:年度?|月)(?:から|より|以降)|開始", "end": r"(?:年度?末?|月)まで"}


def as_old_intent(it):
    """The intent as the old scorer read it (a date-phrase pattern for `when`, no per-unit basis)."""
    import re
    from types import SimpleNamespace

    when = re.compile(OLD_WHEN[it.when]) if it.when else None
    return SimpleNamespace(**{**it.__dict__, "when": when, "per_unit": []})


def examples(a, old) -> list[dict]:
    from assistant.answer.compose import Ask
    from assistant.answer.evidence import FEATURES, question_tokens
    from assistant.evaluation import load_gold
    from assistant.models import Turn
    from assistant.text.normalize import norm

    out = []
    for path in SETS:
        if not path.exists():
            continue
        for item in load_gold(path):
            wanted = [[norm(x) for x in e.split("|")] for e in item.get("answer_contains") or []]
            if not wanted:
                continue
            turn = a.steps.prepare.invoke(Turn(question=item["question"], history=item.get("history")))
            hits = turn.retrieval.hits
            snippets = [norm(s) for g in item.get("relevant") or [] for s in g]
            sheet_hit = next((h for h in hits[:3] if any(s in norm(h.sheet.text) for s in snippets)), None)
            if sheet_hit is None:
                continue
            query = turn.compose_query or turn.query
            own = turn.reading.question if turn.reading is not None else query
            vector = a.embeddings.embed_query(own)
            ask = Ask(query, turn.intent, question_tokens(query, turn.retrieval.expansions), vector, hits)
            found = a.composer.ranked(sheet_hit.sheet, ask)
            labels = [int(any(any(alt in norm(w.text) for alt in e) for e in wanted)) for w in found]
            if not any(labels):
                continue
            old_scores = None
            if old is not None:
                chunks = a.composer.chunk_vectors(sheet_hit.sheet.id)
                bonus = old.dense_bonus(chunks, vector)
                shim = as_old_intent(turn.intent)
                old_scores = [old.score_window(a.lines, old.Window(list(w.lines)), ask.tokens, shim,
                                               turn.intent.qualifiers, sheet_hit.sheet.title)
                              + bonus.get(w.lines[0].text, 0.0) for w in found]
            out.append({"id": f"{path.name}:{item['id']}", "X": [[w.features[f] for f in FEATURES] for w in found],
                        "y": labels, "old": old_scores})
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
    if items and items[0]["old"] is not None:
        p1, mrr = [], []
        for f in parts:
            fold = [ranking(items[i]["old"], items[i]["y"]) for i in f]
            p1.append(statistics.mean(r[0] for r in fold))
            mrr.append(statistics.mean(r[1] for r in fold))
        out["hand-set (66be643)"] = {"p_at_1": round(statistics.mean(p1), 4), "p_at_1_spread": round(max(p1) - min(p1), 4),
                                     "mrr": round(statistics.mean(mrr), 4), "mrr_spread": round(max(mrr) - min(mrr), 4)}
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
    items = examples(a, old_scorer())
    report = evaluate(items)
    best = max(GRID_C, key=lambda C: (report[C]["p_at_1"], report[C]["mrr"]))
    model = fit(items, best)
    summary = {"questions": len(items), "windows": sum(len(it["y"]) for it in items),
               "evidence_windows": sum(sum(it["y"]) for it in items), "C": best,
               "held_out": {str(k): v for k, v in report.items()}}
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    weights = dict(zip(FEATURES, (round(float(w), 4) for w in model.coef_[0]), strict=True))
    print(json.dumps(weights, ensure_ascii=False))
    if args.write:
        WEIGHTS.write_text(json.dumps({
            "features": list(FEATURES), "weights": [weights[f] for f in FEATURES],
            "bias": round(float(model.intercept_[0]), 4),
            "fitted": "scripts/fit_evidence.py: logistic regression (class_weight balanced) on windows of the "
                      "first relevant sheet of dev, dev2, paraphrases, blind3 (+ follow-ups)",
            **summary}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
