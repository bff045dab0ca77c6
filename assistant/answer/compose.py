"""The offline composer: answers built only from the retrieved sheets' own lines, shaped by what the
question asks. The first line answers (the figure, the date, the owner, the measures by name, or the
measure in one sentence), built from the sheets' own words; the cited evidence follows. Every
statement is cited, and the answer abstains, saying what is not stated, when the sheets do not answer
or do not hold what the question assumes (assistant/answer/premise.py).
Evidence (lines, windows, their fitted scores) is assistant/answer/evidence.py."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant.answer import intent as intent_mod
from assistant.answer import premise
from assistant.answer.citations import field_of
from assistant.answer.evidence import (
    BULLET,
    ENUMERATOR,
    Line,
    LineIndex,
    Query,
    Window,
    dense_scores,
    has_figure,
    is_heading,
    is_label,
    is_title_like,
    names_a_body,
    overlap,
    question_tokens,
    rank_windows,
    says_nothing,
)
from assistant.ingest.ministries import FULL_NAMES, any_named
from assistant.models import Citation, Composed, Sheet, SheetHit
from assistant.text.japanese import tokenize
from assistant.text.normalize import nfkc, norm

# A neighbour answers for the first sheet only when retrieval nearly ties them (NEAR_TIE of its score),
# among the next NEIGHBOURS, and it holds the question's words that at most 1 in 10 sheets use.
NEAR_TIE = 0.8
NEIGHBOURS = 2
RARE_WORD_IDF = math.log(10)
# which-measure lists: a sheet is listed when its retrieval score is within MEASURE_SCORE_RATIO of the
# best one and it covers the question's subject nearly as well as the best-covering sheet (fitted:
# scripts/kfold.py)
MEASURE_SCORE_RATIO = 0.5
MEASURE_COVER_RATIO = 0.8
# How many pieces of evidence an answer quotes, and how long a clause of the first line may be: an
# answer is read on a screen beside its sources (four quotes), a first line in one glance
MAX_QUOTES = 4
CLAUSE_CHARS = 90
# statements of a briefing when the question does not say how many (name + what, target, schedule,
# owner: the four things a briefing is asked for)
BRIEFING_POINTS = 4
# an enumeration's items may each carry a few lines of their own (a sub-list, a sentence) before the next
ITEM_BODY_LINES = 6
# "in N lines", "N points", "the three pillars": how many statements or items are asked for
_KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# (「一言で」 asks for one statement; すべて, 全部, 一覧, 挙げて for a whole enumeration without a number)
COUNT_ASKED = re.compile(r"(?P<n>[0-9]{1,2}|[一二三四五六七八九十])\s*(?:行|点|つ|本|項目|種類|類型|分野|個|項)"
                         r"|(?P<one>一言|ひとこと)|(?P<all>すべて|全部|全て|一覧|挙げ|列挙|漏れなく)")


def _cite(sheet: Sheet, quote: str, n: int) -> Citation:
    return Citation(n, sheet.id, sheet.doc, sheet.title, sheet.section, sheet.page_of(quote),
                    field_of(quote, sheet), quote)


def _table_row(sheet: Sheet, line: Line) -> str | None:
    """An indicator row read against its table's header: 指標: … / 数値目標: … / 最新値: …"""
    if "\t" not in line.text:
        return None
    rows = sheet.text.splitlines()
    header = next((r for r in reversed(rows[:line.order]) if r.startswith("指標\t")), None)
    if not header or header == line.text:
        return None
    cells = [c.strip() for c in line.text.split("\t")]
    names = [c.strip().replace("（", "(").split("(")[0].strip() or c.strip() for c in header.split("\t")]
    parts = [f"{n}: {c}" for n, c in zip(names, cells, strict=False) if c and c not in ("—", "-")]
    return " / ".join(parts)


def asked_count(question: str) -> int | None:
    """How many statements or items the question asks for (3行で, 5点, 3つの柱), if it says."""
    for m in COUNT_ASKED.finditer(nfkc(question)):
        if m.lastgroup == "n":
            return _KANJI_DIGITS.get(m.group("n")) or int(m.group("n"))
        if m.lastgroup == "one":
            return 1
    return None


def whole_list(question: str) -> bool:
    """Whether the question asks for all of something (すべて, 一覧, 挙げて)."""
    return any(m.lastgroup == "all" for m in COUNT_ASKED.finditer(nfkc(question)))


@dataclass
class Ask:
    """One question as the composer reads it."""

    question: str
    intent: intent_mod.Intent
    tokens: set[str]
    vector: object
    hits: list[SheetHit]

    @property
    def quals(self) -> list[str]:
        """The question's qualifiers (words that must hold in the quoted line)."""
        return self.intent.qualifiers


