"""The metrics of ../shared/eval/README.md, computed from answers exactly as the judges do."""
from __future__ import annotations

import json
import re
import statistics
from pathlib import Path
from statistics import median

from assistant.errors import AssistantError
from assistant.text.normalize import nfkc, norm

MINISTRY_NAME = re.compile(r"[一-龥ァ-ヶー]{1,12}?(?:省|庁)")


_n = norm  # the contract's matching form
# the kinds whose answer is one value: a figure, a target, a date, an owner (an extra metric, not the
# contract's: whether the first line of the answer holds every expected string)
FIRST_LINE_KINDS = ("number", "target", "schedule", "ministry")


def load_gold(path: Path) -> list[dict]:
    items = []
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AssistantError(f"{path}: cannot read the gold file ({exc.__class__.__name__}); give a UTF-8 "
                             "JSONL file such as ../shared/eval/dev.jsonl") from None
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise AssistantError(f"{path}:{i}: not a JSON object ({exc.msg})") from None
    return items


def _relevant_rank(groups: list[list[str]], retrieved: list[str], texts: dict[str, str]) -> list[int | None]:
    """For each group, the 1-based rank of the first retrieved sheet containing any of its snippets."""
    ranks: list[int | None] = []
    for group in groups:
        snippets = [_n(s) for s in group]
        rank = None
        for i, sid in enumerate(retrieved):
            text = texts.get(sid, "")
            if any(s in text for s in snippets):
                rank = i + 1
                break
        ranks.append(rank)
    return ranks


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (1–99) of `values`, interpolated between the ordered values (statistics'
    inclusive method); None for no values. The evaluation and the benchmarks report with this."""
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1], 1)


def score(gold: list[dict], answers: list[dict], sheet_texts: dict[str, str]) -> dict:
    """Aggregate metrics plus one row per item (for finding misses)."""
    texts = {k: _n(v) for k, v in sheet_texts.items()}
    rows = []
    for item, ans in zip(gold, answers, strict=True):
        groups = item.get("relevant") or []
        retrieved = ans.get("retrieved", [])
        row: dict = {"id": item.get("id"), "kind": item.get("kind")}
        if groups:
            ranks = _relevant_rank(groups, retrieved, texts)
            found = [r for r in ranks if r is not None]
            first = min(found) if found else None
            row.update(hit1=first == 1, hit5=first is not None and first <= 5,
                       recall5=sum(1 for r in ranks if r is not None and r <= 5) / len(ranks),
                       rr=(1 / first) if first and first <= 10 else 0.0)
            cits = ans.get("citations", [])
            if cits:
                rel = 0
                for c in cits:
                    t = texts.get(c.get("sheet_id"), "")
                    rel += any(any(_n(s) in t for s in g) for g in groups)
                row["cit_precision"] = rel / len(cits)
        expected = item.get("answer_contains") or []
        if expected:
            answer = _n(ans.get("answer", ""))
            row["accuracy"] = all(any(_n(alt) in answer for alt in e.split("|")) for e in expected)
            if item.get("kind") in FIRST_LINE_KINDS:  # the answer said first, not dug out of quotes
                lead = _n((ans.get("answer") or "").split("\n", 1)[0])
                row["first_line"] = all(any(_n(alt) in lead for alt in e.split("|")) for e in expected)
        cits = ans.get("citations", [])
        if cits:
            row["faithful"] = sum(_n(c.get("quote", "")) in texts.get(c.get("sheet_id"), "") and
                                  bool(_n(c.get("quote", ""))) for c in cits) / len(cits)
        row["abstain_ok"] = bool(ans.get("abstained")) == (item.get("kind") == "unanswerable")
        cited = "".join(texts.get(c.get("sheet_id"), "") for c in cits)
        names = set(MINISTRY_NAME.findall(nfkc(ans.get("answer", ""))))
        row["no_invented"] = all(_n(n) in cited for n in names)
        row["total_ms"] = (ans.get("timings_ms") or {}).get("total", 0.0)
        row["error"] = ans.get("error")
        rows.append(row)

    def mean(key: str) -> float | None:
        vals = [float(r[key]) for r in rows if key in r]
        return round(sum(vals) / len(vals), 4) if vals else None

    lat = [r["total_ms"] for r in rows]
    metrics = {
        "items": len(rows), "hit@1": mean("hit1"), "hit@5": mean("hit5"), "recall@5": mean("recall5"),
        "mrr@10": mean("rr"), "answer_accuracy": mean("accuracy"), "citation_precision": mean("cit_precision"),
        "quote_faithfulness": mean("faithful"), "abstention_accuracy": mean("abstain_ok"),
        "no_invented_ministry": mean("no_invented"), "answer_in_first_line": mean("first_line"),
        "latency_ms_p50": round(median(lat), 1) if lat else 0.0, "latency_ms_p95": percentile(lat, 95) or 0.0,
        "errors": sum(1 for r in rows if r.get("error")),
    }
    return {"metrics": metrics, "items": rows}


def relevant_sheets(item: dict, texts: dict[str, str]) -> set[str]:
    """The sheets relevant to any of an item's groups: those whose text (`texts`, in the matching form)
    holds one of the group's snippets."""
    snippets = [_n(s) for g in item.get("relevant") or [] for s in g]
    return {sid for sid, t in texts.items() if any(s in t for s in snippets)}


