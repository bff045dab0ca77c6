"""The offline composer: answers built only from the retrieved sheets' own lines, shaped by what the query
stage read the question to ask (assistant/query/). Each part of a question is answered from its own
sheets, its answer first (the figure, the date, the owner, the measures by name, yes or no to a check, the
measure in brief), then the cited evidence; a question of several parts gives each part's answer, marked
①②…, side by side on the first line (a comparison's values read together), before the evidence. Every
statement is cited; a part abstains, saying what is not stated, when its sheets do not answer it
(assistant/answer/decline.py).

The shapes live in their own modules: facts (a target, figure, date or other fact), lists (measures, a
ministry's measures, enumerations), summary (a briefing), owner (who is in charge), checks (a claim
checked against the plan), decline (the premise and abstaining); evidence ranking is evidence.py."""
from __future__ import annotations

import re
from dataclasses import replace
from functools import partial
from itertools import takewhile

from assistant.answer import checks, decline, facts, lists, owner, summary, tables
from assistant.answer.ask import Ask, need_of
from assistant.answer.citations import MARKER, field_of
from assistant.answer.evidence import (
    LineIndex,
    Query,
    Window,
    dense_scores,
    question_tokens,
    rank_windows,
    says_nothing,
)
from assistant.answer.indicator_answer import (
    KEPT_BY_SLOT,
    TABLE_NOUN,
    part_indicators,
    part_named,
    part_written,
)
from assistant.indicators.extract import COLUMNS
from assistant.models import Citation, Composed, Retrieval, Sheet
from assistant.models.request import DOCUMENT_WORDS, Request
from assistant.query.conversation import among, narrows
from assistant.text.japanese import tokenize
from assistant.text.japanese import words as words_of
from assistant.text.normalize import norm

# circled numbers that head each part's answer when a question asks several things
PART_MARKS = "①②③④⑤⑥⑦⑧⑨"
INTERROGATIVE = "何"  # the interrogative numeral a counter is asked after (何港, 何件)
LISTING_SLOTS = ("measures", "items", "describe", "summary")  # the slots a list of a table's rows answers
TABLE_HITS = 3  # the best sheets whose tables may name the rows a question names


def cite(sheet: Sheet, quote: str, n: int) -> Citation:
    """A citation of `quote` from `sheet`, numbered `n`."""
    return Citation(n, sheet.id, sheet.doc, sheet.title, sheet.section, sheet.page_of(quote), field_of(quote, sheet),
                    quote)


class Citations:
    """The citations of one answer: one number per distinct quote (never the same quote twice)."""

    def __init__(self) -> None:
        self.items: list[Citation] = []

    def add(self, sheet: Sheet, quote: str) -> int:
        """The number of the citation quoting `quote` from `sheet`, added when new."""
        for c in self.items:
            if c.sheet_id == sheet.id and norm(c.quote) == norm(quote):
                return c.n
        self.items.append(cite(sheet, quote, len(self.items) + 1))
        return len(self.items)


