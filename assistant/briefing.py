"""The briefing: answers of a conversation as a document staff can hand on, in Markdown and as an A4
Word document (.docx) with list styles, a title and the date in Japan time. The web UI's export button
and `python -m assistant briefing` both go through `write_briefing` (the CLI prints `to_markdown` when
it is given no file), so the two give the same briefing for the same conversation.

``turns`` is the conversation: ``{"question": str, "answer": Answer.to_json()}`` items in the order they
were asked (the UI's chat state; a turn holding an ``"error"`` instead is left out). Each entry keeps
its answer's own lines; the briefing adds what a reader without the chat needs:

* every source line names its document (the registry's kind as staff call it, 施策集 / 点検資料, else its
  title), the sheet, the section and the page;
* a follow-up says what it was read as (the answer's ``topic``, ``topic_question``, ``carried``);
* nothing is said twice: a source keeps one number across the briefing and is listed once, under the
  first answer citing it (under its line holding the quote word for word, whose source line then does
  not write the quote out again); later answers refer to it. A statement the briefing already makes
  (the same line, or an evidence line whose words are a quote listed under an earlier question) is
  referred to, not repeated.

Text from users and documents is HTML-escaped in the Markdown (a viewer that renders HTML in Markdown
shows it as text); the .docx holds plain text and needs no escaping."""
from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from assistant.answer.citations import MARKER
from assistant.errors import AssistantError
from assistant.models import Sheet
from assistant.text import japan_time
from assistant.text.normalize import norm

TITLE = "循環経済行動計画 Q&A ブリーフィング"
AUTHOR = "循環経済行動計画 Q&A"
ABSTAINED = "文書に該当する記載が見つからなかったため、回答を控えました。"
HELD = "引用は上の行のとおり"
# What staff call a document of a registry kind (docs_source/registry.yaml; for a PDF, its layout hint).
KIND_NAMES = {"measures": "施策集", "inspection": "点検資料"}
# What a follow-up asked, as its reading note names it (the answer's `aspect`).
ASPECT_NAMES = {"ministry": "所管", "summary": "要点", "schedule": "時期", "target": "目標", "number": "数値",
                "which_measure": "該当する施策", "owner_measures": "所管する施策", "indicator": "指標の値"}


@dataclass(frozen=True)
class DocumentName:
    short: str  # how source lines name it: 施策集, 点検資料, else the title
    title: str


@dataclass
class Source:
    n: int  # the briefing's number, one per quote of a sheet
    doc: DocumentName
    title: str
    section: str
    page: int | None
    field: str
    quote: str
    entry: int = 0  # the question under which it is listed in full (0: not yet)
    line: int = 0  # the statement of that entry it is listed under


@dataclass
class Statement:
    text: str  # the answer's line, its [n] markers renumbered to the briefing's sources
    item: bool  # a list item of the answer (else a line of its own, shown bold)
    sources: list[int]
    listed: list[int] = field(default_factory=list)  # the sources listed in full under it
    quoted: list[int] = field(default_factory=list)  # the sources whose quote the line holds word for word
    same_as: int | None = None  # the question under which the briefing already says this


@dataclass
class Entry:
    number: int  # the question's number in the conversation (Q1, Q2…)
    question: str
    reading: str | None  # what a follow-up was read as
    abstained: bool
    statements: list[Statement]
    notices: list[str]
    unreferenced: list[int] = field(default_factory=list)  # cited, yet no line points to them


@dataclass
class Briefing:
    made: datetime  # Japan time
    entries: list[Entry]
    sources: dict[int, Source]

    @property
    def documents(self) -> list[DocumentName]:
        """The cited documents, in the order they are first cited."""
        return list(dict.fromkeys(s.doc for s in self.sources.values()))


# ---- what the briefing says -----------------------------------------------------------------------
HEADING_CHARS = 80  # a question longer than this is cut where it heads a card group or a briefing item


def short_question(question: str, limit: int = HEADING_CHARS) -> str:
    """The question as a heading: whole, or its first `limit` characters with a note of its length."""
    question = question or ""
    if len(question) <= limit:
        return question
    return f"{question[:limit]}…（全{len(question):,}文字の質問の先頭{limit}文字）"


