"""PDF documents as sheets. A page is a sheet, except where the pages carry 施策集-style measure
sheets (【事業概要】…): a measure sheet that runs over several pages (its next page opens with another
field such as 【目指す姿／取組指標】) is one sheet. Either way `page` is the PDF page (1-based) the sheet
starts on and `line_pages` gives the page of each line of its text, so a citation names the page its
quote is on. The text itself (pages, running headers and footers, wrapped lines) is pdf_text.py."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from assistant.errors import DocumentError
from assistant.ingest import ministries
from assistant.ingest.documents import Document
from assistant.ingest.parsing import measures
from assistant.ingest.parsing.pdf_text import PdfText, document_title, join_wrapped, read_pdf, strip_running
from assistant.models import Place, Sheet, sheet_id
from assistant.text.normalize import nfkc, norm, unmarked


# ---- sheets --------------------------------------------------------------------------------------
@dataclass
class PageLines:
    number: int
    lines: list[str]


def page_lines(text: PdfText) -> list[PageLines]:
    """Content lines of every page that has any, running headers/footers removed, wraps joined."""
    pages = strip_running(text.pages)
    return [PageLines(n, join_wrapped(lines)) for n, lines in enumerate(pages, 1) if lines]


def _marker(line: str) -> str | None:
    m = measures.FIELD_RE.match(line)
    return m.group(1) if m else None


def _split_markers(page: PageLines) -> list[str]:
    """Field markers on a line of their own (as the sheet text of measure sheets has them)."""
    out = []
    for line in page.lines:
        m = measures.FIELD_RE.match(line)
        if m and re.fullmatch(r"[（(]?続き?[)）]?", m.group(2).strip()):
            out.append(f"【{m.group(1)}（続き）】")  # 【事業概要】（続き）: one marker, read by _continues
        elif m and m.group(2).strip():
            out += [line[:line.index("】") + 1].strip(), m.group(2).strip()]
        else:
            out.append(line)
    return [measures.clean(ln) for ln in out if measures.clean(ln)]


def _known(name: str) -> str | None:
    plain = nfkc(name).replace("/", "／")
    plain = measures.FIELD_ALIASES.get(plain, plain)
    plain = re.sub(r"[（(]?続き?[)）]?$", "", plain).strip()
    for known in measures.KNOWN_FIELDS:
        if norm(measures.FIELD_ALIASES.get(known, known)) == norm(plain):
            return measures.FIELD_ALIASES.get(known, known)
    return None


def _opens_measure(lines: list[str]) -> bool:
    return any(_known(m) == "事業概要" for m in map(_marker, lines) if m)


def _continues(lines: list[str], seen: set[str]) -> bool:
    """Whether a page carries on the measure sheet of the page before: it opens with a field
    marker (a new field, or one marked 続き), and has no 【事業概要】 of its own."""
    if not lines or _opens_measure(lines) and not re.search(r"続", lines[0]):
        return False
    first = _marker(lines[0])
    if first is None or _known(first) is None:
        return False
    return _known(first) not in seen or "続" in first


CONTINUED = re.compile(r"\s*[（(]?続き?[)）]?\s*$")


def _without_repeated_head(lines: list[str], head: set[str]) -> list[str]:
    """A continuation page's lines without the sheet's title / ministry line shown again on top
    (「…（続き）」)."""
    k = 0
    while k < min(3, len(lines)) and norm(CONTINUED.sub("", lines[k])) in head:
        k += 1
    return lines[k:]


def group_pages(pages: list[PageLines], layout: str) -> list[list[tuple[PageLines, list[str]]]]:
    """Runs of pages that form one sheet: a measure sheet with its continuation pages, or one page."""
    groups: list[list[tuple[PageLines, list[str]]]] = []
    seen: set[str] = set()
    head: set[str] = set()  # the current measure sheet's lines above its first field marker
    in_measure = False
    for page in pages:
        lines = _split_markers(page)
        rest = _without_repeated_head(lines, head) if in_measure else lines
        if layout != "text" and in_measure and _continues(rest, seen):
            lines = rest
            groups[-1].append((page, lines))
        else:
            groups.append([(page, lines)])
            seen = set()
            in_measure = layout != "text" and _opens_measure(lines)
            head = set()
            for line in lines[:4] if in_measure else []:
                if _marker(line):
                    break
                head.add(norm(line))
        seen |= {k for k in (_known(m) for m in map(_marker, lines) if m) if k}
    return groups


def _canonical_marker(line: str) -> str:
    """A known field's marker in its canonical spelling (【目指す姿/取組指標】 → 【目指す姿／取組指標】,
    【事業概要】（続き） → 【事業概要】), so that the sheet text names its fields as `fields` does."""
    m = measures.FIELD_RE.match(line)
    if m and not m.group(2).strip() and _known(m.group(1)):
        return f"【{_known(m.group(1))}】"
    return line


def pdf_sheets(doc: Document) -> list[Sheet]:
    """The PDF's sheets (see the module docstring); DocumentError naming the file when it has none."""
    text = read_pdf(doc.path)
    if not doc.title or doc.title == doc.file:
        doc.title = document_title(text) or doc.file
    pages = page_lines(text)
    if not pages:
        raise DocumentError(f"{doc.path}: the PDF has no text apart from page numbers and running "
                            "headers (a scanned image?); run OCR on it and add the result")
    if doc.layout == "inspection":
        sheets = _inspection_sheets(doc, pages)
        if sheets:
            return sheets
    all_lines = [ln for p in pages for ln in p.lines]
    toc = measures.parse_toc(all_lines)
    ids: Counter[str] = Counter()
    out: list[Sheet] = []
    by_title: dict[str, Sheet] = {}
    section = ""
    line_no = 0
    for group in group_pages(pages, doc.layout):
        lines: list[str] = []
        pages_of: list[int] = []
        for page, plines in group:
            lines += [_canonical_marker(ln) for ln in plines]
            pages_of += [page.number] * len(plines)
        start_line = line_no + 1
        line_no += len(lines)
        measure = doc.layout != "text" and _opens_measure(lines)
        if measure:
            sheet, section = _measure_sheet(doc, lines, pages_of, toc, section, ids, start_line)
            repeat = norm(measures_repeat(sheet.title))
            if repeat != norm(sheet.title) and repeat in by_title:  # 【再掲】: a copy of an earlier sheet
                by_title[repeat].places.append(Place(sheet.section, sheet.page, start_line, sheet.title))
                continue
            by_title.setdefault(norm(sheet.title), sheet)
        else:
            sheet = _page_sheet(doc, lines, pages_of, ids, start_line)
        out.append(sheet)
    return out