class OfflineComposer:
    """Answers from the retrieved sheets' own lines (see the module docstring)."""

    def __init__(self, index: LineIndex, chunk_vectors=None, expand=None, indicators=None, embed=None, decline=None,
                 variants=None):
        """`chunk_vectors(sheet_id)`: [(lines of a chunk, its unit vector)] of the sheet's stored chunks;
        `expand(term)`: the glossary's equivalents of a term (e-scrap → 電子スクラップ); `indicators`: the
        indicator table (assistant/indicators/), `embed(text)` a query vector for its names; `decline` the
        fitted decline model (assistant/answer/decline.py); `variants(term)` the term whole in the documents'
        words (a glossary term inside it replaced by its equivalents: what a named thing is held as)."""
        self.index = index
        self._variants = variants
        self.decline = decline
        self.expand = expand
        self.chunk_vectors = chunk_vectors
        self.indicators = indicators
        self.embed = embed

    # ---- evidence ----------------------------------------------------------------------------------
    def ranked(self, sheet: Sheet, ask: Ask) -> list[Window]:
        """The sheet's windows for the part, best evidence first."""
        chunks = self.chunk_vectors(sheet.id) if self.chunk_vectors is not None and ask.vector is not None else []
        total = self.index.weight_of(ask.tokens)
        q = Query(ask.tokens, ask.need, dense_scores(chunks, ask.vector), total)
        return rank_windows(self.index, sheet, q)

    def evidence(self, sheet: Sheet, ask: Ask) -> list[Window]:
        """The windows that can stand as evidence: not a title, heading or label alone."""
        return [w for w in self.ranked(sheet, ask) if not says_nothing(w, sheet)]

    def equivalents(self, term: str) -> list[str]:
        """The glossary's equivalents of a term (e-scrap → 電子スクラップ)."""
        return self.expand(term) if self.expand else []

    def variants(self, term: str) -> list[str]:
        """The term whole as a sheet might write it (assistant/text/glossary.py Glossary.variants)."""
        return self._variants(term) if self._variants else []

    def holds_any(self, sheet: Sheet, terms: list[str]) -> bool:
        """Whether the sheet's text holds one of `terms` (in the matching form)."""
        text = self.index.norm_text(sheet.id)
        return any(norm(t) in text for t in terms)

    # ---- a request ------------------------------------------------------------------------------------
    def compose(self, request: Request, retrievals: list[Retrieval], query_vector=None, words: str = "",
                listed: list[str] | None = None, topic: Request | None = None) -> Composed:
        """The answer to `request` from each part's sheets (`retrievals`, one per part, best first);
        `query_vector` ranks evidence in meaning; `words` are extra words to rank evidence by (a follow-up's
        topic question); `listed` the sheets an earlier answer listed, when the question narrows them;
        `topic` the request a follow-up continues."""
        parts = request.parts
        if len(parts) > 1 and self.indicators is not None and len({p.subject for p in parts}) == 1 and retrievals \
                and not any(p.document for p in parts):
            # several of an indicator's values asked together (its target and latest value): one table row
            ask = self.ask(request, parts[0], retrievals[0], query_vector, words, listed or [])
            found = facts.from_indicators(self, ask, {p.slot for p in parts})
            if found is not None:
                return found
        if topic is not None and len(parts) == 1 and (kept := self.indicators_kept(request, topic)) is not None:
            return kept
        if topic is not None and len(parts) == 1 and retrievals and request.conversation.relation != "new":
            # 「その中で会員数の最多はどこ？」 after a table's rows were listed: a table of the best sheets
            ranked = next((r for h in retrievals[0].hits[:TABLE_HITS]
                           if (r := tables.ranked_rows(self, h.sheet, request.question, topic.question)) is not None),
                          None)
            if ranked is not None:
                return ranked
        answers = []
        for part, retrieval in zip(request.parts, retrievals, strict=False):
            ask = self.ask(request, part, retrieval, query_vector, words, listed or [])
            answers.append(self.answer(ask))
        if len(answers) == 1:
            return answers[0]
        # a comparison of the documents names each part's document before its answer
        return merge(answers, [DOCUMENT_WORDS[p.document] if p.document else "" for p in request.parts])

    def counts(self, unit: str, nouns: bool) -> bool:
        """Whether a unit asks a number: a counter by the dictionary (件, か国, 隻), one the documents write
        after a numeral (港, 人), or, asked after 何 (`nouns`), any word the dictionary reads apart from it
        (何社, 何式; not the suffix of 何系). The one character before 数 (隻数, 人数, 複数) is read with
        `nouns` off: 複 is a noun, and no count."""
        read = words_of(INTERROGATIVE + unit)
        pos = read[-1][1] if read else ("", "", "")
        return (nouns and pos[0] != "接尾辞") or pos[2] in ("助数詞", "助数詞可能") or self.index.counts_in(unit)

    def indicator_part(self, subject: str) -> str | None:
        """The part of the indicator table a subject names, by its title or its own name (Ⅲ-2)."""
        if self.indicators is None:
            return None
        return part_named(subject, self.indicators, self.index.sheets.values(), self.index.weight) \
            or part_written(subject, self.indicators)

    def indicators_kept(self, request: Request, topic: Request) -> Composed | None:
        """A follow-up asking a value (a target, a latest value) of nothing new after a part's indicators
        were listed (「この中で目標値の載っている指標は？」): those of them the table gives that value for."""
        part, asked = topic.parts[0] if topic.parts else None, request.parts[0]
        if part is None or TABLE_NOUN not in part.label or asked.subject or self.indicators is None \
                or request.conversation.relation == "new":
            return None
        # the column the question names by its header's words (数値目標, 最新値), else the one its slot asks
        toks = set(tokenize(request.question))
        named_columns = [f for f, header in COLUMNS if f in KEPT_BY_SLOT.values() and set(tokenize(header)) <= toks]
        having = named_columns[0] if len(named_columns) == 1 else KEPT_BY_SLOT.get(asked.slot)
        named = self.indicator_part(part.subject)
        return part_indicators(named, self.indicators, having, len(named_columns) == 1) \
            if named is not None and having else None

    def ask(self, request: Request, part, retrieval: Retrieval, vector, words: str, listed: list[str]) -> Ask:
        """The composer's view of one part."""
        if part.counter and not self.counts(part.counter, nouns=True):
            # 「何系？」 asks which kinds, not how many: a suffix after 何 that the documents never count in
            part = replace(part, counter=None, slot="describe" if part.slot == "figure" else part.slot)
        if part.counted and len(part.counted) == 1 and not self.counts(part.counted, nouns=False):
            part = replace(part, counted=None)  # 複数 is no number of 複 (人数 is one of 人: 3人 is written)
        text = f"{part.query or request.question} {words}".strip()
        return Ask(text, part.subject, need_of(part, request), question_tokens(text, retrieval.expansions), vector,
                   list(retrieval.hits), part, request, request.framing.count,
                   [c for c in request.claims], listed, retrieval.closeness)

    def answer(self, ask: Ask) -> Composed:
        """One part's answer, in the shape it asks for."""
        need = ask.need
        if not ask.hits:
            return decline.abstain(self, [], need.kind)
        # the number the best sheet's table gives the rows named (「○○協議会の会員数、表では？」): only its own (a
        # measure's sheet that states its own count is answered from its lines, not from a table elsewhere)
        values = None if ask.request.yes_no else tables.row_values(self, ask.hits[0].sheet,
                                                                   ask.part.query or ask.request.question)
        if values is not None:
            return values
        if ask.part.slot in LISTING_SLOTS and not ask.request.yes_no \
                and (rows := tables.group_rows(self, ask.hits[0].sheet, ask.request.question)) is not None:
            return rows  # the rows of a table's group the question names (「表のプラスチックのもの」)
        if ask.listed and need.kind == "ministry" and lists.narrowing_ministries(ask):
            # 「そのうち△△省のは？」: the listed measures that ministry owns, not a check of one's owner (when
            # none names it, the question is answered as an owner question of the topic)
            narrowed = lists.measures(self, ask)
            if narrowed is not None:
                return narrowed
        if not ask.listed and ask.request.conversation.relation in ("follow", "narrow") \
                and ask.request.conversation.listing and (
                among(ask.request.tokens) or need.kind == "which_measure" and narrows(ask.request.tokens)
                or need.kind == "ministry" and not ask.request.yes_no
                and lists.narrowing_ministries(ask)):
            # 「そのうち…のは？」「経産省の分は？」, or a list asked with a pronoun of choice (「…が入ってるのはどれ」),
            # after a list drawn from one sheet: the lines of it that fit
            narrowed = lists.narrowed_lines(self, ask)
            if narrowed is not None:
                return narrowed
        if ask.claims:
            checked = checks.check(self, ask)
            if checked is not None:
                return checked
        if ask.listed and need.kind not in ("which_measure", "owner_measures"):
            narrowed = lists.narrowed_by_slot(self, ask)
            if narrowed is not None:
                return narrowed
        if TABLE_NOUN in ask.part.label and (part := self.indicator_part(ask.part.subject)) is not None:
            listed = part_indicators(part, self.indicators) if self.indicators is not None else None
            if listed is not None:  # the indicators of a field of the 点検 or a section of the 施策集
                return listed
        if need.kind == "owner_measures" and need.owner is not None:
            return lists.owner_measures(self, need.owner, ask.hits)
        if need.kind == "ministry":
            return owner.ministry(self, ask)
        if need.kind in ("target", "number", "general") and self.indicators is not None \
                and ask.part.document != "measure":
            # (the table joins the 施策集 indicators to the 点検 rows: a part asked of the 施策集 answers from its
            # sheets)
            found = facts.from_indicators(self, ask)
            if found is not None:
                return found
        if need.kind == "which_measure":
            listed = lists.measures(self, ask)
            if listed is not None:
                return listed
        if need.kind == "summary" or (ask.part.slot == "reason" and ask.count):
            return summary.briefing(self, ask)
        return facts.facts(self, ask)