def document_names(docs_dir: Path, sheets: Iterable[Sheet]) -> dict[str, DocumentName]:
    """File name -> how the briefing names the document: the registry's kind as staff call it (施策集,
    点検資料) when no other document shares that name, otherwise its title (the registry's, else the
    one its parse read)."""
    from assistant.ingest.documents import load_registry

    parsed = {s.doc: s.doc_title for s in sheets}
    docs = load_registry(Path(docs_dir))
    titles = {d.file: d.title or parsed.get(d.file) or d.file for d in docs}
    shorts = {d.file: KIND_NAMES.get(d.kind) or KIND_NAMES.get(d.layout) or titles[d.file] for d in docs}
    taken = list(shorts.values())
    return {f: DocumentName(s if taken.count(s) == 1 else titles[f], titles[f]) for f, s in shorts.items()}


def chosen(turns: list[dict], picked: list[int] | None) -> list[tuple[int, dict]]:
    """The answered turns to export, numbered as in the chat: those picked (1-based), else the last."""
    answered = [(i, t) for i, t in enumerate(turns, 1) if "answer" in t]
    if picked:
        wanted = set(picked)
        return [(i, t) for i, t in answered if i in wanted]
    return answered[-1:]


def compile_briefing(turns: list[dict], names: Mapping[str, DocumentName], picked: list[int] | None = None,
                     now: datetime | None = None) -> Briefing:
    """The briefing of the chosen turns (`picked`: the chat's question numbers; default the last answer)."""
    made = japan_time.in_japan(now) if now is not None else japan_time.now()
    items = chosen(turns, picked)
    exported = {i for i, _ in items}
    found: dict[tuple[str, str], Source] = {}  # (sheet, quote) -> its source
    said: dict[str, int] = {}  # a statement's words -> the question under which it was made
    entries = []
    for i, t in items:
        a = t["answer"]
        # the earlier questions as the briefing can name them: by number when exported, else in words
        earlier = {norm(q["question"]): f" Q{j} " if j in exported else f"「{q['question']}」"
                   for j, q in enumerate(turns[:i - 1], 1)}
        local = {int(c["n"]): _source(c, found, names) for c in a.get("citations") or []}
        statements = [_statement(text, item, local, said, i) for text, item in _lines(a.get("answer") or "")]
        _place_sources(statements, local, i)
        unreferenced = [c.n for c in local.values() if not c.entry]
        for c in local.values():
            if not c.entry:
                c.entry, c.line = i, len(statements)
        entries.append(Entry(i, t["question"], reading(a, earlier), bool(a.get("abstained")), statements,
                             list(a.get("notices") or []), unreferenced))
    return Briefing(made, entries, {s.n: s for s in found.values()})


def _statement(text: str, item: bool, local: Mapping[int, Source], said: dict[str, int], entry: int) -> Statement:
    """One line of an answer. A line that cites a source is a statement, said once in the briefing: a
    later line with the same words, or an evidence line (a list item) holding only words of a quote
    listed under an earlier question, refers to it. The answer's own lines of text (what it answers
    first) are otherwise kept, and a line that cites nothing frames the answer (「…より:」)."""
    cited = [local[n] for n in dict.fromkeys(int(m) for m in MARKER.findall(text)) if n in local]
    s = Statement(_renumbered(text, local), item, [c.n for c in cited])
    words = norm(MARKER.sub("", text)) if cited else ""
    if words in said:
        s.same_as = said[words]
    elif words:
        shown = next((c for c in cited if item and c.entry and c.entry != entry and words in norm(c.quote)),
                     None)
        if shown is not None:
            s.same_as = shown.entry
        else:
            said[words] = entry
    if s.same_as is None:
        s.quoted = [c.n for c in cited if c.quote and c.quote in text]
    return s


def _place_sources(statements: list[Statement], local: Mapping[int, Source], entry: int) -> None:
    """List each source first cited by this answer once: under the line that holds its quote word for
    word (its source line then need not repeat it), else under the first line that cites it."""
    by_n = {c.n: c for c in local.values()}
    for k, s in enumerate(statements):
        for n in s.sources:
            c = by_n[n]
            if c.entry or s.same_as is not None:
                continue
            holder = next((j for j, d in enumerate(statements) if n in d.quoted), k)
            statements[holder].listed.append(n)
            c.entry, c.line = entry, holder


def _lines(answer: str) -> list[tuple[str, bool]]:
    """The answer's lines as they are, without their list marks: (text, is a list item)."""
    out = []
    for line in answer.splitlines():
        if line.strip():
            item = line.startswith("- ")
            out.append(((line[2:] if item else line).strip(), item))
    return out


