"""The catalog: every document in docs_source/ parsed into sheets, repeated sheets grouped."""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from assistant.errors import AssistantError
from assistant.ingest import ministries
from assistant.ingest.documents import KINDS, Document, load_registry
from assistant.ingest.naming import name_sheets
from assistant.ingest.parsing import generic, inspection, measures
from assistant.models import Place, Sheet, sheet_id
from assistant.text.markup import clean_text
from assistant.text.normalize import norm

log = logging.getLogger(__name__)
PARSER_VERSION = "6"  # 4: HTML read into text; 5, 6: sheets named as the plan names them
REPEAT_MARK = re.compile(r"\s*【再掲】\s*")


@dataclass
class Catalog:
    sheets: list[Sheet]
    documents: list[Document]
    problems: list[str] = field(default_factory=list)

    def by_id(self) -> dict[str, Sheet]:
        return {s.id: s for s in self.sheets}


def detect_kind(text: str) -> str:
    if text.count("【事業概要】") >= 3:
        return "measures"
    if any(inspection.CHAPTER_RE.match(inspection._plain(ln)) for ln in text.splitlines()):
        return "inspection"
    return "text"


def load_catalog(docs_dir) -> Catalog:
    """Parse every document; a document that cannot be read is reported and the others go on."""
    sheets: list[Sheet] = []
    problems: list[str] = []
    docs = load_registry(docs_dir)
    for doc in docs:
        try:
            text = doc.read() if doc.kind != "pdf" else ""
            if not doc.title:
                doc.title = next((ln.strip() for ln in text.splitlines() if ln.strip()), doc.file)[:80]
            kind = doc.kind if doc.kind in (*KINDS, "pdf") else detect_kind(text)
            parsed = parse_document(doc, text, kind)
            if not parsed:
                raise AssistantError(f"{doc.path}: no text could be read into sheets")
            sheets.extend(parsed)
        except AssistantError as exc:
            log.warning("%s", exc)
            problems.append(str(exc))
    return Catalog(sheets, docs, problems)


def parse_document(doc: Document, text: str, kind: str) -> list[Sheet]:
    """The document's sheets, each named as the plan names it (assistant/ingest/naming.py)."""
    # markup the conversion left (a table cell kept as <ul>…) is read into text first, so that no tag
    # reaches a sheet, an answer or a card
    return name_sheets(_parse(doc, clean_text(text), kind))


def _parse(doc: Document, text: str, kind: str) -> list[Sheet]:
    if kind == "pdf":
        from assistant.ingest.parsing.pdf import pdf_sheets

        return pdf_sheets(doc)
    if kind == "measures":
        result = measure_sheets(doc, text)
        if result:
            return result
        log.warning("%s: no measure sheets found; read as plain sections", doc.path)
    if kind == "inspection":
        result = inspection_sheets(doc, text)
        if result:
            return result
    return text_sheets(doc, text)


def measure_sheets(doc: Document, text: str) -> list[Sheet]:
    lines = text.splitlines()
    toc = measures.parse_toc(lines)
    raws = measures.build_raw_sheets(lines, toc)
    groups: list[list[measures.RawSheet]] = []
    for raw in raws:
        home = next((g for g in groups if _same_sheet(g[0], raw)), None)
        if home is None:
            groups.append([raw])
        else:
            home.append(raw)
    ids: Counter[str] = Counter()
    out = []
    for group in groups:
        out.append(_merge(doc, group, ids))
    return out


def _shingles(raw: measures.RawSheet) -> set[str]:
    """The sheet's substantial lines (copies may reorder fields, so lines rather than a stream)."""
    return {key for ln in raw.lines[len(raw.header):] if len(key := norm(ln)) >= 12 and not ln.startswith("【")}


def _same_sheet(a: measures.RawSheet, b: measures.RawSheet) -> bool:
    """Copies of one sheet: same title once 【再掲】 is dropped, or mostly the same body text."""
    ta, tb = norm(REPEAT_MARK.sub("", a.title)), norm(REPEAT_MARK.sub("", b.title))
    if not (a.title_derived or b.title_derived) and ta == tb:
        return True
    sa, sb = _shingles(a), _shingles(b)
    if not sa or not sb:
        return False
    return len(sa & sb) / min(len(sa), len(sb)) >= 0.6


def _union(lists: list[list[str]]) -> list[str]:
    """Lines of the first list, then the lines only later copies carry, in their order."""
    out: list[str] = []
    seen: set[str] = set()
    for lines in lists:
        for line in lines:
            key = norm(line)
            if key and key not in seen:
                seen.add(key)
                out.append(line)
    return out


def _merge(doc: Document, group: list[measures.RawSheet], ids: Counter) -> Sheet:
    first = group[0]
    explicit = [g for g in group if not g.title_derived and not g.title.startswith("【参考")]
    title = REPEAT_MARK.sub("", explicit[0].title if explicit else first.title).strip()
    derived = not explicit and first.title_derived
    header = _union([g.header for g in group])
    names: list[str] = []
    for g in group:
        names += [n for n in g.fields if n not in names]
    fields = {n: "\n".join(_union([g.fields.get(n, "").splitlines() for g in group])) for n in names}
    body = [ln for n in names for ln in [f"【{n}】", *fields[n].splitlines()]]
    text = "\n".join(header + body)
    canonical = next((g for g in group if not REPEAT_MARK.search(g.title)), first)
    key = title
    ids[key] += 1
    sid = sheet_id(doc.file, key, str(ids[key]) if ids[key] > 1 else "")
    sheet = Sheet(sid, doc.file, doc.title, canonical.section, title, canonical.page, text, fields,
                  derived, first.kind,
                  places=[Place(g.section, g.page, g.start + 1, g.title) for g in group],
                  # the entry of the sheet's own place: a repeat copy is listed under another section's
                  # entry, which names that section's reuse of it, not the sheet
                  toc_label=canonical.toc_label, toc_entry=canonical.toc_entry)
    return ministries.with_owners(sheet, header, header + body)


def inspection_sheets(doc: Document, text: str) -> list[Sheet]:
    out = []
    for unit in inspection.parse_units(text.splitlines()):
        path = " ＞ ".join(p.split(" ", 1)[0] if i == 0 else p for i, p in enumerate(unit.path))
        section = path or doc.title
        title = unit.title or (unit.lines[0][:40] if unit.lines else doc.title)
        body = "\n".join(unit.lines)
        sheet = Sheet(sheet_id(doc.file, section or title), doc.file, doc.title, section, title, None,
                      body, {}, not unit.title, "inspection",
                      places=[Place(section, None, unit.start + 1, title)], chapter=unit.path[0] if unit.path else "")
        out.append(ministries.with_owners(sheet, [], unit.lines))
    return out


def text_sheets(doc: Document, text: str) -> list[Sheet]:
    out = []
    ids: Counter[str] = Counter()
    for title, body in generic.split_sections(text):
        ids[title] += 1
        sheet = Sheet(sheet_id(doc.file, title, str(ids[title])), doc.file, doc.title, title, title, None,
                      "\n".join(body), {}, True, "section")
        out.append(ministries.with_owners(sheet, [], body))
    return out