class Citations:
    """The citations of one answer: one number per distinct quote (never the same quote twice)."""

    def __init__(self) -> None:
        self.items: list[Citation] = []

    def add(self, sheet: Sheet, quote: str) -> int:
        """The number of the citation quoting `quote` from `sheet`, added when new (a line quoted
        twice is cited once)."""
        for c in self.items:
            if c.sheet_id == sheet.id and norm(c.quote) == norm(quote):
                return c.n
        self.items.append(_cite(sheet, quote, len(self.items) + 1))
        return len(self.items)


class OfflineComposer:
    """Answers from the retrieved sheets' own lines: the answer first, then the quotes it rests on, each
    cited; abstains, saying what the plan does not state, when the sheets do not answer or the
    question's premise is not in them."""

    def __init__(self, index: LineIndex, chunk_vectors=None, expand=None, indicators=None, embed=None):
        """`chunk_vectors(sheet_id)`: [(lines of a chunk, its unit vector)] of the sheet's stored chunks;
        `expand(term)`: the glossary's equivalents of a term (e-scrap → 電子スクラップ); `indicators`:
        the indicator table (assistant/indicators/), `embed(text)` a query vector for its names."""
        self.index = index
        self.expand = expand
        self.chunk_vectors = chunk_vectors
        self.indicators = indicators
        self.embed = embed

    # ---- evidence ----------------------------------------------------------------------------
    def ranked(self, sheet: Sheet, ask: Ask) -> list[Window]:
        """The sheet's windows for the question, best evidence first."""
        chunks = self.chunk_vectors(sheet.id) if self.chunk_vectors is not None and ask.vector is not None else []
        total = sum(self.index.weight(t) for t in ask.tokens)
        q = Query(ask.tokens, ask.intent, dense_scores(chunks, ask.vector), total)
        return rank_windows(self.index, sheet, q)

    def evidence(self, sheet: Sheet, ask: Ask) -> list[Window]:
        """The windows that can stand as evidence: not a title, heading or label alone."""
        return [w for w in self.ranked(sheet, ask) if not says_nothing(w, sheet)]

    def compose(self, question: str, hits: list[SheetHit], expansions: list[str],
                it: intent_mod.Intent | None = None, query_vector=None) -> Composed:
        """The answer to `question` from `hits` (best first), shaped by what it asks (`it`);
        `query_vector` ranks evidence in meaning."""
        it = it or intent_mod.detect(question)
        if not hits:
            return self.abstain([], it.kind)
        ask = Ask(question, it, question_tokens(question, expansions), query_vector, hits)
        if it.kind == "owner_measures" and it.owner is not None:  # the kind is only set with an owner
            return self.owner_measures(it.owner, hits)
        if it.kind == "ministry":
            return self.ministry(ask)
        if it.kind in ("target", "number", "general") and self.indicators is not None:
            # an indicator's target with its latest value or progress: the joined row of both documents
            from assistant.answer.indicator_answer import answer_from_indicators
            from assistant.answer.indicator_answer import asked as asked_of_table

            found = answer_from_indicators(question, hits, self.indicators, self.embed)
            # the table answers the latest value or progress (a target alone is the sheet's own KPI
            # field), in the asked unit when the question asks one (a share is not a count of 自治体)
            if found is not None and (asked_of_table(question) & {"latest", "progress"} or it.evaluation) \
                    and (it.unit is None or not it.unit.names or it.unit.search(found.text, counted=False)):
                return answer_first(found)
        if it.kind == "which_measure" and asked_count(question) is None:
            listed = self.measures(ask)
            if listed is not None:
                return listed
            # no sheet is about the subject as a measure: the items inside the best sheet answer
            # (「Ⅲ-2の国の取組状況の主な取組は？」)
        if it.kind == "summary":
            return self.briefing(ask)
        return self.facts(ask)

    # ---- the premise -------------------------------------------------------------------------
    def holder(self, ask: Ask) -> tuple[SheetHit, list[premise.Specific]]:
        """The first of the best sheets that holds every specific of the question (a body, a law, a
        role, a figure, a ministry it names), else the first sheet and what it lacks."""
        top = ask.hits[0]
        lacking = premise.missing(ask.question, self.index.norm_text(top.sheet.id), self.equivalents, self.index.share_naming)
        if not lacking:
            return top, []
        for h in ask.hits[1:1 + NEIGHBOURS]:
            if h.score >= NEAR_TIE * top.score and not premise.missing(
                    ask.question, self.index.norm_text(h.sheet.id), self.equivalents, self.index.share_naming):
                return h, []
        return top, lacking

    # ---- shapes ------------------------------------------------------------------------------
    def facts(self, ask: Ask) -> Composed:
        """A target, number, schedule or general answer: the best evidence of the sheet that
        holds the asked facts, its answer first."""
        it = ask.intent
        top, lacking = self.holder(ask)
        ranked = self.evidence(top.sheet, ask)
        if not lacking and not self.answers(ranked, ask) and (near := self.answering_neighbour(ask)):
            top, ranked = near
        missing_place = self.missing_places(top.sheet, it)
        if lacking or missing_place or not self.answers(ranked, ask):
            if it.kind == "general" and it.unit is None and not ask.quals and not (lacking or missing_place) \
                    and not it.who and ranked:
                return self.briefing(ask)  # nothing asked beyond the sheet itself: say what it holds
            what = self.not_stated(it, ask.quals, missing_place, lacking)
            return self.abstain(ask.hits, it.kind, what, top, ranked)
        count = asked_count(ask.question)
        if (count and count > 1) or whole_list(ask.question):
            listed = self.enumeration(top.sheet, ranked, count)
            if listed:
                return self.list_answer(top.sheet, listed, it.kind)
        chosen = self.choose(top.sheet, ranked, ask)
        cites = Citations()
        parts = []
        for w in chosen:
            n = cites.add(top.sheet, w.text)
            row = _table_row(top.sheet, w.lines[0]) if len(w.lines) == 1 else None
            parts.append(f"- {row or w.text} [{n}]")
        lead = self.lead(top.sheet, chosen, ask, cites)
        text = f"{lead}\n「{top.sheet.name}」（{top.sheet.section}）より:\n" + "\n".join(dict.fromkeys(parts))
        text += self.other_parts(ask, top, chosen, cites)
        return Composed(text, cites.items, False, it.kind)

    def choose(self, sheet: Sheet, ranked: list[Window], ask: Ask) -> list[Window]:
        """The evidence to quote: the best window, then what the question's shape also wants (the KPI
        field for a target, a dated line for a schedule, the asked number, an assessment)."""
        it = ask.intent
        chosen: list[Window] = [ranked[0]]
        english = not intent_mod.is_japanese(ask.question)

        def add(pred) -> None:
            for w in ranked:
                if pred(w) and not any(overlap(w, c) for c in chosen):
                    if w.overlap > 0 or w.features.get("unit") or w.features.get("date") or english:
                        chosen.append(w)
                    return

        if "target" in it.aspects:
            kpi = self.field_window(sheet, "目指す姿")
            if kpi:  # the KPI field is read whole: it replaces the windows that are parts of it
                inside = {id(ln) for ln in kpi.lines}
                chosen = [c for c in chosen if not {id(ln) for ln in c.lines} <= inside]
                if not any(overlap(kpi, c) for c in chosen):
                    chosen.append(kpi)
        if "schedule" in it.aspects:
            add(lambda w: any(ln.field == "今後の予定" for ln in w.lines) or bool(intent_mod.YEAR.search(w.plain)))
        if it.unit is not None:
            add(lambda w: bool(it.unit.search(w.plain, counted=False)))
        if it.evaluation:
            add(lambda w: intent_mod.gives(w.plain, "evaluation"))
        add(lambda w: True)
        unique: list[Window] = []
        for w in chosen[:MAX_QUOTES]:  # a window inside another quoted one is the same quote twice
            if not any(norm(w.text) in norm(u.text) or norm(u.text) in norm(w.text) for u in unique):
                unique.append(w)
        return sorted(unique, key=lambda w: w.start)

    def lead(self, sheet: Sheet, chosen: list[Window], ask: Ask, cites: Citations) -> str:
        """The answer in one line, from the evidence's own words: the clauses that hold what is asked
        (the figure with its unit, the date), each cited; the measure's name and its best sentence
        when nothing narrower is asked."""
        it = ask.intent
        want = self.asked_value(it)
        pieces: list[str] = []

        def first(w: Window) -> tuple:
            """The field the asked aspect lives in first (the KPI field for a target, the schedule for
            a date), then the better evidence."""
            fields = {ln.field for ln in w.lines}
            home = ("target" in it.aspects and any(f.startswith("目指す姿") for f in fields)
                    or "schedule" in it.aspects and "今後の予定" in fields)
            return (not home, -w.score)

        for w in sorted(chosen, key=first):
            n = cites.add(sheet, w.text)
            for line in w.lines:
                text = _table_row(sheet, line) or line.text
                for clause in clauses(text):
                    if want(clause) and norm(clause) not in {norm(p.split(" [")[0]) for p in pieces}:
                        pieces.append(f"{clause} [{n}]")
            if len(pieces) >= 3:
                break
        label = {"target": "目標", "number": "数値", "schedule": "時期"}.get(it.kind, "回答")
        if not pieces:
            best = chosen[0] if chosen else None
            if best is None:
                return f"「{sheet.name}」"
            n = cites.add(sheet, best.text)
            lead = clauses(_table_row(sheet, best.lines[0]) or best.lines[0].text)
            return f"{label}: {lead[0] if lead else best.text} [{n}]"
        return f"{label}: " + "／".join(pieces[:3])

    def asked_value(self, it: intent_mod.Intent):
        """What a clause must hold to answer: the asked number, a figure for a target, a date for a
        schedule, a named body for who."""
        if it.unit is not None:
            return lambda c: it.unit.search(nfkc(c), counted=False)
        if "schedule" in it.aspects or it.when is not None:
            return lambda c: bool(intent_mod.YEAR.search(nfkc(c)))
        if "target" in it.aspects:
            return has_figure
        if it.who:
            return lambda c: any_named(c) or names_a_body(self.index, c)
        return lambda c: False

    def other_parts(self, ask: Ask, top: SheetHit, chosen: list[Window], cites: Citations) -> str:
        """A question asking two things (the latest value and its assessment) may be answered by two
        neighbouring sections of the same document: the part the first sheet lacks, from there."""
        it = ask.intent
        wants = []
        if it.evaluation:
            wants.append(lambda w: intent_mod.gives(w.plain, "evaluation"))
        if "number" in it.aspects:
            wants.append(lambda w: bool((it.unit or intent_mod.NUMBER).search(w.plain)))
        text = ""
        for want in wants:
            if any(want(w) for w in chosen):
                continue
            for other in ask.hits[1:3]:
                if other.sheet.doc != top.sheet.doc or other.sheet.id == top.sheet.id:
                    continue
                found = [w for w in self.evidence(other.sheet, ask) if want(w)]
                if found and found[0].score > chosen[0].score - 1.0:
                    w = found[0]
                    n = cites.add(other.sheet, w.text)
                    row = _table_row(other.sheet, w.lines[0]) if len(w.lines) == 1 else None
                    text += (f"\n「{other.sheet.name}」（{other.sheet.section}）より:\n"
                             f"- {row or w.text} [{n}]")
                    break
        return text

    def missing_places(self, sheet: Sheet, it) -> list[str]:
        """Places the question pins that the sheet never names. A place most sheets name is the
        documents' own setting (日本, 国内), not a qualifier."""
        return [p for p in it.places if self.readable(p)
                if not self.holds_any(sheet, [p, *self.equivalents(p)]) and self.index.share_naming(p) < 0.5]

    def readable(self, place: str) -> bool:
        """Whether the documents could show the place as the question writes it: they are in Japanese,
        so a place in Latin letters (Basel, Osaka) that no sheet writes so and the glossary cannot
        translate says nothing about a sheet (バーゼル条約 is not missing "Basel")."""
        return not place.isascii() or self.index.share_naming(place) > 0 or bool(self.equivalents(place))

    def equivalents(self, term: str) -> list[str]:
        """The glossary's equivalents of a term (e-scrap → 電子スクラップ)."""
        return self.expand(term) if self.expand else []

    def holds_any(self, sheet: Sheet, terms: list[str]) -> bool:
        """Whether the sheet's text holds one of `terms` (in the matching form)."""
        text = self.index.norm_text(sheet.id)
        return any(norm(t) in text for t in terms)

    @staticmethod
    def not_stated(it, quals, places, lacking=()) -> str:
        """What the question asks or assumes that the sheet does not give, in words (never the asked
        figure, never a ministry's name the sheet does not write)."""
        if lacking:
            return "、".join(s.label() for s in lacking) + "についての記載"
        if places:
            return "、".join(f"「{p}」" for p in places) + "についての記載"
        parts = list(quals)
        if it.unit is not None and it.unit.counted:
            parts.append(f"{it.unit.counted}の数")
        elif it.unit is not None:
            parts.append("金額" if it.unit.names == ("円",) else (f"「{it.unit.names[0]}」で数えた数値" if it.unit.names
                                                                else "数値"))
        elif "schedule" in it.aspects or it.when is not None:
            parts.append("時期")
        elif it.who:
            parts.append("該当する主体・名称")
        return "の".join(parts) + "の記載" if parts else ""

    def answering_neighbour(self, ask: Ask):
        """A sheet ranked nearly as high as the first that holds what the first lacks (Ⅲ-1's latest
        value sits in the section beside its assessment), provided it holds every rare word of the
        question: a budget of another measure is not this measure's budget."""
        top = ask.hits[0]
        # the question's own rare words (not the glossary's expansions of them)
        rare = {t for t in tokenize(ask.question) if self.index.sheet_idf.get(t, 0.0) >= RARE_WORD_IDF}
        for h in ask.hits[1:1 + NEIGHBOURS]:
            if h.sheet.doc != top.sheet.doc or h.score < NEAR_TIE * top.score:
                continue
            if not rare <= self.index.sheet_tokens.get(h.sheet.id, set()):
                continue
            ranked = self.evidence(h.sheet, ask)
            if self.answers(ranked, ask):
                return h, ranked
        return None

    def field_window(self, sheet: Sheet, prefix: str, max_chars: int = 300) -> Window | None:
        """A field's first lines, up to `max_chars`, as one window (a sheet's KPI is read whole)."""
        run: list[Line] = []
        for ln in (ln for ln in self.index.lines.get(sheet.id, []) if ln.field.startswith(prefix)):
            if run and sum(len(x.text) for x in run) + len(ln.text) > max_chars:
                break
            if is_heading(ln.text) and not has_figure(ln.text):
                continue
            run.append(ln)
        return Window(run, 0.1, 0.1) if run else None

    def answers(self, ranked: list[Window], ask: Ask) -> bool:
        """Whether the sheet holds what is asked: some window sharing the question's words carries
        the unit a number question wants together with the question's own anchors (a year, 'per
        panel'); a date when a date is asked of a figure the question gives."""
        it = ask.intent
        if not ranked:
            return False
        sheet = ranked[0].lines[0].sheet
        title = self.index.title_tokens(sheet.name) | self.index.title_tokens(sheet.title)
        named = bool(title) and len(title & ask.tokens) >= max(1, len(title) // 2)
        if max(w.overlap for w in ranked) <= 0 and intent_mod.is_japanese(ask.question) and not named:
            return False  # (an English question shares no words with the sheets: meaning decides; a
            # question naming the sheet by its title is about all of it)
        figures = [s.text for s in premise.specifics(ask.question) if s.kind == "figure"]
        if figures and (it.when is not None or "schedule" in it.aspects):
            # 「4.6兆円は何年度までの目標？」: the line with that figure must give its date
            return any(all(norm(f) in norm(w.plain) for f in figures) and intent_mod.YEAR.search(w.plain)
                       for w in ranked)
        if it.unit is None and not ask.quals:
            return True
        for w in ranked:
            row = len(w.lines) == 1 and "\t" in w.lines[0].text and intent_mod.NUMBER.search(w.plain)
            if (it.unit is None or it.unit.search(w.plain) or row) and all(intent_mod.holds(w.plain, q) for q in ask.quals):
                return True
        return False

    # ---- enumerations --------------------------------------------------------------------------
    def enumeration(self, sheet: Sheet, ranked: list[Window], count: int | None) -> list[Line]:
        """The numbered or bulleted list the question asks for whole (「3つの柱は？」「5点で」): the run
        of items in one field, of the asked length when it says one, nearest the best evidence."""
        lines = self.index.lines.get(sheet.id, [])
        runs: list[list[Line]] = []
        run: list[Line] = []
        gap = 0  # lines since the run's last item: an item's own body lies between its head and the next
        for ln in lines:
            marker = _marker(ln.text)
            if run and (ln.field != run[-1].field or marker and marker != _marker(run[-1].text)
                        or not marker and gap >= ITEM_BODY_LINES):
                runs.append(run)
                run = []
            if marker and (marker != "bullet" or not run or _marker(run[0].text) == "bullet"):
                run.append(ln)
                gap = 0
            elif run and not is_label(ln.text):  # a chart's labels between items are layout
                gap += 1
        if run:
            runs.append(run)
        runs = [r for r in runs if len(r) >= 2 and (count is None or len(r) == count)]
        if not runs:
            return []
        best = {ln.order for w in ranked[:5] for ln in w.lines}
        return min(runs, key=lambda r: (-len({ln.order for ln in r} & best),
                                        min(abs(ln.order - b) for ln in r for b in best or {0})))

    def list_answer(self, sheet: Sheet, items: list[Line], kind: str) -> Composed:
        """An enumeration answered whole: each item quoted and cited, their names first."""
        cites = Citations()
        parts = [f"- {ln.text} [{cites.add(sheet, ln.text)}]" for ln in items]
        names = "／".join(ENUMERATOR.sub("", BULLET.sub("", ln.text)).strip()[:40] for ln in items)
        text = f"{len(items)}点: {names}\n「{sheet.name}」（{sheet.section}）より:\n" + "\n".join(parts)
        return Composed(text, cites.items, False, kind)

    # ---- which measures ------------------------------------------------------------------------
    def measures(self, ask: Ask) -> Composed | None:
        """Every retrieved sheet whose own text is about the asked subject, strongest first, each
        with the line that shows why. "About" is coverage: the share of the question's words,
        weighted by how few sheets use them, that the sheet's text holds; a sheet is listed when its
        coverage comes close to the best sheet's and its retrieval score is not far below the best."""
        hits = ask.hits
        best = hits[0].score
        # the subject: the question's own words but those that frame it (the asked 施策, 対象とする);
        # synonyms count for the word they expand
        subject = question_tokens(ask.question, []) - set(tokenize(" ".join(intent_mod.frame_nouns(ask.question))))
        covered = {h.sheet.id: self.coverage(h.sheet, subject) for h in hits}
        top_cover = max(covered.values(), default=0.0)
        cites = Citations()
        parts, names = [], []
        for h in hits:
            if h.score < MEASURE_SCORE_RATIO * best or covered[h.sheet.id] < MEASURE_COVER_RATIO * top_cover:
                continue
            found = [w for w in self.evidence(h.sheet, ask)
                     if w.overlap > 0 or not intent_mod.is_japanese(ask.question)]
            if not found:
                continue
            quote = found[0].text
            n = cites.add(h.sheet, quote)
            if h.sheet.name in names:
                continue  # a repeated copy of a sheet (【再掲】) is one measure
            names.append(h.sheet.name)
            parts.append(f"- 「{h.sheet.name}」（{h.sheet.section}）: {quote} [{n}]")
        if not parts:
            return None
        lead = f"該当する施策（{len(names)}件）: " + "、".join(f"「{x}」" for x in names)
        return Composed(lead + "\n" + "\n".join(parts), cites.items, False, ask.intent.kind)

    def coverage(self, sheet: Sheet, q_tokens: set[str]) -> float:
        """The share of the question's (IDF-weighted) words that the sheet contains."""
        weights = {t: self.index.sheet_idf.get(t, 0.0) for t in q_tokens}
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        # its own words and title line (a name made from a shared table-of-contents entry names the
        # entry's other subjects too: 「食品ロス削減…、SAFの供給・利用の促進：食品ロス削減推進事業」)
        have = self.index.sheet_tokens.get(sheet.id, set()) | self.index.title_tokens(sheet.heading or sheet.title)
        return sum(w for t, w in weights.items()
                   if t in have or self.holds_any(sheet, self.equivalents(t))) / total

    # ---- briefings -----------------------------------------------------------------------------
    def briefing(self, ask: Ask) -> Composed:
        """The measure in brief, each statement cited: what it is and does, its target, its schedule
        and its owner where the sheet states them (N statements when the question says 「3行で」,
        one when it asks for a word: 「一言で」)."""
        top, lacking = self.holder(ask)
        if lacking:
            return self.abstain(ask.hits, ask.intent.kind, self.not_stated(ask.intent, [], [], lacking), top,
                                self.evidence(top.sheet, ask))
        sheet = top.sheet
        count = asked_count(ask.question) or BRIEFING_POINTS
        ranked = self.evidence(sheet, ask)
        if not ranked:
            return self.abstain(ask.hits, ask.intent.kind)
        cites = Citations()
        statements: list[str] = []
        used: set[str] = set()

        def say(label: str, window: Window | None, want=None) -> None:
            if window is None or len(statements) >= count:
                return
            text = _table_row(sheet, window.lines[0]) or window.text
            found = [c for c in clauses(text, None) if want is None or want(c)]
            key = norm(ENUMERATOR.sub("", found[0])) if found else ""
            if not key or any(key in u or u in key for u in used):
                return  # the same statement again (a heading repeating its item's sentence)
            used.add(key)
            statements.append(f"{label}{found[0]} [{cites.add(sheet, window.text)}]")

        what = next((w for w in ranked if w.lines[0].field in ("事業概要", "概要", "本文") and len(w.text) > 20), ranked[0])
        say("", what)
        if count > 1:
            kpi = next((w for w in ranked if any(ln.field.startswith("目指す姿") for ln in w.lines)
                        and has_figure(w.text)), None)
            say("目標: ", kpi, has_figure)
            plan = next((w for w in ranked if any(ln.field == "今後の予定" for ln in w.lines)
                         and intent_mod.YEAR.search(w.plain)), None)
            say("予定: ", plan, lambda c: bool(intent_mod.YEAR.search(nfkc(c))))
            if sheet.stated and len(statements) < count:
                line = next((ln for ln in self.index.lines.get(sheet.id, [])
                             if any(o in nfkc(ln.text) for o in sheet.stated)), None)
                if line is not None:
                    statements.append(f"所管: {'、'.join(sheet.stated)} [{cites.add(sheet, line.text)}]")
            for w in ranked:  # the rest from the best remaining evidence
                if len(statements) >= count:
                    break
                say("", w)
        head = f"「{sheet.name}」（{sheet.section}）"
        if count == 1:
            return Composed(f"{head}: {statements[0]}", cites.items, False, ask.intent.kind)
        text = f"{head}の要点（{len(statements)}点）:\n" + "\n".join(f"- {s}" for s in statements)
        return Composed(text, cites.items, False, ask.intent.kind)

    # ---- owners --------------------------------------------------------------------------------
    def ministry(self, ask: Ask) -> Composed:
        """Who owns the measure, read from what is asked: the owners the sheet states (bodies that are
        not ministries said so), or that it states none and the ministries it mentions; asked whether
        a named ministry owns it, yes or no first. A ministry's name is written only as the sheet
        writes it: one the sheet never names is "the ministry you asked about"."""
        top, lacking = self.holder(ask)
        sheet = top.sheet
        asked_of = [x for x in lacking if x.kind != "ministry" or premise.ministry_part(ask.question, x.text)]
        if asked_of:  # 「厚労省の担当分は？」 of a measure that never names it: nothing to check, a premise
            return self.abstain(ask.hits, ask.intent.kind, self.not_stated(ask.intent, [], [], asked_of), top,
                                self.evidence(sheet, ask))
        cites = Citations()
        named = intent_mod.named_ministries(ask.question)
        ministries = [o for o in sheet.stated if o in FULL_NAMES]
        bodies = [o for o in sheet.stated if o not in FULL_NAMES]
        owner_lines = [ln for ln in self.index.lines.get(sheet.id, [])
                       if any(o in nfkc(ln.text) for o in sheet.stated)][:2]
        refs = "".join(f"[{cites.add(sheet, ln.text)}]" for ln in owner_lines)
        mentioned = [m for m in sheet.mentioned if m.quote]
        text_plain = norm(sheet.text)
        lines: list[str] = []
        owners = "、".join(ministries + [f"{b}（行政機関ではない団体）" for b in bodies])
        if named:
            if owner_lines and all(n in sheet.stated for n in named):
                more = "。ほかの所管・主体も記載されています" if len(sheet.stated) > len(named) else ""
                lines.append(f"はい。所管・主体: {owners}（「{sheet.name}」のシートに明記{more}） {refs}")
            elif owner_lines:
                lines.append(f"いいえ。所管・主体: {owners}（「{sheet.name}」のシートに明記。ご質問の所管先は"
                             f"含まれていません） {refs}")
            else:
                said = [n for n in named if any(m.name == n for m in mentioned)]
                lines.append(f"所管の記載はありません。「{sheet.name}」のシートは所管を明記していません"
                             + ("（ご質問の所管先はシート中で言及されています）。" if said else
                                "（ご質問の所管先もシート中に見当たりません）。"))
        elif owner_lines:
            lines.append(f"所管: {owners}（「{sheet.name}」のシートに明記） {refs}")
        else:
            # the ministries it names, each as the sheet writes it (a short form only as written)
            written = [m.name for m in mentioned if norm(m.name) in text_plain]
            short = len(mentioned) - len(written)
            named_here = "、".join(written) + (f"ほか略記で{short}機関" if short and written else
                                               f"略記で{short}機関" if short else "")
            lines.append(f"所管の記載なし: 「{sheet.name}」のシートには所管の記載がありません"
                         + (f"（シート中で言及: {named_here}）。" if named_here else "。"))
        if mentioned:
            lines.append("シート中で言及されている機関:" if not owner_lines else "このほかシート中で言及されている機関:")
        for m in mentioned:
            n = cites.add(sheet, m.quote)
            label = m.name if norm(m.name) in text_plain else "略記で言及"
            lines.append(f"- {label}: 「{m.quote}」 [{n}]")
        if not cites.items:
            found = self.evidence(sheet, ask)
            if found:
                lines.append(f"該当シートの記載: {found[0].text} [{cites.add(sheet, found[0].text)}]")
        return Composed("\n".join(lines), cites.items, False, ask.intent.kind)

    def owner_measures(self, owner: str, hits: list[SheetHit], limit: int = 12) -> Composed:
        """The sheets that state `owner` as owner, then those that mention it, each with its line, in
        the documents' order."""
        sheets = list(self.index.sheets.values())  # in the documents' order: the same list however asked
        stated = [s for s in sheets if owner in s.stated]
        # only sheets that write the name out: the answer names it, so every cited sheet must hold it
        mentioned = [s for s in sheets if owner not in s.stated and any(m.name == owner for m in s.mentioned)
                     and norm(owner) in norm(s.text)]
        if not stated and not mentioned:
            return self.abstain(hits, "owner_measures")
        cites = Citations()
        parts: list[str] = []
        names: list[str] = []
        for label, group in (("所管・主体として記載されている施策", stated), ("言及されている施策", mentioned)):
            shown = []
            for sheet in group[:limit]:
                quote = next((m.quote for m in sheet.mentioned if m.name == owner), None) or next(
                    (ln.text for ln in self.index.lines.get(sheet.id, []) if owner in nfkc(ln.text)), None)
                if not quote or sheet.name in names:
                    continue
                names.append(sheet.name)
                shown.append(f"- 「{sheet.name}」（{sheet.section}）: {quote} [{cites.add(sheet, quote)}]")
            if shown:
                parts += [f"{owner}が{label}（{len(shown)}件）:", *shown]
        lead = (f"{owner}を所管として明記した施策: " + "、".join(f"「{s.name}」" for s in stated[:limit])
                if stated else f"{owner}を所管として明記したシートはありません（言及のみ）。")
        return Composed(lead + "\n" + "\n".join(parts), cites.items, False, "owner_measures")

    def abstain(self, hits: list[SheetHit], kind: str, missing: str = "", top: SheetHit | None = None,
                ranked: list[Window] | None = None) -> Composed:
        """No answer: what is not stated, what the closest sheet does say (its best line), and the
        sheets nearest to the question as 参考. The question's premise is never repeated as fact."""
        cites = Citations()
        if top is not None and missing:
            text = f"記載なし: 「{top.sheet.name}」のシートには、{missing}が見当たりません。"
            say = next((w for w in ranked or [] if w.overlap > 0), None)
            if say is not None:
                text += f"\nこのシートの記載: {say.text} [{cites.add(top.sheet, say.text)}]"
            hits = [h for h in hits if h.sheet.id != top.sheet.id]
        else:
            text = "記載なし: 計画文書には、この質問に答える記載が見当たりません。"
        refs = []
        for h in hits[:3 - len(cites.items)]:
            lines = [ln for ln in self.index.lines.get(h.sheet.id, []) if not is_title_like(ln.text, h.sheet)]
            if lines:
                n = cites.add(h.sheet, lines[0].text)
                refs.append(f"- 「{h.sheet.name}」（{h.sheet.section}） [{n}]")
        if refs:
            text += "\n参考（近い内容のシート。回答ではありません）:\n" + "\n".join(refs)
        return Composed(text, cites.items, True, kind)


MARKERS = re.compile(r"(?P<circled>[①-⑳])|(?P<dot>[0-9]{1,2}[.．]\s*\S)|(?P<paren>\([0-9]{1,2}\))|(?P<bullet>[・●○◆◇■□▪•])")


def answer_first(composed: Composed) -> Composed:
    """An indicator answer with its values in the first line: 「name」: target …／latest … [n]."""
    lines = composed.text.split("\n")
    if len(lines) < 2 or not lines[0].endswith(":"):
        return composed
    values = [ln[2:] for ln in lines[1:] if ln.startswith("- ") and "[" in ln][:3]
    lead = f"{lines[0][:-1]}: " + "／".join(values) if values else lines[0]
    return Composed(lead + "\n" + "\n".join(lines), composed.citations, composed.abstained, composed.kind)


def _marker(text: str) -> str | None:
    """The kind of list marker a line starts with (①, 1., (1), ・; also inside an opening bracket:
    ＜①事業形態の高度化＞), or None."""
    opened = text.lstrip().lstrip("<＜〈《【[［")
    m = MARKERS.match(nfkc(opened)) or MARKERS.match(opened)
    return m.lastgroup if m else None


_CLAUSE_SPLIT = re.compile(r"(?<=[。])|(?=\s[・●○])|\s/\s")


def clauses(text: str, limit: int | None = CLAUSE_CHARS) -> list[str]:
    """The sentences of a line (table rows split at their cells), verbatim, each cut at `limit`
    characters (so a first line stays one glance long) when a limit is given."""
    out = []
    for part in _CLAUSE_SPLIT.split(text):
        part = part.strip(" ・●○")
        if len(norm(part)) < 2:
            continue
        out.append(part if limit is None or len(part) <= limit else part[:limit] + "…")
    return out