def _source(c: dict, found: dict[tuple[str, str], Source], names: Mapping[str, DocumentName]) -> Source:
    """The briefing's source for a citation: one per quote of a sheet, whichever answer cites it."""
    key = (str(c.get("sheet_id")), norm(c.get("quote") or ""))
    # a quote within one already found (the same line of the sheet, cut shorter) is that source
    key = next((k for k in found if k[0] == key[0] and key[1] and key[1] in k[1]), key)
    if key not in found:
        fallback = c.get("doc_title") or c.get("doc") or "文書不明"
        doc = names.get(c.get("doc") or "") or DocumentName(fallback, fallback)
        found[key] = Source(len(found) + 1, doc, c.get("title") or "", c.get("section") or "", c.get("page"),
                            c.get("field") or "", c.get("quote") or "")
    return found[key]


def _renumbered(text: str, local: Mapping[int, Source]) -> str:
    """The line with its answer's [n] markers as the briefing's source numbers."""
    def number(m: re.Match) -> str:
        n = int(m.group(1))
        return f"[{local[n].n}]" if n in local else m.group(0)

    return MARKER.sub(number, text)


def reading(answer: dict, earlier: Mapping[str, str]) -> str | None:
    """What a follow-up was read as, for a reader who does not see the chat (「（前の質問 Q1 の『…』に
    ついての質問として回答）」); None for a question read on its own. `earlier`: the conversation's
    earlier questions (normalised) and how to name them (「 Q1 」 or the question in quotes)."""
    carried = answer.get("carried") or []
    aspect = ASPECT_NAMES.get(answer.get("aspect") or "") if "aspect" in carried else None
    if answer.get("topic"):
        asker = answer.get("topic_question") or ""
        named = earlier.get(norm(asker)) or (f"「{asker}」" if asker else "")
        of = "で挙げた施策のうち" if "items" in carried else "の"
        about = f"前の質問{named}{of}『{answer['topic']}』"
        if aspect:
            return f"（{about}について、前の質問と同じ点（{aspect}）を尋ねる質問として回答）"
        return f"（{about}についての質問として回答）"
    if aspect:
        return f"（前の質問と同じ点（{aspect}）についての質問として回答）"
    return None


def place(s: Source) -> str:
    """Where a source stands: document, sheet, section, page and field."""
    page = f"p.{s.page}" if s.page is not None else "頁番号なし"
    parts = [f"文書: {s.doc.short}", f"シート: {s.title}", f"章・節: {s.section}" if s.section else "",
             page, f"項目: {s.field}" if s.field else ""]
    return "、".join(p for p in parts if p)


def referred(b: Briefing, numbers: list[int], entry: int, line: int) -> str:
    """Sources listed under another line, as the line that points to them."""
    def where(s: Source) -> str:
        if s.entry != entry:
            return f"Q{s.entry} に掲載"
        return "上に掲載" if s.line < line else "下に掲載"

    return "、".join(f"出典[{n}]（{where(b.sources[n])}）" for n in numbers)


def repeated(s: Statement, entry: int) -> str:
    """What stands for a statement the briefing already makes."""
    where = "上" if s.same_as == entry else f"Q{s.same_as} "
    cites = "".join(f"[{n}]" for n in s.sources)
    return f"（{where}に掲載した記載です{f'。出典{cites}' if cites else ''}）"


# ---- Markdown -------------------------------------------------------------------------------------
def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=False)


def to_markdown(b: Briefing) -> str:
    out = [f"# {TITLE}", "", f"作成日: {japan_time.shown(b.made)}　項目数: {len(b.entries)}", ""]
    if b.documents:
        out += ["出典の文書:", ""] + [f"- {_e(d.short)}" + (f": {_e(d.title)}" if d.title != d.short else "")
                                   for d in b.documents] + [""]
    for e in b.entries:
        out += [f"## Q{e.number}. {_e(short_question(e.question))}", ""]
        if e.reading:
            out += [_e(e.reading), ""]
        if e.abstained:
            out += [f"> {ABSTAINED}", ""]
        for k, s in enumerate(e.statements):
            text = repeated(s, e.number) if s.same_as is not None else s.text
            out.append(f"- {_e(text)}" if s.item else f"**{_e(text)}**")
            out += [f"  - {_e(source_line(b.sources[n], n in s.quoted))}" for n in s.listed]
            others = [n for n in s.sources if n not in s.listed]
            if others and s.same_as is None:
                out.append(f"  - {_e(referred(b, others, e.number, k))}")
            if not s.item:
                out.append("")
        out += [f"- {_e(source_line(b.sources[n]))}" for n in e.unreferenced]
        for note in e.notices:
            out += ["", f"※ {_e(note)}"]
        out.append("")
    if not b.entries:
        out += ["（書き出す回答がありません）", ""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out))  # one blank line between blocks


