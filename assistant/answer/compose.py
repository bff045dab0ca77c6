"""The offline composer: answers built only from the retrieved sheets' own lines, shaped by what the
question asks, every statement cited, and an explicit abstention when the sheets do not answer.
Evidence (lines, windows, their scores) is assistant/answer/evidence.py."""
from __future__ import annotations

import math
import re
from contextvars import ContextVar
from dataclasses import dataclass

from assistant.answer import intent as intent_mod
from assistant.answer.citations import Citation, field_of
from assistant.answer.evidence import (
    Line,
    LineIndex,
    Window,
    dense_bonus,
    display,
    overlap,
    question_tokens,
    score_window,
    windows,
)
from assistant.models import Sheet
from assistant.retrieve.hybrid import SheetHit
from assistant.text.japanese import tokenize
from assistant.text.normalize import nfkc, norm


@dataclass
class Composed:
    text: str
    citations: list[Citation]
    abstained: bool
    kind: str


# A neighbour answers for the first sheet only when retrieval nearly ties them (NEAR_TIE of its score),
# among the next NEIGHBOURS, and it holds the question's words that at most 1 in 10 sheets use.
NEAR_TIE = 0.8
NEIGHBOURS = 2
RARE_WORD_IDF = math.log(10)
# which-measure lists: a sheet is listed when its retrieval score is within MEASURE_SCORE_RATIO of the
# best one and it covers the question's subject nearly as well as the best-covering sheet
MEASURE_SCORE_RATIO = 0.5
MEASURE_COVER_RATIO = 0.8


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
    names = [re.sub(r"\s*[(（].*", "", c.strip()) or c.strip() for c in header.split("\t")]
    parts = [f"{n}: {c}" for n, c in zip(names, cells) if c and c not in ("—", "-")]
    return " / ".join(parts)


_QUERY_VECTOR: ContextVar = ContextVar("query_vector", default=None)