def unrelated_partner(gold: list[dict], i: int, sheet_texts: dict[str, str]) -> dict | None:
    """An item of the same set to ask before item `i`: answerable, about other sheets than `i` (no
    relevant snippet of either is in a sheet relevant to the other), taken half the set away so that
    neighbouring items (often on one measure) are not paired. None when the set has no such item."""
    texts = {k: _n(v) for k, v in sheet_texts.items()}

    def sheets(item: dict) -> set[str]:
        return relevant_sheets(item, texts)

    mine = sheets(gold[i])
    n = len(gold)
    for step in range(n // 2, n // 2 + n):
        other = gold[(i + step) % n]
        if other is gold[i] or other.get("kind") == "unanswerable" or other.get("history"):
            continue
        if not (sheets(other) & mine):
            return other
    return None


def after_unrelated(gold: list[dict], alone: list[dict], ask, sheet_texts: dict[str, str]) -> dict:
    """Every single-turn item asked again after an unrelated earlier question (`ask(question, history)`
    → answer dict). A question that stands alone must get the answer it gets alone: counts the answers
    that changed (text, abstention or cited sheets), those whose first sheet changed, and those that
    were right alone and are wrong after it."""
    rows = []
    for i, (item, before) in enumerate(zip(gold, alone, strict=True)):
        if item.get("history"):
            continue
        partner = unrelated_partner(gold, i, sheet_texts)
        if partner is None:
            continue
        after = ask(item["question"], [partner["question"]])
        cited = lambda a: [c.get("sheet_id") for c in a.get("citations", [])]  # noqa: E731
        changed = (before.get("answer") != after.get("answer") or before.get("abstained") != after.get("abstained")
                   or cited(before) != cited(after))
        first = (before.get("retrieved") or [None])[:1] != (after.get("retrieved") or [None])[:1]
        was, now = (score([item], [a], sheet_texts)["items"][0] for a in (before, after))
        lost = (was.get("accuracy", True) and was["abstain_ok"]) and not (now.get("accuracy", True) and now["abstain_ok"])
        rows.append({"id": item.get("id"), "after": partner["question"], "changed": changed,
                     "first_sheet_changed": first, "right_answer_lost": bool(lost)})
    n = len(rows)
    return {"items": n, "changed": sum(r["changed"] for r in rows),
            "changed_rate": round(sum(r["changed"] for r in rows) / n, 4) if n else None,
            "first_sheet_changed": sum(r["first_sheet_changed"] for r in rows),
            "right_answer_lost": sum(r["right_answer_lost"] for r in rows),
            "rows": [r for r in rows if r["changed"]]}