def source_line(s: Source, held: bool = False) -> str:
    """「出典[n]: 「引用」（文書: …）」; `held`: the line above holds the quote word for word, so it is not
    written out again."""
    return f"出典[{s.n}]: {HELD if held else f'「{s.quote}」'}（{place(s)}）"


# ---- Word -----------------------------------------------------------------------------------------
def save_docx(b: Briefing, path: Path) -> Path:
    from docx import Document
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4, not the template's US Letter
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(20)
    props = doc.core_properties
    props.author = props.last_modified_by = AUTHOR
    props.title = TITLE
    # python-docx writes these as UTC ("…Z") whatever zone the time is in
    props.created = props.modified = b.made.astimezone(UTC).replace(tzinfo=None)
    doc.add_heading(TITLE, level=0)
    doc.add_paragraph(f"作成日: {japan_time.shown(b.made)}　項目数: {len(b.entries)}")
    if b.documents:
        doc.add_paragraph("出典の文書:")
        for d in b.documents:
            doc.add_paragraph(_clean(d.short + (f": {d.title}" if d.title != d.short else "")), style="List Bullet")

    def source(n: int, style: str, held: bool = False) -> None:
        s = b.sources[n]
        p = doc.add_paragraph(style=style)
        p.add_run(f"出典[{s.n}]: ").bold = True
        p.add_run(HELD if held else f"「{_clean(s.quote)}」")
        p.add_run(f"（{_clean(place(s))}）").font.size = Pt(9)

    for e in b.entries:
        doc.add_heading(f"Q{e.number}. {_clean(short_question(e.question))}", level=1)
        if e.reading:
            doc.add_paragraph().add_run(_clean(e.reading)).italic = True
        if e.abstained:
            doc.add_paragraph(ABSTAINED, style="Intense Quote")
        for k, s in enumerate(e.statements):
            p = doc.add_paragraph(style="List Bullet" if s.item else None)
            p.add_run(_clean(repeated(s, e.number) if s.same_as is not None else s.text)).bold = not s.item
            for n in s.listed:
                source(n, "List Bullet 2", n in s.quoted)
            others = [n for n in s.sources if n not in s.listed]
            if others and s.same_as is None:
                doc.add_paragraph(_clean(referred(b, others, e.number, k)), style="List Bullet 2")
        for n in e.unreferenced:
            source(n, "List Bullet")
        for note in e.notices:
            doc.add_paragraph(f"※ {_clean(note)}")
    if not b.entries:
        doc.add_paragraph("（書き出す回答がありません）")
    doc.save(str(path))
    return path


def _clean(value) -> str:
    """XML-safe text for python-docx (control characters removed)."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", "" if value is None else str(value))


# ---- writing it -------------------------------------------------------------------------------------
def write_briefing(turns: list[dict], names: Mapping[str, DocumentName], md: Path | None = None,
                   docx: Path | None = None, picked: list[int] | None = None,
                   now: datetime | None = None) -> list[Path]:
    """Write the briefing of `turns` as Markdown to `md` and/or as Word to `docx`; returns the paths
    written (Markdown first). A file that cannot be written raises AssistantError naming it."""
    b = compile_briefing(turns, names, picked, now)
    written = []
    for path, write in ((md, lambda p: p.write_text(to_markdown(b), encoding="utf-8")),
                        (docx, lambda p: save_docx(b, p))):
        if path is None:
            continue
        path = Path(path)
        check_writable(path)
        try:
            write(path)
        except OSError as exc:
            raise AssistantError(f"{path} に書き込めません（{exc.strerror or exc}）。"
                                 "書き込めるフォルダのファイル名を指定してください。") from None
        written.append(path)
    return written


def check_writable(path: Path) -> None:
    """Raise AssistantError, in words a user can act on, when `path` cannot be written as a file."""
    folder = path.parent
    if path.is_dir():
        raise AssistantError(f"{path} はフォルダです。書き出すファイル名を指定してください（例: {path / 'briefing.docx'}）。")
    if not folder.is_dir():
        raise AssistantError(f"{path} に書き込めません: フォルダ {folder} がありません。先に作成するか、"
                             "別の場所を指定してください。")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise AssistantError(f"{path} に書き込めません: 書き込みの権限がありません。別の場所を指定してください。")
