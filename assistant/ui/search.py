"""Keyword search of the sheet list (施策一覧 and `python -m assistant sheets --search`) and of the indicator
table (指標): the items ranked by how much of the query each holds, the list cut where that falls far
below the best, so that a name finds the sheet it names and not every sheet sharing one of its words.

How much of a query an item holds. The query's words (split at spaces and 、) are each read as their
content words (SudachiPy, as the BM25 index reads text: 「太陽光パネル」 → 太陽光, パネル) and the adjacent
pairs of those (太陽光+パネル, the phrase). An item holds a word wholly when the word occurs in it as
written (case, width and spaces ignored); otherwise it holds the share of the word's units it has, each
unit weighted by its inverse document frequency over the items, so that the rare word that names the
thing (ポート in サーキュラーエコノミーポート) outweighs the common ones. A word's glossary equivalents
count as the word (`Glossary.variants`: CEポート is サーキュラーエコノミーポート, and also 循環経済拠点港湾);
the reading the item holds best counts. The query's score is the mean over its words: an item with one
of two words holds half of the query.

Where the list is cut. An item is listed when it holds at least ``KEEP`` of what the best item holds, and
at least ``LEAST`` of the query. Measured with each of the glossary's 122 terms as the query over the
plan's 72 sheets: a sheet sharing only some of a name's words holds at most 0.61 of what the sheet
naming it holds (循環経済パートナーシップ, J4CE), and a sheet naming the thing in other words holds 0.77 or
more (リチウムイオン蓄電池 for リチウム電池); ``KEEP`` = 0.7 lies in that gap. ``LEAST`` = 0.5 lists the
items holding one of two words when no item holds both, and nothing for a name no item holds but
one of whose common words is everywhere (水素ステーション: 0.29)."""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from assistant.text.japanese import content_words, tokenize
from assistant.text.normalize import normalize

KEEP = 0.7
LEAST = 0.5
_WORDS = re.compile(r"[\s\u3000、,，]+")
_ASCII_EDGE = re.compile(r"[a-z0-9]")


def _flat(text: str) -> str:
    return normalize(text).replace(" ", "")


def words(query: str) -> list[str]:
    """The query's words, as typed (split at spaces and 、)."""
    return [w for w in _WORDS.split(query or "") if _flat(w)]


@dataclass(frozen=True)
class Found:
    """An item the query found: its position in the searched list, the share of the query it holds
    (1.0: every word as written or as a glossary equivalent), the share its title holds (what ranks
    the items holding as much: the one named by the query first), and what to highlight in it."""

    index: int
    score: float
    title_score: float
    marks: tuple[str, ...]


@dataclass(frozen=True)
class _Text:
    """An item's text as the search reads it: flat (for whole words), its tokens (with the pieces of
    compounds: 太陽光 also holds 太陽) and its adjacent token pairs."""

    flat: str
    tokens: frozenset[str]
    pairs: frozenset[tuple[str, str]]

    @classmethod
    def read(cls, text: str) -> _Text:
        stream = tokenize(text, subtokens=False)
        return cls(_flat(text), frozenset(tokenize(text)), frozenset(zip(stream, stream[1:], strict=False)))


@dataclass(frozen=True)
class _Reading:
    """One way of writing a query word (as typed, or with a glossary equivalent in it)."""

    flat: str
    phrase: re.Pattern
    tokens: tuple[tuple[str, str], ...]  # (token, surface), each token once
    pairs: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, variant: str) -> _Reading:
        flat = _flat(variant)
        # a Latin word is matched whole: saf is not in safety
        pattern = ("(?<![a-z0-9])" if _ASCII_EDGE.match(flat[0]) else "") + re.escape(flat) + (
            "(?![a-z0-9])" if _ASCII_EDGE.match(flat[-1]) else "")
        found = content_words(variant)
        first: dict[str, str] = {}
        for token, surface in found:
            first.setdefault(token, surface)
        stream = [t for t, _ in found]
        return cls(flat, re.compile(pattern), tuple(first.items()),
                   tuple(dict.fromkeys(zip(stream, stream[1:], strict=False))))


