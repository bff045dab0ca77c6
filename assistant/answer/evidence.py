"""Evidence for the offline composer: every line of every sheet with its token statistics, short
windows of consecutive lines, and how well a window answers a question.

A window is scored by a small fitted model (a logistic regression, scripts/fit_evidence.py) over a
handful of features, each with a reason: how much of the question's weight it shares (IDF), whether it
is close in meaning (the stored chunk it lies in, compared with the question's vector), whether it holds
the asked answer type (a number with the asked counter, a date, a body, an assessment), the field it
is in, and whether it is a line that says nothing by itself (the sheet's title, a numbered heading, a
label cut from a chart). The weights ship in evidence_weights.json.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.answer.ask import Need
from assistant.ingest.ministries import any_named
from assistant.models import Sheet
from assistant.text.figures import NUMBER, YEAR, holds
from assistant.text.japanese import tokenize, words
from assistant.text.normalize import nfkc, norm
from assistant.text.sentences import has_sentence_end
from assistant.text.similarity import bigram_similarity

WEIGHTS = Path(__file__).with_name("evidence_weights.json")


@dataclass
class Line:
    """One line of a sheet as evidence: its verbatim text, its field and its position in the sheet."""

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
            field_name = "概要" if sheet.kind != "inspection" else "本文"
            for i, raw in enumerate(sheet.text.splitlines()):
                text = raw.strip()
                if text.startswith("【") and text.endswith("】") and text[1:-1] in sheet.fields:
                    field_name = text[1:-1]
                    continue
                if len(norm(text)) < 2:
                    continue
                line = Line(sheet, text, field_name, i)
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
        self._counts: dict[str, bool] = {}
        self._norm_texts: dict[str, str] = {}

    def specificity(self, text: str) -> float:
        """How much topic `text` carries: the inverse sheet frequency of its distinct words that the
        sheets use (words no sheet uses say nothing about which sheet is meant)."""
        return math.fsum(self.sheet_idf.get(t, 0.0) for t in set(tokenize(text)))

    def norm_text(self, sheet_id: str) -> str:
        """The sheet's text in the matching form (computed once per sheet)."""
        if sheet_id not in self._norm_texts:
            self._norm_texts[sheet_id] = norm(self.sheets[sheet_id].text)
        return self._norm_texts[sheet_id]

    def written(self, phrase: str) -> bool:
        """Whether some sheet writes the phrase as it is (in the matching form)."""
        key = norm(phrase)
        return bool(key) and any(key in self.norm_text(sid) for sid in self.sheets)

    def counts_in(self, counter: str) -> bool:
        """Whether some sheet writes a numeral followed by `counter` (22港, 1,800万m³), computed once per
        counter."""
        if counter not in self._counts:
            after = re.compile(r"\d\s*[万億兆千]?\s*" + re.escape(norm(counter)))
            self._counts[counter] = any(after.search(self.norm_text(sid)) for sid in self.sheets)
        return self._counts[counter]

    def share_naming(self, term: str) -> float:
        """The share of sheets whose text holds `term` (computed once per term)."""
        if term not in self._shares:
            key = norm(term)
            self._shares[term] = sum(key in self.norm_text(sid) for sid in self.sheets) / max(1, len(self.sheets))
        return self._shares[term]

    def title_tokens(self, title: str) -> set[str]:
        """The tokens of a title, tokenised once."""
        if title not in self._titles:
            self._titles[title] = set(tokenize(title))
        return self._titles[title]

    def weight(self, token: str) -> float:
        """The inverse line frequency of a token (an unseen token weighs as the rarest)."""
        return self.idf.get(token, math.log(1 + len(self.idf)))

    def weight_of(self, tokens: Iterable[str]) -> float:
        """The tokens' weights summed exactly (as wherever weights are compared): a set's order follows the
        process's hash seed, and two lines holding the same words must tie whatever it is."""
        return math.fsum(self.weight(t) for t in tokens)

    def held_weight(self, tokens: set[str], line: Line) -> float:
        """How much of `tokens` (by weight) a line holds."""
        return self.weight_of(tokens & self.tokens[id(line)])

    def text_weight(self, tokens: set[str], text: str) -> float:
        """How much of `tokens` (by weight) a text holds: a part of a line, tokenised here."""
        return self.weight_of(tokens & set(tokenize(text)))


@dataclass
class Window:
    """One to three consecutive lines of one field: a fact is often split over lines
    (「下水汚泥肥料利用率」「→ 2030年度 30%」), so evidence is scored as short windows."""

    lines: list[Line]
    score: float = 0.0
    overlap: float = 0.0  # the share of the question's word weight the window holds
    features: dict[str, float] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The window's lines joined, verbatim."""
        return " ".join(ln.text.strip() for ln in self.lines)

    @property
    def plain(self) -> str:
        """The window's text NFKC-folded, for matching."""
        return nfkc(self.text)

    @property
    def start(self) -> int:
        """The position of the window's first line in its sheet."""
        return self.lines[0].order


BULLET = re.compile(r"^\s*[・●○◆◇■□▪•\-－]")
ENUMERATOR = re.compile(r"^\s*(?:[0-9０-９]+[.．)）]|[①-⑳]|[(（][0-9０-９]+[)）])\s*")