def measures_repeat(title: str) -> str:
    return re.sub(r"\s*【再掲】\s*", "", title).strip()


def _title_line(lines: list[str], toc) -> tuple[str, bool]:
    """The first heading-like line (not a ministry or section line), else one derived from the text."""
    for line in lines[:4]:
        if measures.is_ministry_line(line) or (toc.tops and measures.classify_section_line(line, toc)):
            continue
        if measures.FIELD_RE.match(line):
            break
        if measures.heading_like(line) and len(norm(line)) >= 2:
            return line.strip(), False
    return "", True


def _sid(doc: Document, title: str, ids: Counter) -> str:
    ids[title] += 1
    return sheet_id(doc.file, title, str(ids[title]) if ids[title] > 1 else "")


def _measure_sheet(doc, lines, pages_of, toc, section, ids, start_line) -> tuple[Sheet, str]:
    # breadcrumbs (the section named again at the top of a sheet) set the section and are dropped
    keep_lines: list[str] = []
    keep_pages: list[int] = []
    top = sub = None
    seen_field = False
    for line, page in zip(lines, pages_of, strict=False):
        if not seen_field and toc.tops and (cls := measures.classify_section_line(line, toc)):
            top = cls[1] if top is None else top
            sub = cls[2] if cls[2] is not None else sub
            continue
        seen_field = seen_field or bool(measures.FIELD_RE.match(line))
        keep_lines.append(line)
        keep_pages.append(page)
    if top is not None:
        section = measures.section_path(toc, top, sub)
    header, fields = measures.split_fields(keep_lines)
    title, derived = _title_line(header, toc)
    if derived:
        title = measures.derive_title(fields, header) or doc.title
    kind = "reference" if title.startswith("【参考") else "measure"
    sheet = Sheet(_sid(doc, measures_repeat(title), ids), doc.file, doc.title, section or doc.title,
                  measures_repeat(title), keep_pages[0], "\n".join(keep_lines),
                  {k: "\n".join(v) for k, v in fields.items()}, derived, kind,
                  places=[Place(section or doc.title, keep_pages[0], start_line, title)],
                  line_pages=keep_pages)
    owners = [ln for ln in header if measures.is_ministry_line(ln)]
    return ministries.with_owners(sheet, owners, keep_lines), section


def _page_sheet(doc, lines, pages_of, ids, start_line) -> Sheet:
    title, derived = "", True
    for line in lines[:4]:
        if not measures.is_ministry_line(line) and measures.heading_like(line):
            title, derived = line.strip(), False
            break
    if not title:
        title = lines[0].strip()[:40]
    sheet = Sheet(_sid(doc, title, ids), doc.file, doc.title, doc.title, title, pages_of[0],
                  "\n".join(lines), {}, derived, "section",
                  places=[Place(doc.title, pages_of[0], start_line, title)], line_pages=list(pages_of))
    owners = [ln for ln in lines[:4] if measures.is_ministry_line(ln)]
    return ministries.with_owners(sheet, owners, lines)


def _inspection_text(line: str) -> str:
    """A line as inspection.parse_units keeps it."""
    return re.sub(r"^\s*(?:[-*]\s+)+", "", unmarked(line)).strip()


def _inspection_sheets(doc: Document, pages: list[PageLines]) -> list[Sheet]:
    """点検-style units over the whole text, each line keeping its page."""
    from assistant.ingest.parsing import inspection

    lines = [ln for p in pages for ln in p.lines]
    line_page = [p.number for p in pages for _ in p.lines]
    out: list[Sheet] = []
    ids: Counter[str] = Counter()
    for unit in inspection.parse_units(lines):
        unit_pages: list[int] = []
        j = unit.start + (1 if unit.path else 0)
        for text in unit.lines:
            while j < len(lines) and _inspection_text(lines[j]) != text:
                j += 1
            unit_pages.append(line_page[min(j, len(lines) - 1)])
            j += 1
        path = " ＞ ".join(p.split(" ", 1)[0] if i == 0 else p for i, p in enumerate(unit.path))
        section = path or doc.title
        title = unit.title or (unit.lines[0][:40] if unit.lines else doc.title)
        sheet = Sheet(_sid(doc, section or title, ids), doc.file, doc.title, section, title, unit_pages[0],
                      "\n".join(unit.lines), {}, not unit.title, "inspection",
                      places=[Place(section, unit_pages[0], unit.start + 1, title)], line_pages=unit_pages)
        out.append(ministries.with_owners(sheet, [], unit.lines))
    return out