class KeywordSearch:
    """The items (title, text), read once; `find(query)` ranks them. `variants(word)` gives a word's
    readings, the word first (Glossary.variants); None reads words as typed only."""

    def __init__(self, items: Sequence[tuple[str, str]],
                 variants: Callable[[str], list[str]] | None = None):
        self.variants = variants
        self.titles = [_Text.read(title) for title, _ in items]
        self.texts = [_Text.read(f"{title}\n{text}") for title, text in items]
        df: Counter = Counter()
        for t in self.texts:
            df.update(t.tokens)
            df.update(t.pairs)
        self._df = df

    def __len__(self) -> int:
        return len(self.texts)

    def _idf(self, unit) -> float:
        n, df = len(self.texts), self._df[unit]
        return math.log(1 + (n - df + 0.5) / (df + 0.5))  # BM25's, never negative

    def _readings(self, word: str) -> list[_Reading]:
        forms = self.variants(word) if self.variants is not None else []
        readings: dict[str, _Reading] = {}
        for form in [word, *forms]:
            if _flat(form) and _flat(form) not in readings:
                readings[_flat(form)] = _Reading.of(form)
        return list(readings.values())

    def _holds(self, reading: _Reading, text: _Text) -> tuple[float, tuple[str, ...]]:
        """The share of the reading the text holds, and the words to highlight."""
        if len(reading.flat) > 1 and reading.phrase.search(text.flat):
            return 1.0, (reading.flat,)
        units = [(t, t in text.tokens) for t, _ in reading.tokens] + [(p, p in text.pairs) for p in reading.pairs]
        total = sum(self._idf(u) for u, _ in units)
        if not total:
            return 0.0, ()
        held = sum(self._idf(u) for u, ok in units if ok)
        return held / total, tuple(s for t, s in reading.tokens if t in text.tokens)

    def _score(self, readings: list[list[_Reading]], text: _Text) -> tuple[float, tuple[str, ...]]:
        total = 0.0
        marks: list[str] = []
        for word in readings:
            held = [self._holds(r, text) for r in word]
            share = max((h for h, _ in held), default=0.0)
            total += share
            marks += [m for h, mark in held if share and h == share for m in mark]  # every best reading
        return total / len(readings), tuple(dict.fromkeys(marks))

    def find(self, query: str, among: Iterable[int] | None = None) -> list[Found]:
        """The items the query finds, best first (then the items whose title holds more of it, then
        in list order); empty for an empty query or when no item holds ``LEAST`` of it. `among`: the
        positions of the items to consider (those under the list's other filters; default all)."""
        readings = [self._readings(w) for w in words(query)]
        if not readings:
            return []
        scored = []
        for i in range(len(self.texts)) if among is None else among:
            score, marks = self._score(readings, self.texts[i])
            if score > 0:
                scored.append((score, i, marks))
        best = max((s for s, _, _ in scored), default=0.0)
        if best < LEAST:
            return []
        kept = [Found(i, round(s, 4), round(self._score(readings, self.titles[i])[0], 4), marks)
                for s, i, marks in scored if s >= KEEP * best - 1e-9]
        return sorted(kept, key=lambda f: (-f.score, -f.title_score, f.index))


def sheet_item(sheet) -> tuple[str, str]:
    """What a sheet is searched by: its title, and its section, text and the ministries it names."""
    names = [*sheet.stated, *(m.name for m in sheet.mentioned)]
    return sheet.title, f"{sheet.section}\n{sheet.text}\n{' '.join(dict.fromkeys(names))}"


def sheet_search(sheets, glossary=None) -> KeywordSearch:
    """The keyword search of a list of sheets, with the glossary's equivalents when one is given."""
    return KeywordSearch([sheet_item(s) for s in sheets], glossary.variants if glossary is not None else None)
