"""Which of the first sheets retrieval found a part is about: the fitted rerank model (weights/rerank.json,
scripts/fit_query.py) weighs, for each of the first TOP sheets, where fusion ranked it and how close its
score came to the first, how much of the part's subject and words (by inverse sheet frequency) the sheet
and its title hold, the subject's rare words the sheet lacks, how much of its title the question names,
whether the sheet is of the document the question limits itself to, and whether it could answer the slot
asked at all. Fusion ranks chunks by words and meaning; the model asks which sheet holds what the part
names."""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from assistant.models import Retrieval, SheetHit
from assistant.models.request import Part, Request
from assistant.models.sheet import Sheet
from assistant.query.linear import LinearModel
from assistant.text.figures import figures, western_year, years
from assistant.text.japanese import tokenize

TOP = 6  # the sheets reordered: fusion's first six hold a relevant sheet for nearly every question
RARE = math.log(10)  # a word at most 1 sheet in 10 writes names something in particular
TITLE_WORD = 1.0  # a title word that at most ~1 sheet in 3 writes names what the sheet is about
PLANNED = 2025  # a year from the plan's own time on is a date it sets, not one of the background


def holds(sheet: Sheet) -> frozenset[str]:
    """The slots a sheet could answer at all: an owner when it states one, a date when it names a year
    from PLANNED on, a figure when it gives one, a target when it gives a figure beside a year it sets."""
    return _holds(sheet.text, bool(sheet.stated))


@lru_cache(maxsize=1024)
def _holds(text: str, stated: bool) -> frozenset[str]:  # (by the text: a rebuilt sheet is read again)
    found = {"owner"} if stated else set()
    planned = any((western_year(y) or 0) >= PLANNED for y in years(text))
    if planned:
        found.add("date")
    if any(not years(f) for f in figures(text)):
        found.add("figure")
        if planned:
            found.add("target")
    return frozenset(found)


@lru_cache(maxsize=512)
def _title_tokens(title: str) -> frozenset[str]:
    return frozenset(tokenize(title))


def features(req: Request, part: Part, hits: list[SheetHit], sheet_tokens: Mapping[str, set[str]],
             idf: Mapping[str, float]) -> list[dict[str, float]]:
    """The rerank model's features of each of the first TOP hits."""
    rarest = math.log(max(2, len(sheet_tokens)))
    subject = {t: idf.get(t, rarest) for t in tokenize(part.subject)} if part.subject else {}
    asked = {t: idf.get(t, rarest) for t in tokenize(part.query or req.question)}
    total, total_asked = sum(subject.values()), sum(asked.values())
    top = hits[0].score if hits else 0.0
    document = req.scope.document if req.scope else None
    out = []
    for i, h in enumerate(hits[:TOP]):
        have = sheet_tokens.get(h.sheet.id, set())
        title = _title_tokens(h.sheet.name) | _title_tokens(h.sheet.title)
        f = {"bias": 1.0, f"rank={i}": 1.0, "ratio": h.score / top if top else 0.0,
             f"slot={part.slot}&kind={h.sheet.kind}": 1.0}
        if total:
            f["cover"] = sum(w for t, w in subject.items() if t in have) / total
            f["title_cover"] = sum(w for t, w in subject.items() if t in title) / total
            f["rare_missing"] = float(sum(1 for t, w in subject.items() if w >= RARE and t not in have))
        else:
            f["no_subject"] = 1.0
        if total_asked:
            f["q_cover"] = sum(w for t, w in asked.items() if t in have) / total_asked
            f["q_title_cover"] = sum(w for t, w in asked.items() if t in title) / total_asked
        named = [t for t in title if idf.get(t, rarest) >= TITLE_WORD]
        if named:
            f["title_in_q"] = sum(1 for t in named if t in asked) / len(named)
        if document:
            f["scope_match" if (document == "inspection") == (h.sheet.kind == "inspection") else "scope_mismatch"] = 1.0
        if part.slot in ("owner", "date", "figure", "target"):
            f[f"holds={part.slot}"] = float(part.slot in holds(h.sheet))
        if req.english:
            f[f"english&rank={i}"] = 1.0
        out.append(f)
    return out


def rerank(retrieval: Retrieval, req: Request, part: Part, model: LinearModel | None,
           sheet_tokens: Mapping[str, set[str]], idf: Mapping[str, float]) -> Retrieval:
    """The retrieval with the sheet the model finds likeliest among the first TOP first, the others in
    fusion's order (a new Retrieval: the retriever's cached one is not changed). Each place keeps its
    score, so how close the second comes to the first reads as before."""
    hits = retrieval.hits
    if model is None or len(model.classes) < 2 or len(hits) < 2:
        return retrieval
    head = hits[:TOP]
    p = [model.yes(f) for f in features(req, part, head, sheet_tokens, idf)]
    best = max(range(len(head)), key=lambda i: (p[i], -i))
    if best == 0:
        return retrieval
    order = [head[best]] + [h for i, h in enumerate(hits) if i != best]
    return replace(retrieval, hits=[replace(h, score=hits[i].score) for i, h in enumerate(order)])