def _renumber(numbers: dict[int, int], m: re.Match[str]) -> str:
    return f"[{numbers.get(int(m.group(1)), int(m.group(1)))}]"


def _quoted_in(line: str, shown: set[str]) -> bool:
    """Whether an evidence line (「- quote [n]」) quotes only what a line already shown quotes (a window of a
    sheet inside another part's window of it)."""
    if not line.startswith("- "):
        return False
    said = norm(MARKER.sub("", line[2:]))
    return bool(said) and any(said in norm(MARKER.sub("", s)) for s in shown if s.startswith("- "))


def _new_lines(lines: list[str], shown: list[str]) -> list[str]:
    """A part's evidence lines less those an earlier part already shows (two parts answered from one sheet
    quote it once): a repeated line is dropped, and a sheet's heading (「…」より:) with nothing new under it."""
    out: list[str] = []
    heading = None
    seen = set(shown)
    for line in lines:
        if not line.strip() or line in seen or _quoted_in(line, seen):
            continue
        if line.endswith("より:"):
            heading = line  # written only if a new line follows it
            continue
        if heading is not None:
            out.append(heading)
            heading = None
        out.append(line)
        seen.add(line)
    return out


def merge(answers: list[Composed], names: list[str] | None = None) -> Composed:
    """Several parts' answers as one: each part's first line, marked ①②… (and headed by `names`, the
    document each part is answered from, when given), side by side on one line, then each part's evidence;
    citations renumbered across the parts (a quote cited by two parts keeps one number)."""
    cites: list[Citation] = []
    firsts: list[str] = []
    bodies: list[str] = []
    for i, a in enumerate(answers):
        numbers: dict[int, int] = {}
        for c in a.citations:
            # a quote an earlier part cites, or a part of one it cites, keeps that citation's number
            same = next((x for x in cites if x.sheet_id == c.sheet_id and norm(c.quote) in norm(x.quote)), None)
            if same is None:
                same = Citation(len(cites) + 1, c.sheet_id, c.doc, c.title, c.section, c.page, c.field, c.quote)
                cites.append(same)
            numbers[c.n] = same.n
        text = MARKER.sub(partial(_renumber, numbers), a.text)
        lines = text.split("\n")
        mark = PART_MARKS[i] if i < len(PART_MARKS) else f"({i + 1})"
        name = names[i] if names and i < len(names) else ""
        lead, body = lines[0], lines[1:]
        items = list(takewhile(lambda line: line.startswith("- "), body))
        if lead.rstrip().endswith((":", "：")) and items:
            # a part answered as a list under a heading (a sheet's points) says its items on the first line
            # too: the heading alone answers nothing there; the evidence keeps the heading over its items
            lead, body = f"{lead} {'／'.join(item[2:] for item in items)}", lines
        firsts.append(f"{mark} {name + '：' if name else ''}{lead}")
        bodies += _new_lines(body, bodies)
    text = "\n".join(["　".join(firsts)] + bodies)
    abstained = all(a.abstained for a in answers)
    return Composed(text, cites, abstained, answers[0].kind)