def windows(lines: list[Line], max_chars: int = 240) -> list[Window]:
    """Each line alone, and joined with the short fragments that follow it in the same field (a
    label with its value), up to `max_chars`: the candidate quotes of a sheet."""
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


# ---- what a line is ------------------------------------------------------------------------------
# a line this short with no sentence in it is a label (「九州地方」「2026年度」 cut from a chart); the
# documents' shortest statements with a figure (「→4.6兆円」) are kept by the number check
LABEL_CHARS = 12
# a numbered or bulleted line this short without a sentence end is an item's heading (「2. 紙おむつ
# リサイクルに関する情報提供」), not a statement
HEADING_CHARS = 40


TITLE_LIKE = 0.7  # most of a line's character pairs are its sheet's name: the line only names the sheet


def is_title_like(text: str, sheet: Sheet) -> bool:
    """The line only repeats the sheet's title (or its table-of-contents name)."""
    t = norm(ENUMERATOR.sub("", text))
    return any(bigram_similarity(t, norm(name)) > TITLE_LIKE for name in {sheet.title, sheet.heading, sheet.name}
               if name)


# a number that points into the document (1章, 第2節, p13) is no figure
REFERENCE = re.compile(r"[0-9]+\s*(?:章|節|項)|p\.?\s*[0-9]+|第\s*[0-9]+\s*(?:章|節)")


def has_figure(text: str) -> bool:
    """Whether the text holds a number beyond list markers and reference marks."""
    return bool(NUMBER.search(REFERENCE.sub("", ENUMERATOR.sub("", nfkc(text)))))


def is_heading(text: str) -> bool:
    """A numbered or bulleted item heading, or a table's header row: it names an item, says nothing."""
    plain = nfkc(text).strip()
    if plain.startswith("指標\t"):
        return True
    return (bool(ENUMERATOR.match(plain)) or plain.startswith("【")) and len(plain) <= HEADING_CHARS \
        and not has_sentence_end(plain)


def heading_like(text: str) -> bool:
    """A short line with no sentence and no figure, numbered, bulleted or not: an item's heading
    (「・ ○○市」), it names, says nothing."""
    plain = nfkc(text).strip()
    return len(plain) <= HEADING_CHARS and not has_sentence_end(plain) and not has_figure(plain)


def is_label(text: str) -> bool:
    """A fragment cut from a chart or a list (「九州地方」「制度開始に向けた」): short, no sentence."""
    plain = nfkc(text).strip()
    return len(norm(plain)) <= LABEL_CHARS and not has_sentence_end(plain) and "\t" not in plain


# a footnote opens with its note mark (「*2：」「※1:」): it names a table's sources and dates when they were read
NOTE_MARK = re.compile(r"^\s*[*＊※]\s*[0-9０-９]+\s*[：:]")


def says_nothing(w: Window, sheet: Sheet) -> bool:
    """A window that cannot answer on its own: a footnote (a table's sources, no statement of the plan's
    own), or every line a title, heading or label and no figure."""
    if NOTE_MARK.match(w.lines[0].text):
        return True
    return all(is_title_like(ln.text, sheet) or is_heading(ln.text) or is_label(ln.text) for ln in w.lines) \
        and not (has_figure(w.text) and not any(is_heading(ln.text) for ln in w.lines))


def names_a_body(index: LineIndex, text: str, countries: bool = False) -> bool:
    """Whether text names a particular body or place (SudachiPy's proper nouns: 大阪府, リコー). Not a
    country (日本, 米国 set the scene; they do not run or present anything), and not a name most sheets
    use (the documents' own setting). When `countries` are asked for, a country only (not one written in
    a character: the 日 of 日ASEAN)."""
    def named(surface: str, pos: tuple[str, ...]) -> bool:
        if countries:
            return pos[:4] == ("名詞", "固有名詞", "地名", "国") and len(surface) > 1
        return pos[:2] == ("名詞", "固有名詞") and pos[2] in ("地名", "一般") and pos[3] != "国"

    return any(named(surface, pos) and index.share_naming(surface) < 0.5 for surface, pos, _ in words(text[:4000]))


def question_tokens(question: str, expansions: list[str]) -> set[str]:
    """The question's tokens with those of its glossary expansions."""
    toks = set(tokenize(question))
    for e in expansions:
        toks |= set(tokenize(e))
    return toks


def dense_scores(chunks, query_vector) -> dict[str, tuple[float, float]]:
    """Line text -> (cosine of its stored chunk with the question, minus the sheet's best chunk's;
    1 / (1 + that chunk's rank in meaning among the sheet's chunks)). `chunks`: [(lines, unit vector)].
    Lines are not embedded one by one: the chunks the index already holds (a few lines of one field)
    carry the meaning, and embedding every line would double the build (BENCHMARKS.md)."""
    if query_vector is None or not chunks:
        return {}
    q = np.asarray(query_vector, dtype=np.float32)
    sims = [float(np.dot(q, v)) for _, v in chunks]
    best = max(sims)
    out: dict[str, tuple[float, float]] = {}
    for rank, i in enumerate(sorted(range(len(chunks)), key=lambda i: -sims[i])):
        for line in chunks[i][0]:
            out.setdefault(line, (sims[i] - best, 1.0 / (1 + rank)))
    return out