class OfflineComposer:
    def __init__(self, index: LineIndex, chunk_vectors=None, expand=None):
        """`chunk_vectors(sheet_id)`: [(lines of a chunk, its unit vector)] of the sheet's stored chunks;
        `expand(term)`: the glossary's equivalents of a term (e-scrap → 電子スクラップ)."""
        self.index = index
        self.expand = expand
        self.chunk_vectors = chunk_vectors

    def ranked(self, sheet: Sheet, q_tokens: set[str], it, quals) -> list[Window]:
        found = windows(self.index.lines.get(sheet.id, []))
        vector = _QUERY_VECTOR.get()
        chunks = self.chunk_vectors(sheet.id) if self.chunk_vectors is not None and vector is not None else []
        bonus = dense_bonus(chunks, vector)
        for w in found:
            w.score = score_window(self.index, w, q_tokens, it, quals, sheet.title)
            w.score += bonus.get(w.lines[0].text, 0.0)
        found.sort(key=lambda w: -w.score)
        return found

    def best_lines(self, hit: SheetHit, q_tokens: set[str], it, quals, k: int) -> list[tuple[float, Line]]:
        return [(w.score, w.lines[0]) for w in self.ranked(hit.sheet, q_tokens, it, quals)
                if len(w.lines) == 1][:k]

    def compose(self, question: str, hits: list[SheetHit], expansions: list[str],
                it: intent_mod.Intent | None = None, query_vector=None) -> Composed:
        it = it or intent_mod.detect(question)
        _QUERY_VECTOR.set(query_vector)  # per thread: the app composes for several users at once
        if not hits:
            return self.abstain([], it.kind)
        q_tokens = question_tokens(question, expansions)
        quals = it.qualifiers
        if it.kind == "owner_measures":
            return self.owner_measures(it.owner, hits)
        if it.kind == "ministry":
            return self.ministry(hits[0], q_tokens, it, quals)
        if it.kind == "which_measure":
            return self.measures(question, hits, q_tokens, it, quals)
        if it.kind == "summary":
            return self.summary(hits[0], q_tokens, it, quals)
        return self.facts(hits, q_tokens, it, quals)

    # ---- shapes ------------------------------------------------------------------------------
    def facts(self, hits, q_tokens, it, quals) -> Composed:
        top = hits[0]
        ranked = self.ranked(top.sheet, q_tokens, it, quals)
        if not self.answers(ranked, it, quals) and (near := self.answering_neighbour(hits, q_tokens, it, quals)):
            top, ranked = near
        missing_place = self.missing_places(top.sheet, it)
        if missing_place or not self.answers(ranked, it, quals):
            if it.kind == "general" and it.unit is None and not quals and not missing_place and top.chunks:
                # nothing asked beyond the sheet itself (its title, its section): say what it holds
                return self.summary(top, q_tokens, it, quals)
            return self.abstain(hits, it.kind, self.not_stated(it, quals, missing_place), top, ranked)
        chosen: list[Window] = [ranked[0]]

        def add(pred) -> None:
            for w in ranked:
                if pred(w) and not any(overlap(w, c) for c in chosen):
                    if w.score > 0:
                        chosen.append(w)
                    return

        if "target" in it.aspects:
            kpi = self.field_window(top.sheet, "目指す姿")
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
            add(lambda w: bool(intent_mod.EVALUATION.search(w.plain)))
        add(lambda w: True)
        chosen = sorted(chosen[:4], key=lambda w: w.start)
        cites, parts = [], []
        for w in chosen:
            cites.append(_cite(top.sheet, w.text, len(cites) + 1))
            row = _table_row(top.sheet, w.lines[0]) if len(w.lines) == 1 else None
            parts.append(f"- {row or w.text} [{len(cites)}]")
        text = f"「{top.sheet.name}」（{top.sheet.section}）によると:\n" + "\n".join(parts)
        text += self.other_parts(hits, top, chosen, cites, q_tokens, it, quals)
        return Composed(text, cites, False, it.kind)

    def other_parts(self, hits, top, chosen, cites, q_tokens, it, quals) -> str:
        """A question asking two things (the latest value and its assessment) may be answered by two
        neighbouring sections of the same document: the part the first sheet lacks, from there (its
        citations are appended to `cites`)."""
        wants = []
        if it.evaluation:
            wants.append(lambda w: bool(intent_mod.EVALUATION.search(w.plain)))
        if "number" in it.aspects:
            wants.append(lambda w: bool((it.unit or intent_mod.NUMBER).search(w.plain)))
        text = ""
        for want in wants:
            if any(want(w) for w in chosen):
                continue
            for other in hits[1:3]:
                if other.sheet.doc != top.sheet.doc:
                    continue
                found = [w for w in self.ranked(other.sheet, q_tokens, it, quals) if want(w)]
                if found and found[0].score > 0.5 * chosen[0].score:
                    w = found[0]
                    cites.append(_cite(other.sheet, w.text, len(cites) + 1))
                    row = _table_row(other.sheet, w.lines[0]) if len(w.lines) == 1 else None
                    text += (f"\n「{other.sheet.name}」（{other.sheet.section}）によると:\n"
                             f"- {row or w.text} [{len(cites)}]")
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
    def not_stated(it, quals, places) -> str:
        """What the question asks that the sheet does not give, in words (never the asked figure)."""
        if places:
            return "、".join(f"「{p}」" for p in places) + "についての記載"
        parts = list(quals)
        if it.unit is not None and it.unit.counted:
            parts.append(f"{it.unit.counted}の数")
        elif it.unit is not None:
            parts.append("金額" if it.unit.names == ("円",) else (f"「{it.unit.names[0]}」で数えた数値" if it.unit.names
                                                                else "数値"))
        elif "schedule" in it.aspects:
            parts.append("時期")
        return "の".join(parts) + "の記載" if parts else ""

    def answering_neighbour(self, hits, q_tokens, it, quals):
        """A sheet ranked nearly as high as the first that holds what the first lacks (Ⅲ-1's latest
        value sits in the section beside its assessment), provided it holds every rare word of the
        question: a budget of another measure is not this measure's budget."""
        top = hits[0]
        rare = {t for t in q_tokens if self.index.sheet_idf.get(t, 0.0) >= RARE_WORD_IDF}
        for h in hits[1:1 + NEIGHBOURS]:
            if h.sheet.doc != top.sheet.doc or h.score < NEAR_TIE * top.score:
                continue
            if not rare <= self.index.sheet_tokens.get(h.sheet.id, set()):
                continue
            ranked = self.ranked(h.sheet, q_tokens, it, quals)
            if self.answers(ranked, it, quals):
                return h, ranked
        return None

    def field_window(self, sheet: Sheet, prefix: str, max_chars: int = 300) -> Window | None:
        """A field's first lines, up to `max_chars`, as one window (a sheet's KPI is read whole)."""
        run: list[Line] = []
        for ln in (ln for ln in self.index.lines.get(sheet.id, []) if ln.field.startswith(prefix)):
            if run and sum(len(x.text) for x in run) + len(ln.text) > max_chars:
                break
            run.append(ln)
        return Window(run, 0.1) if run else None

    def answers(self, ranked: list[Window], it, quals) -> bool:
        """Whether the sheet holds what is asked: some window with a positive score carries the unit
        a number question wants together with the question's own anchors (a year, 'per panel')."""
        if not ranked or ranked[0].score <= 0:
            return False
        if it.unit is None and not quals:
            return True
        for w in ranked[:40]:
            row = len(w.lines) == 1 and "\t" in w.lines[0].text and intent_mod.NUMBER.search(w.plain)
            if (it.unit is None or it.unit.search(w.plain) or row) and all(intent_mod.holds(w.plain, q) for q in quals):
                return True
        return False

    def measures(self, question, hits, q_tokens, it, quals) -> Composed:
        """Every retrieved sheet whose own text is about the asked subject, strongest first, each
        with the line that shows why. "About" is coverage: the share of the question's words,
        weighted by how few sheets use them, that the sheet's text holds; a sheet is listed when its
        coverage comes close to the best sheet's and its retrieval score is not far below the best."""
        best = hits[0].score
        # the subject: the question's own words but those that frame it (the asked 施策, 対象とする);
        # synonyms count for the word they expand
        subject = question_tokens(question, []) - set(tokenize(" ".join(intent_mod.frame_nouns(question))))
        covered = {h.sheet.id: self.coverage(h.sheet, subject) for h in hits}
        top_cover = max(covered.values(), default=0.0)
        cites, parts = [], []
        for h in hits:
            if h.score < MEASURE_SCORE_RATIO * best or covered[h.sheet.id] < MEASURE_COVER_RATIO * top_cover:
                continue
            lines = self.best_lines(h, q_tokens, it, quals, 1)
            if not lines or lines[0][0] <= 0:
                continue
            quote = display(lines[0][1].text)
            cites.append(_cite(h.sheet, quote, len(cites) + 1))
            parts.append(f"- 「{h.sheet.name}」（{h.sheet.section}）: {quote} [{len(cites)}]")
        if not parts:
            return self.abstain(hits, it.kind)
        return Composed("該当する施策:\n" + "\n".join(parts), cites, False, it.kind)

    def coverage(self, sheet: Sheet, q_tokens: set[str]) -> float:
        weights = {t: self.index.sheet_idf.get(t, 0.0) for t in q_tokens}
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        have = self.index.sheet_tokens.get(sheet.id, set()) | self.index.title_tokens(sheet.title)
        return sum(w for t, w in weights.items()
                   if t in have or self.holds_any(sheet, self.equivalents(t))) / total

    def summary(self, hit, q_tokens, it, quals) -> Composed:
        lines = [ln for ln in self.index.lines.get(hit.sheet.id, []) if len(ln.text) >= 12]
        scored = sorted(((score_window(self.index, Window([ln]), q_tokens, it, quals, hit.sheet.title)
                          + min(len(ln.text), 80) / 80, ln) for ln in lines), key=lambda x: -x[0])[:6]
        chosen = sorted((ln for _, ln in scored), key=lambda ln: ln.order)
        if not chosen:
            return self.abstain([hit], it.kind)
        cites, parts = [], []
        for ln in chosen:
            quote = display(ln.text)
            cites.append(_cite(hit.sheet, quote, len(cites) + 1))
            parts.append(f"- {quote} [{len(cites)}]")
        head = f"「{hit.sheet.name}」（{hit.sheet.section}）の要点:"
        return Composed(head + "\n" + "\n".join(parts), cites, False, it.kind)

    def ministry(self, hit, q_tokens, it, quals) -> Composed:
        """Stated owners when the sheet names them; otherwise say so, and list the ministries the
        sheet mentions, each with its sentence. A name is shown only as the sheet writes it."""
        sheet = hit.sheet
        cites: list[Citation] = []
        parts: list[str] = []

        def cite(quote: str) -> int:
            for c in cites:
                if c.quote == quote:
                    return c.n
            cites.append(_cite(sheet, quote, len(cites) + 1))
            return len(cites)

        owner_lines = [ln for ln in self.index.lines.get(sheet.id, [])
                       if any(o in nfkc(ln.text) for o in sheet.stated)][:2]
        if owner_lines:
            refs = "".join(f"[{cite(display(ln.text))}]" for ln in owner_lines)
            parts.append(f"「{sheet.name}」のシートに記載の所管・主体: {'、'.join(sheet.stated)} {refs}")
        else:
            parts.append(f"「{sheet.name}」のシートには所管の記載がありません。")
        if sheet.mentioned:
            parts.append("シート中で言及されている機関:" if not owner_lines else "このほかシート中で言及されている機関:")
        text_plain = norm(sheet.text)
        for m in sheet.mentioned:
            if not m.quote:
                continue
            n = cite(m.quote)
            label = m.name if norm(m.name) in text_plain else "略記で言及"
            parts.append(f"- {label}: 「{m.quote}」 [{n}]")
        if not cites:
            lines = self.best_lines(hit, q_tokens, it, quals, 1)
            if lines and lines[0][0] > 0:
                parts.append(f"該当シートの記載: {display(lines[0][1].text)} [{cite(display(lines[0][1].text))}]")
        return Composed("\n".join(parts), cites, False, it.kind)

    def owner_measures(self, owner: str, hits: list[SheetHit], limit: int = 12) -> Composed:
        """The sheets that state `owner` as owner, then those that mention it, each with its line;
        in retrieval order where the question also names a topic."""
        rank = {h.sheet.id: i for i, h in enumerate(hits)}
        sheets = sorted(self.index.sheets.values(), key=lambda s: rank.get(s.id, len(rank)))
        stated = [s for s in sheets if owner in s.stated]
        # only sheets that write the name out: the answer names it, so every cited sheet must hold it
        mentioned = [s for s in sheets if owner not in s.stated and any(m.name == owner for m in s.mentioned)
                     and norm(owner) in norm(s.text)]
        if not stated and not mentioned:
            return self.abstain(hits, "owner_measures")
        cites: list[Citation] = []
        parts: list[str] = []
        for label, group in (("所管・主体として記載されている施策", stated), ("言及されている施策", mentioned)):
            if not group:
                continue
            parts.append(f"{owner}が{label}:")
            for sheet in group[:limit]:
                quote = next((m.quote for m in sheet.mentioned if m.name == owner), None) or next(
                    (display(ln.text) for ln in self.index.lines.get(sheet.id, [])
                     if owner in nfkc(ln.text)), None)
                if not quote:
                    continue
                cites.append(_cite(sheet, quote, len(cites) + 1))
                parts.append(f"- 「{sheet.name}」（{sheet.section}）: {quote} [{len(cites)}]")
        if not stated:
            parts.insert(0, f"{owner}を所管として明記したシートはありません。")
        return Composed("\n".join(parts), cites, False, "owner_measures")

    def abstain(self, hits: list[SheetHit], kind: str, missing: str = "", top: SheetHit | None = None,
                ranked: list[Window] | None = None) -> Composed:
        """No answer: what is not stated, what the closest sheet does say (its best line), and the
        sheets nearest to the question. The question's premise is never repeated as fact."""
        cites: list[Citation] = []
        if top is not None and missing:
            text = f"「{top.sheet.name}」のシートには、{missing}が見当たりません。"
            say = next((w for w in ranked or [] if w.score > 0), None)
            if say is not None:
                cites.append(_cite(top.sheet, say.text, 1))
                text += f"\nこのシートの記載: {say.text} [1]"
            hits = [h for h in hits if h.sheet.id != top.sheet.id]
        else:
            text = "計画文書には、この質問に答える記載が見当たりません。"
        if hits:
            refs = []
            for h in hits[:3 - len(cites)]:
                lines = self.index.lines.get(h.sheet.id, [])
                if lines:
                    quote = display(lines[0].text)
                    cites.append(_cite(h.sheet, quote, len(cites) + 1))
                    refs.append(f"- 「{h.sheet.name}」（{h.sheet.section}） [{len(cites)}]")
            if refs:
                text += "\n参考（近い内容のシート）:\n" + "\n".join(refs)
        return Composed(text, cites, True, kind)
