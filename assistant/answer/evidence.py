"""Evidence for the offline composer: every line of every sheet with its token statistics, short
windows of consecutive lines, and how well a window answers a question (IDF-weighted overlap, the
answer type the question asks for, the stored chunk closest in meaning)."""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.answer import intent as intent_mod
from assistant.ingest.ministries import any_named
from assistant.models import Sheet
from assistant.text.japanese import tokenize, words
from assistant.text.normalize import nfkc, norm


@dataclass
class Line:
    sheet: Sheet
    text: str       # verbatim line of the sheet
    field: str
    order: int


class LineIndex:
    """Every line of every sheet with token statistics, for choosing the sentences that answer."""

    def __init__(self, sheets: list[Sheet], known_tokens: Mapping[str, Sequence[str]] | None = None):
        """`known_tokens`: line text -> its tokens, computed by the index build (store.line_tokens);
        lines not in it are tokenised here."""
        known = known_tokens or {}
        self.lines: dict[str, list[Line]] = {}
        self.tokens: dict[int, set[str]] = {}
        df: Counter[str] = Counter()
        for sheet in sheets:
            out = []
            field = "概要" if sheet.kind != "inspection" else "本文"
            for i, raw in enumerate(sheet.text.splitlines()):
                text = raw.strip()
                if text.startswith("【") and text.endswith("】") and text[1:-1] in sheet.fields:
                    field = text[1:-1]
                    continue
                if len(norm(text)) < 2:
                    continue
                line = Line(sheet, text, field, i)
                cached = known.get(text)
                toks = set(cached) if isinstance(cached, list) else set(tokenize(text))
                self.tokens[id(line)] = toks
                df.update(toks)
                out.append(line)
            self.lines[sheet.id] = out
        self.sheets = {s.id: s for s in sheets}
        n = max(1, sum(len(v) for v in self.lines.values()))
        self.idf = {t: math.log(1 + n / c) for t, c in df.items()}
        sheet_df: Counter[str] = Counter()
        self.sheet_tokens: dict[str, set[str]] = {}
        for sid, lines in self.lines.items():
            self.sheet_tokens[sid] = set().union(*(self.tokens[id(ln)] for ln in lines)) if lines else set()
            sheet_df.update(self.sheet_tokens[sid])
        # inverse sheet frequency: a word on every sheet says nothing about which one is meant
        self.sheet_idf = {t: math.log(len(sheets) / c) for t, c in sheet_df.items()}
        self._titles: dict[str, set[str]] = {}
        self._shares: dict[str, float] = {}
        self._norm_texts: dict[str, str] = {}

    def specificity(self, text: str) -> float:
        """How much topic `text` carries: the inverse sheet frequency of its distinct words that the
        sheets use (words no sheet uses say nothing about which sheet is meant)."""
        return sum(self.sheet_idf.get(t, 0.0) for t in set(tokenize(text)))

    def norm_text(self, sheet_id: str) -> str:
        """The sheet's text in the matching form (computed once per sheet)."""
        if sheet_id not in self._norm_texts:
            self._norm_texts[sheet_id] = norm(self.sheets[sheet_id].text)
        return self._norm_texts[sheet_id]

    def share_naming(self, term: str) -> float:
        """The share of sheets whose text holds `term` (computed once per term)."""
        if term not in self._shares:
            key = norm(term)
            self._shares[term] = sum(key in self.norm_text(sid) for sid in self.sheets) / max(1, len(self.sheets))
        return self._shares[term]

    def title_tokens(self, title: str) -> set[str]:
        if title not in self._titles:
            self._titles[title] = set(tokenize(title))
        return self._titles[title]

    def weight(self, token: str) -> float:
        return self.idf.get(token, math.log(1 + len(self.idf)))


def display(text: str) -> str:
    return text.strip()


@dataclass
class Window:
    """One to three consecutive lines of one field: a fact is often split over lines
    (「下水汚泥肥料利用率」「→ 2030年度 30%」), so evidence is scored as short windows."""

    lines: list[Line]
    score: float = 0.0

    @property
    def text(self) -> str:
        return " ".join(display(ln.text) for ln in self.lines)

    @property
    def plain(self) -> str:
        return nfkc(self.text)

    @property
    def start(self) -> int:
        return self.lines[0].order


BULLET = re.compile(r"^\s*[・●○◆◇■□▪•\-－]")


def windows(lines: list[Line], max_chars: int = 240) -> list[Window]:
    out = []
    for i, first in enumerate(lines):
        out.append(Window([first]))
        group = [first]
        if "\t" in first.text:
            continue  # a table row stands alone: it is read against its header
        for nxt in lines[i + 1:i + 4]:
            # only short fragments are joined: a label with its value, a heading with its line
            # blank lines between are only layout (「・下水汚泥肥料利用率」 / 「2023年度 15%」): the lines are the
            # field's next ones, not necessarily the text's next lines
            if (nxt.field != first.field or "\t" in nxt.text
                    or len(group[-1].text) > 60 and (len(nxt.text) > 60 or BULLET.match(nxt.text))):
                break  # after a sentence, a bullet starts the next item (「…の推進。」「・ 神戸市」)
            group = group + [nxt]
            if sum(len(ln.text) for ln in group) > max_chars:
                break
            out.append(Window(list(group)))
    return out


