"""PDF text: every page's lines read with pypdf, running headers and footers (the same first or last
lines on most pages, page numbers ignored) and page-number lines removed, and lines the PDF broke only
because the text box was full joined again within a page, so that a quoted sentence is whole.

pypdf rather than pdfminer.six: on Japanese text set in the standard CID fonts (HeiseiMin-W3,
HeiseiKakuGo-W5) pypdf gives the text back exactly, while pdfminer.six folds －/～ into −/〜 and prints
`(cid:N)` for characters outside its CMap (髙, 﨑, 𠮷 …)."""
from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import DocumentError
from assistant.ingest.parsing import measures
from assistant.text.normalize import norm

log = logging.getLogger(__name__)

PAGE_NUMBER_RE = re.compile(
    r"^[-–—‐－―ー\s(（]*(?:p\.?|P\.?|page|Page|ページ|頁)?\s*[0-9０-９]{1,4}\s*"
    r"(?:[/／]\s*[0-9０-９]{1,4}|ページ|頁)?[-–—‐－―ー\s)）]*$")
DIGITS_RE = re.compile(r"[0-9０-９]+")
EDGE = 2            # how many lines at the top and at the bottom of a page can be a header / footer
REPEAT_SHARE = 0.6  # "most pages": a header or footer line is on at least this share of the pages
SENTENCE_CLOSE = "。．.！!？?）)」』】〕］]：:"
ITEM_START = re.compile(r"^(?:[・･●○◯◎■□◆◇▶▷►→⇒※＊*\-－‐–—「『【〔［(（<＜]|[①-⑳⑴-⒇❶-❿]"
                        r"|[0-9０-９]+[.．)）、]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]|第[0-9０-９一二三四五六七八九十]+)")
CONTINUATION = re.compile(r"^[ぁ-ゖゝゞー、。，．）)」』〕］】]")
MIN_WRAP_WIDTH = 24  # display columns: lines shorter than this are never taken for wrapped lines
_CACHE: dict[tuple, PdfText] = {}


@dataclass
class PdfText:
    """What a PDF holds: its pages' raw lines (1-based page = index + 1) and its metadata title."""

    pages: list[list[str]]
    meta_title: str = ""
    problems: list[str] = field(default_factory=list)


# ---- reading ---------------------------------------------------------------------------------
def read_pdf(path: Path) -> PdfText:
    """Every page's text lines; DocumentError naming the file for anything that cannot be read
    (missing, empty, not a PDF, password-protected, no text layer)."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({exc.strerror})") from None
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key in _CACHE:
        return _CACHE[key]
    if stat.st_size == 0:
        raise DocumentError(f"{path}: the file is empty (0 bytes); use the complete PDF")
    result = _extract(path)
    if len(_CACHE) > 32:
        _CACHE.clear()
    _CACHE[key] = result
    return result


def _extract(path: Path) -> PdfText:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about damaged xrefs are noise
    try:
        with path.open("rb") as fh:
            if not fh.read(1024).lstrip().startswith(b"%PDF"):
                raise DocumentError(f"{path}: not a PDF file (no %PDF header); export the document "
                                    "as PDF, or add its text as .txt")
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            # a PDF locked only against copying or printing opens with the empty password and is
            # read; one that needs a password to open is refused
            opened: object
            try:
                opened = reader.decrypt("")
            except DependencyError:
                raise DocumentError(f"{path}: the PDF is encrypted with AES, which needs the "
                                    "`cryptography` package to open; install it (pip install "
                                    "'pypdf[crypto]') or save an unprotected copy") from None
            except Exception:  # noqa: BLE001 - an unreadable cipher is as good as a password
                opened = 0
            if not opened:
                raise DocumentError(f"{path}: the PDF is encrypted (password-protected); save an "
                                    "unprotected copy (e.g. print it to PDF) and add that")
        pages_obj = list(reader.pages)
    except DocumentError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DocumentError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc}); "
                            "re-export it or add its text as .txt") from None
    if not pages_obj:
        raise DocumentError(f"{path}: the PDF has no pages")
    pages: list[list[str]] = []
    problems: list[str] = []
    for number, page in enumerate(pages_obj, 1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # noqa: BLE001 - one damaged page must not lose the document
            problems.append(f"{path}: page {number} could not be read ({type(exc).__name__})")
            log.warning("%s", problems[-1])
            text = ""
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
        pages.append([ln.strip() for ln in text.split("\n") if ln.strip()])
    if not any(pages):
        raise DocumentError(f"{path}: the PDF has no text layer (a scanned image?); run OCR on it "
                            "(e.g. `ocrmypdf in.pdf out.pdf`) and add the result")
    empty = [n for n, lines in enumerate(pages, 1) if not lines]
    if empty:
        problems.append(f"{path}: no text on page(s) {', '.join(map(str, empty))} (images only?)")
        log.warning("%s", problems[-1])
    meta = ""
    try:
        meta = str(reader.metadata.get("/Title") or "").strip() if reader.metadata else ""
    except Exception:  # noqa: BLE001 - metadata is optional
        meta = ""
    return PdfText(pages, meta, problems)


# ---- titles ----------------------------------------------------------------------------------
_GENERIC_TITLE = re.compile(r"^(?:untitled|無題|.*\.(?:docx?|pptx?|xlsx?|pdf)|Microsoft\s.*|"
                            r"PowerPoint\s*プレゼンテーション|スライド\s*\d+|資料\s*[0-9０-９-]*)$", re.I)


def meaningful(line: str) -> bool:
    """A line that can serve as a title: some letters, not a page number, date or file name."""
    text = line.strip().lstrip("#").strip()
    if len(norm(text)) < 4 or PAGE_NUMBER_RE.match(text) or _GENERIC_TITLE.match(text):
        return False
    letters = sum(1 for ch in text if unicodedata.category(ch)[0] == "L")
    return letters >= 3


def document_title(text: PdfText) -> str:
    """The PDF's own title: its metadata title when it is a real one, else its first meaningful line."""
    if text.meta_title and meaningful(text.meta_title):
        return text.meta_title[:80]
    for lines in text.pages:
        for line in lines[:8]:
            if meaningful(line):
                return line.strip()[:80]
    return ""