def overlap(a: Window, b: Window) -> bool:
    """Whether two windows share a line."""
    return bool({id(x) for x in a.lines} & {id(x) for x in b.lines})


# what a line gives: a start (a date followed by から, より, 以降; 開始) or an end (a date followed by まで),
# or an assessment (the 点検's words for one: 評価, 傾向, 見込み, 達成)
GIVES = re.compile(r"(?P<start>(?:年度?|月)(?:から|より|以降)|開始)|(?P<end>(?:年度?末?|月)まで)|(?P<evaluation>評価|傾向|見込み|達成)")


def gives(text: str, what: str) -> bool:
    """Whether a line gives `what`: a start ("start"), an end ("end") or an assessment ("evaluation")."""
    return any(m.lastgroup == what for m in GIVES.finditer(text))


# ---- the fitted scorer ---------------------------------------------------------------------------
@dataclass
class Query:
    """What the windows of one sheet are scored against."""

    tokens: set[str]
    intent: Need
    dense: dict[str, tuple[float, float]]
    total: float  # the question's whole word weight


def features(index: LineIndex, w: Window, q: Query, sheet: Sheet) -> dict[str, float]:
    """The window's features, each with its reason (see FEATURES)."""
    toks: set[str] = set()
    for ln in w.lines:
        toks |= index.tokens[id(ln)]
    title = index.title_tokens(sheet.heading or sheet.title)  # the sheet's own title line
    shared = q.tokens & toks
    own = index.weight_of(shared - title)
    in_title = index.weight_of(shared & title)
    it = q.intent
    text = w.plain
    fields = {ln.field for ln in w.lines}
    cos, rank = q.dense.get(w.lines[0].text, (-0.1, 0.0))
    figure = has_figure(text)
    return {
        "overlap": own / q.total if q.total else 0.0,
        "overlap_title": in_title / q.total if q.total else 0.0,
        "dense": cos,
        "dense_rank": rank,
        "unit": float(it.unit is not None and any(it.unit.search(nfkc(ln.text), counted=False) for ln in w.lines)),
        "figure": float(("number" in it.aspects or "target" in it.aspects) and figure),
        "date": float("schedule" in it.aspects and bool(YEAR.search(text))),
        "when": float(it.when is not None and gives(text, it.when) and bool(YEAR.search(text))),
        "qualifier": float(bool(it.qualifiers) and all(holds(text, x) for x in it.qualifiers)),
        "kpi_field": float("target" in it.aspects and any(f.startswith("目指す姿") for f in fields)),
        "schedule_field": float("schedule" in it.aspects and "今後の予定" in fields),
        "body": float(it.who and (any_named(text) or names_a_body(index, text, it.countries))),
        "assessment": float(it.evaluation and gives(text, "evaluation")),
        "title_like": float(all(is_title_like(ln.text, sheet) for ln in w.lines) and not figure),
        "heading": float(any(is_heading(ln.text) for ln in w.lines)),
        "label": float(all(is_label(ln.text) for ln in w.lines)),
        "length": math.log1p(len(text)) / 5,
        "extra_lines": float(len(w.lines) - 1),
    }


# Why each feature may matter (the fit decides how much): the question's words it holds, outside and
# inside the sheet's title (title words are on every line's sheet); closeness in meaning; the asked
# answer type (a number in the asked counter, any figure for a number or target, a date for a
# schedule, the asked start or end, the pinned year, the KPI or schedule field, a named body for who,
# an assessment); lines that say nothing (title, heading, label); and size.
FEATURES = ("overlap", "overlap_title", "dense", "dense_rank", "unit", "figure", "date", "when", "qualifier",
            "kpi_field", "schedule_field", "body", "assessment", "title_like", "heading", "label", "length",
            "extra_lines")


@lru_cache(maxsize=4)
def load_weights(path: str = str(WEIGHTS)) -> tuple[dict[str, float], float]:
    """The fitted evidence scorer: feature weights and bias (scripts/fit_evidence.py writes them)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return dict(zip(data["features"], data["weights"], strict=True)), float(data["bias"])


def score(f: dict[str, float], weights: dict[str, float] | None = None, bias: float | None = None) -> float:
    """The model's log-odds that the window is evidence for the question."""
    if weights is None:
        weights, bias = load_weights()
    return (bias or 0.0) + sum(weights.get(k, 0.0) * v for k, v in f.items())


def rank_windows(index: LineIndex, sheet: Sheet, q: Query) -> list[Window]:
    """The sheet's windows, best evidence first (scored by the fitted model)."""
    found = windows(index.lines.get(sheet.id, []))
    weights, bias = load_weights()
    for w in found:
        w.features = features(index, w, q, sheet)
        w.overlap = w.features["overlap"] + w.features["overlap_title"]
        w.score = score(w.features, weights, bias)
    found.sort(key=lambda w: -w.score)
    return found
