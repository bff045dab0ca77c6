"""Fits the LLM reply check's support bound (assistant/llm/reply.py MIN_SUPPORT) on good and bad
statements made from dev + dev2, and checks it by 5-fold.

A good statement restates a line the offline composer cites for the question, as a model would: the
line's content words in another order and without its particles, or the line itself; it cites the
source that holds the line. A bad statement is the same text citing another of the question's sources
(a different sheet). The support of a statement is `best_quote`'s recall: the share of its character
bigrams the best line of the cited source covers.

    .venv/bin/python scripts/fit_support.py
"""
from __future__ import annotations

import json
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def statements(a, items):
    from assistant.llm.reply import best_quote
    from assistant.llm.sources import pack_sources
    from assistant.text.japanese import tokenize

    rng = random.Random(15)
    good, bad = [], []
    for item in items:
        if item.get("kind") == "unanswerable":
            continue
        ans = a.ask(item["question"])
        hits = a.retriever.retrieve(item["question"]).hits
        sources = pack_sources(hits, a.settings.llm_context_tokens)
        for c in ans.citations[:3]:
            own = [s for s in sources if s.sheet.id == c.sheet_id]
            other = [s for s in sources if s.sheet.id != c.sheet_id]
            if not own or not other:
                continue
            words = tokenize(c.quote, subtokens=False)
            rng.shuffle(words)
            for text in (c.quote, "".join(words)):
                if len(text) < 6:
                    continue
                good.append(best_quote(text, own[0])[1])
                bad.append(best_quote(text, rng.choice(other))[1])
    return good, bad


def best_bound(good, bad) -> tuple[float, float]:
    grid = [x / 100 for x in range(5, 61)]
    score = lambda t: (sum(g >= t for g in good) / len(good) + sum(b < t for b in bad) / len(bad)) / 2  # noqa: E731
    t = max(grid, key=lambda t: (score(t), -t))
    return t, score(t)


def main() -> int:
    from assistant.evaluation import load_gold
    from assistant.service import Assistant
    from assistant.settings import load_settings

    a = Assistant(load_settings())
    a.ensure_index()
    eval_dir = ROOT.parent / "shared" / "eval"
    items = load_gold(eval_dir / "dev.jsonl") + load_gold(eval_dir / "dev2.jsonl")
    order = list(range(len(items)))
    random.Random(0).shuffle(order)
    folds = [order[i::5] for i in range(5)]
    chosen, held = [], []
    for f in folds:
        train = [items[i] for i in order if i not in set(f)]
        test = [items[i] for i in f]
        t, _ = best_bound(*statements(a, train))
        g, b = statements(a, test)
        chosen.append(t)
        held.append((sum(x >= t for x in g) / len(g) + sum(x < t for x in b) / len(b)) / 2)
    good, bad = statements(a, items)
    t, acc = best_bound(good, bad)
    report = {"bound": t, "balanced_accuracy": round(acc, 4), "good": len(good), "bad": len(bad),
              "good_median": round(statistics.median(good), 3), "bad_median": round(statistics.median(bad), 3),
              "folds_chosen": chosen, "held_out_mean": round(statistics.mean(held), 4),
              "held_out_spread": round(max(held) - min(held), 4)}
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