# ---- running headers and footers ---------------------------------------------------------------
def _edge_key(line: str) -> str:
    return DIGITS_RE.sub("#", norm(line))


def _protected(line: str) -> bool:
    """Lines never taken for running headers: field markers and ministry header lines."""
    return bool(measures.FIELD_RE.match(line)) or measures.is_ministry_line(line)


def strip_running(pages: list[list[str]]) -> list[list[str]]:
    """Pages without their page-number lines and the header/footer lines repeated on most pages."""
    pages = [list(p) for p in pages]
    with_text = [p for p in pages if p]
    need = max(2, math.ceil(REPEAT_SHARE * len(with_text)))
    for _ in range(3):  # a header can be several lines: peel them one round at a time
        changed = False
        for top in (True, False):
            counts: Counter[str] = Counter()
            for lines in with_text:
                edge = lines[:EDGE] if top else lines[-EDGE:]
                counts.update({_edge_key(ln) for ln in edge if not _protected(ln)})
            repeated = {k for k, c in counts.items() if c >= need and k}
            for lines in pages:
                span = range(min(EDGE, len(lines))) if top else range(len(lines) - 1,
                                                                        max(-1, len(lines) - 1 - EDGE), -1)
                drop = [i for i in span if (_edge_key(lines[i]) in repeated and not _protected(lines[i]))
                        or PAGE_NUMBER_RE.match(lines[i])]
                for i in sorted(drop, reverse=True):
                    del lines[i]
                    changed = True
        with_text = [p for p in pages if p]
        if not changed:
            break
    return pages


# ---- wrapped lines -----------------------------------------------------------------------------
def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def join_wrapped(lines: list[str]) -> list[str]:
    """Join lines the PDF broke only because the text box was full: a line as wide as the page's
    widest line that does not end a sentence, followed by one that can only be the rest of it (it
    starts with hiragana or closing punctuation, which no new line, item or heading does)."""
    if len(lines) < 2:
        return list(lines)
    widths = [_width(ln) for ln in lines]
    full = max(widths)
    if full < MIN_WRAP_WIDTH:
        return list(lines)
    out: list[str] = []
    wrapped_prev = False
    for line, width in zip(lines, widths, strict=False):
        if out and wrapped_prev and CONTINUATION.match(line) and not ITEM_START.match(line):
            out[-1] = out[-1] + line
        else:
            out.append(line)
        wrapped_prev = (width >= 0.9 * full and line[-1] not in SENTENCE_CLOSE
                        and not measures.FIELD_RE.match(line))
    return out