def _bigram_sim(a: str, b: str) -> float:
    x = {a[i:i + 2] for i in range(len(a) - 1)}
    y = {b[i:i + 2] for i in range(len(b) - 1)}
    return len(x & y) / max(1, min(len(x), len(y))) if x and y else 0.0


ENUMERATOR = re.compile(r"^\s*(?:[0-9０-９]+[.．)）]|[①-⑳]|[(（][0-9０-９]+[)）])\s*")


def score_window(index: LineIndex, w: Window, q_tokens: set[str], it: intent_mod.Intent,
                 quals: list[str], title: str) -> float:
    """How well a window answers: the question's words it shares (words of the sheet's own title
    count little — every line of the sheet is about that), plus what the question's shape wants."""
    toks: set[str] = set()
    for ln in w.lines:
        toks |= index.tokens[id(ln)]
    title_toks = index.title_tokens(title)
    base = sum(index.weight(t) * (0.3 if t in title_toks else 1.0) for t in q_tokens & toks)
    text = w.plain
    has_number = bool(intent_mod.NUMBER.search(ENUMERATOR.sub("", text)))
    score = base
    is_row = len(w.lines) == 1 and "\t" in w.lines[0].text
    if it.unit is not None:
        hits = sum(1 for ln in w.lines if it.unit.search(nfkc(ln.text), counted=False))
        if hits:
            score += 4.0 + 1.5 * (hits - 1)
        elif is_row and has_number:
            score += 3.0  # a table's unit lives in its header
    for q in list(quals) + it.per_unit:
        if intent_mod.holds(text, q):
            score += 3.0
    fields = {ln.field for ln in w.lines}
    if "target" in it.aspects and any(f.startswith("目指す姿") for f in fields):
        score += 3.0
    if "schedule" in it.aspects:
        score += (3.0 if intent_mod.YEAR.search(text) else 0.0) + (1.0 if "今後の予定" in fields else 0.0)
        if it.when is not None and it.when.search(text) and intent_mod.YEAR.search(text):
            score += 3.0
    if ("number" in it.aspects or "target" in it.aspects) and has_number:
        score += 1.0
    if it.evaluation and intent_mod.EVALUATION.search(text):
        score += 2.0
    if it.who and (any_named(text) or names_a_body(index, text)):
        score += 3.0  # asked who or where: a line naming a body answers
    if not has_number and _bigram_sim(norm(ENUMERATOR.sub("", text)), norm(title)) > 0.7:
        score -= 0.8 * base  # a line that only repeats the sheet's title says nothing new
    score -= 0.004 * max(0, len(text) - 120)
    score -= 0.3 * (len(w.lines) - 1)
    return score


def names_a_body(index: LineIndex, text: str) -> bool:
    """Whether text names a particular body or place (SudachiPy's proper nouns: 大阪府, リコー). Not a
    country (日本, 米国 set the scene; they do not run or present anything) and not a name most sheets
    use (the documents' own setting)."""
    return any(pos[:2] == ("名詞", "固有名詞") and pos[2] in ("地名", "一般") and pos[3] != "国"
               and index.share_naming(surface) < 0.5 for surface, pos, _ in words(text[:4000]))


def question_tokens(question: str, expansions: list[str]) -> set[str]:
    toks = set(tokenize(question))
    for e in expansions:
        toks |= set(tokenize(e))
    return toks


# Evidence that survives paraphrase: a window's lines lie in one of the sheet's stored chunks (a few
# lines of one field), whose vector the index already holds. The chunk closest in meaning to the
# question adds DENSE_WEIGHT, the next ones less (weight / (1 + rank)): rank, not raw cosine, because
# e5 similarities of one sheet's chunks sit close together. Fitted on dev + dev2 (BENCHMARKS.md).
DENSE_WEIGHT = 0.5


def dense_bonus(chunks, query_vector) -> dict[str, float]:
    """Line text -> the bonus of the stored chunk it lies in, by that chunk's rank in meaning among
    the sheet's chunks (`chunks`: [(lines, unit vector)])."""
    if query_vector is None or not chunks:
        return {}
    q = np.asarray(query_vector, dtype=np.float32)
    sims = [float(np.dot(q, v)) for _, v in chunks]
    bonus: dict[str, float] = {}
    for rank, i in enumerate(sorted(range(len(chunks)), key=lambda i: -sims[i])):
        for line in chunks[i][0]:
            bonus.setdefault(line, DENSE_WEIGHT / (1 + rank))
    return bonus


def overlap(a: Window, b: Window) -> bool:
    return bool({id(x) for x in a.lines} & {id(x) for x in b.lines})
