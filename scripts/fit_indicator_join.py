"""Fit the indicator join's cosine threshold (settings.indicator_join_threshold) on hand-labelled pairs.

tests/data/indicator_pairs.jsonl holds, for every indicator of the 点検 draft, its four most similar
施策集 indicators (by the cosine of their names' embeddings), each labelled `same` (the two documents
state the same indicator) or not, with a note where the call is not obvious. The join
(assistant/indicators/join.py) pairs names that are equal once normalised, or whose cosine reaches the
threshold and whose statements do not contradict each other, one partner each, best first. This script
runs the whole join at every candidate threshold and keeps the one with the best F1 on the labelled
pairs (precision breaking ties), in the middle of the gap below the lowest such cut; it also reports
leave-one-out: each labelled pair judged by the threshold fitted without it.

    .venv/bin/python scripts/fit_indicator_join.py [--json]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAIRS = ROOT / "tests" / "data" / "indicator_pairs.jsonl"


def load_pairs(path: Path = PAIRS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def judged(rows, labels: dict) -> dict:
    """Precision of the joined pairs against the labels, and recall over the 点検 indicators that have a
    labelled partner (each joins one: a second true partner cannot be joined as well)."""
    joined = {(r.inspection.name, r.measure.name) for r in rows if r.inspection and r.measure}
    tp = sum(1 for p in joined if labels.get(p) is True)
    fp = sum(1 for p in joined if labels.get(p) is False)
    having = {a for (a, _), same in labels.items() if same}
    found = {a for (a, b) in joined if labels.get((a, b)) is True}
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = len(found) / len(having) if having else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"joined": len(joined), "true_positive": tp, "false_positive": fp,
            "unlabelled": len(joined) - tp - fp, "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(f1, 4), "pairs": sorted(joined)}


def fit(inspection, measures, sims, labels: dict) -> tuple[float, dict]:
    """The threshold with the best F1 (then precision), in the middle of the gap below its lowest cut."""
    from assistant.indicators.join import join

    cuts = sorted({round(sims[i][j], 6) for i in range(len(inspection)) for j in range(len(measures))
                   if (inspection[i].name, measures[j].name) in labels} | {1.0})
    best_key, best = None, []
    for cut in cuts:
        res = judged(join(inspection, measures, sims, cut), labels)
        k = (res["f1"], res["precision"])
        if best_key is None or k > best_key:
            best_key, best = k, [cut]
        elif k == best_key:
            best.append(cut)
    low = best[0]
    below = [c for c in cuts if c < low]
    threshold = round((low + below[-1]) / 2, 4) if below else low
    return threshold, judged(join(inspection, measures, sims, threshold), labels)


def main(argv=None) -> int:
    from assistant import environment

    environment.apply()
    from assistant.index.embeddings import make_embeddings
    from assistant.indicators.extract import extract
    from assistant.indicators.join import join, similarities
    from assistant.ingest.catalog import load_catalog
    from assistant.settings import load_settings

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    settings = load_settings()
    found = extract(load_catalog(settings.docs_dir).sheets)
    inspection = [i for i in found if i.kind != "measure"]
    measures = [i for i in found if i.kind == "measure"]
    pairs = load_pairs()
    names_l, names_r = {i.name for i in inspection}, {i.name for i in measures}
    missing = [p for p in pairs if p["inspection"] not in names_l or p["measure"] not in names_r]
    if missing:
        print(f"{len(missing)} labelled pairs name indicators the extraction no longer gives, e.g. {missing[0]}",
              file=sys.stderr)
    labels = {(p["inspection"], p["measure"]): bool(p["same"]) for p in pairs if p not in missing}
    sims = similarities(inspection, measures, make_embeddings(settings).embed_documents)
    threshold, result = fit(inspection, measures, sims, labels)
    right = 0
    for held, same in labels.items():
        t, _ = fit(inspection, measures, sims, {k: v for k, v in labels.items() if k != held})
        joined = {(r.inspection.name, r.measure.name) for r in join(inspection, measures, sims, t)
                  if r.inspection and r.measure}
        # a true pair counts as right when it is joined, or when its 点検 indicator joined another true partner
        ok = (held not in joined) if not same else (held in joined or any(
            p[0] == held[0] and labels.get(p) for p in joined))
        right += ok
    report = {"threshold": threshold, "settings_threshold": settings.indicator_join_threshold,
              "labelled_pairs": len(labels), "labelled_same": sum(labels.values()), **result,
              "leave_one_out_accuracy": round(right / len(labels), 4)}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for k, v in report.items():
            print(f"{k:24s} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
