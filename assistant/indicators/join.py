"""Joining an indicator of the 点検 draft with the 施策集's indicator for the same thing: the same name
once normalised, else names close in meaning (the cosine of their embeddings at least the fitted
threshold, ``settings.indicator_join_threshold``, scripts/fit_indicator_join.py) whose statements do not
contradict each other: no two different units, no two different targets or target years (one
indicator has one target; 「倍増」 and 「2.1万t/年」 are two statements). Each indicator joins at most
one other, best pairs first."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from assistant.models import Indicator, IndicatorRow
from assistant.text.normalize import norm

Embed = Callable[[list[str]], list[list[float]]]
_NOTE = re.compile(r"[(（][^)）]*[)）]|※.*$")


def key(name: str) -> str:
    """A name's matching form: NFKC, no spaces, no bracketed note (「(※直接焼却への搬入量)」)."""
    return norm(_NOTE.sub("", name)) or norm(name)


def _unit(ind: Indicator) -> str:
    value = ind.target or ind.latest
    return value.unit if value and value.number is not None else ""


def units_agree(a: Indicator, b: Indicator) -> bool:
    """Whether two indicators can measure the same quantity: not when both have numbers in different
    units (a count of 戸 is not a share in %)."""
    ua, ub = _unit(a), _unit(b)
    return not (ua and ub and ua != ub)


def _year(value) -> str:
    m = re.search(r"(19|20)[0-9]{2}", value.year if value else "")
    return m.group(0) if m else ""


def conflict(a: Indicator, b: Indicator) -> bool:
    """Whether two indicators say different things: different units, or both state a target and the
    targets (or their years) differ."""
    if not units_agree(a, b):
        return True
    ta, tb = a.target, b.target
    if not (ta and tb):
        return False
    if _year(ta) and _year(tb) and _year(ta) != _year(tb):
        return True
    if ta.number is None or tb.number is None:
        return norm(ta.text) != norm(tb.text)
    return abs(ta.number - tb.number) > 0.01 * max(abs(ta.number), abs(tb.number))


def similarities(left: list[Indicator], right: list[Indicator], embed: Embed | None) -> list[list[float]]:
    """Cosine of every left name with every right name (1.0 for equal matching forms; 0.0 without an
    embedder)."""
    sims = [[1.0 if key(a.name) == key(b.name) else 0.0 for b in right] for a in left]
    if embed is None or not left or not right:
        return sims
    import numpy as np

    vecs = np.asarray(embed([a.name for a in left] + [b.name for b in right]), dtype=np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True).clip(min=1e-9)
    dense = vecs[:len(left)] @ vecs[len(left):].T
    return [[max(s, float(d)) for s, d in zip(row, drow, strict=True)] for row, drow in zip(sims, dense, strict=True)]


def row_id(ind: Indicator) -> str:
    digest = hashlib.sha1(f"{ind.sheet_id}\x1f{key(ind.name)}".encode()).hexdigest()[:10]
    return f"{ind.doc.rsplit('.', 1)[0]}:{digest}"


def join(inspection: list[Indicator], measures: list[Indicator], sims: list[list[float]],
         threshold: float) -> list[IndicatorRow]:
    """The table's rows: every 点検 indicator with the 施策集 indicator it joins (if any), then the
    施策集 indicators no 点検 indicator joined. `sims` is ``similarities(inspection, measures, …)``."""
    pairs = sorted(((sims[i][j], i, j) for i in range(len(inspection)) for j in range(len(measures))
                    if (sims[i][j] >= threshold or key(inspection[i].name) == key(measures[j].name))
                    and not conflict(inspection[i], measures[j])), reverse=True)
    left: dict[int, tuple[int, float]] = {}
    taken: set[int] = set()
    for sim, i, j in pairs:
        if i not in left and j not in taken:
            left[i] = (j, sim)
            taken.add(j)
    rows = []
    for i, ind in enumerate(inspection):
        match = left.get(i)
        other = measures[match[0]] if match else None
        how = "" if other is None else ("name" if key(ind.name) == key(other.name) else "dense")
        rows.append(IndicatorRow(row_id(ind), ind.name, ind.part, ind, other, how, match[1] if match else None))
    for j, ind in enumerate(measures):
        if j not in taken:
            rows.append(IndicatorRow(row_id(ind), ind.name, ind.part, None, ind))
    return rows
