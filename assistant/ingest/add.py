"""Adding documents to docs_source/ and taking them out, then refreshing the index incrementally
(embeddings are cached by content hash, so only the new text is embedded). Used by the CLI's `add`
and `remove` verbs and by the UI.

Every check runs before anything is written: a file that cannot be used (missing, empty, an
unsupported type, a duplicate of a document already present, an encrypted or scanned PDF, text that
is not UTF-8) stops the whole call with a DocumentError naming it, and nothing is copied. Files are
copied under a temporary name and renamed; registry.yaml is rewritten through a temporary file and
os.replace, its comments kept. When the index cannot be refreshed, the change is undone."""
from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from assistant.errors import AssistantError, DocumentError
from assistant.ingest.documents import (
    KINDS,
    PDF_SUFFIXES,
    REGISTRY,
    SUPPORTED_SUFFIXES,
    Document,
    is_pdf,
    load_registry,
    make_document,
)
from assistant.text.normalize import unmarked

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
# the service's index refresh (Assistant.refresh): ingest changes the documents, the service the index
Refresh = Callable[[Progress | None], object]
DEFAULT_HEADER = """\
# The documents the assistant answers from. `kind` picks the parser:
#   measures   — 施策集-style: table of contents, sections, measure sheets with 【事業概要】 etc.
#   inspection — 点検-style report: chapters Ⅲ-1…, subsections (1)…, items ①…
#   text       — anything else: split into sections by headings or paragraphs
#   pdf        — a PDF: one sheet per page, or per measure sheet where 【事業概要】 etc. are found
"""


# ---- checks ----------------------------------------------------------------------------------
def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_file(path: Path) -> None:
    """A clear DocumentError naming the file when it cannot be added at all."""
    if not path.exists():
        raise DocumentError(f"{path}: no such file")
    if not path.is_file():
        raise DocumentError(f"{path}: not a file (give the PDF, .txt or .md files themselves)")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        what = path.suffix or "a file without an extension"
        raise DocumentError(f"{path}: {what} files are not supported; add a PDF (.pdf) or UTF-8 text "
                            "(.txt, .md) — e.g. save a Word or Excel file as PDF first")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({exc.strerror})") from None
    if size == 0:
        raise DocumentError(f"{path}: the file is empty (0 bytes); nothing to add")
    if not os.access(path, os.R_OK):
        raise DocumentError(f"{path}: cannot be read (permission denied)")


def first_meaningful_line(text: str) -> str:
    from assistant.ingest.parsing.pdf_text import meaningful

    for line in text.splitlines():
        clean = re.sub(r"^\s*(?:#+|[-*]\s)\s*", "", unmarked(line)).strip()
        if meaningful(clean):
            return clean[:80]
    return ""


def _parse(doc: Document, kind: str | None) -> tuple[Document, int]:
    """Parse a candidate exactly as the catalog will; (document with title and kind, sheet count).
    Raises DocumentError naming the file when it yields no sheets."""
    from assistant.ingest.catalog import detect_kind, parse_document

    if doc.kind == "pdf":
        from assistant.ingest.parsing.pdf import pdf_sheets
        from assistant.ingest.parsing.pdf_text import document_title, read_pdf

        if not doc.title:
            doc.title = document_title(read_pdf(doc.path))
        sheets = pdf_sheets(doc)
    else:
        text = doc.read()
        if not doc.title:
            doc.title = first_meaningful_line(text)
        doc.kind = kind or detect_kind(text)
        sheets = parse_document(doc, text, doc.kind)
    if not sheets or not any(s.text.strip() for s in sheets):
        raise DocumentError(f"{doc.path}: no text could be read into sheets")
    if not doc.title:
        doc.title = sheets[0].title[:80] or doc.file
    return doc, len(sheets)


def _free_name(docs_dir: Path, name: str, taken: set[str]) -> str:
    """The file's own name, or name-2.pdf, name-3.pdf … when a different file already has it."""
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, n = name, 1
    while candidate in taken or (docs_dir / candidate).exists() or candidate == REGISTRY:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    return candidate


# ---- registry --------------------------------------------------------------------------------
def _read_registry(reg: Path) -> tuple[str, dict]:
    if not reg.exists():
        return "", {}
    text = reg.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise DocumentError(f"{reg}: not valid YAML ({exc}); fix the file first") from None
    if not isinstance(data, dict):
        raise DocumentError(f"{reg}: expected a mapping with a `documents:` list; fix the file first")
    return text, data


def _entry_yaml(entry: dict) -> str:
    dumped = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)
    return "".join("  " + ln + "\n" for ln in dumped.splitlines())


def _render(text: str, data: dict, add: list[dict], remove: set[str]) -> str:
    """The registry with entries added / removed, its comments and layout kept where the text can be
    edited in place; rebuilt from the data below the original comment header otherwise."""
    entries = [e for e in (data.get("documents") or []) if str(e.get("file", "")) not in remove] + add
    want = {**data, "documents": entries}
    edited = _edit_text(text, add, remove) if text else None
    if edited is not None:
        try:
            if (yaml.safe_load(edited) or {}) == want:
                return edited
        except yaml.YAMLError:
            pass
    header = "".join(ln for ln in _leading_comments(text)) or DEFAULT_HEADER
    body = yaml.safe_dump(want, allow_unicode=True, sort_keys=False, width=1000)
    return header + body


def _leading_comments(text: str) -> list[str]:
    out = []
    for line in text.splitlines(keepends=True):
        if line.strip() and not line.lstrip().startswith("#"):
            break
        out.append(line)
    return out


def _edit_text(text: str, add: list[dict], remove: set[str]) -> str | None:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    # remove: the `- file: NAME` item and its more-indented continuation lines
    for name in remove:
        for i, line in enumerate(lines):
            m = re.match(r"^(\s*)-\s+file:\s*(.+?)\s*$", line)
            if m and yaml.safe_load(m.group(2)) == name:
                indent = len(m.group(1))
                j = i + 1
                while (j < len(lines) and lines[j].strip() and not lines[j].lstrip().startswith("-")
                       and len(lines[j]) - len(lines[j].lstrip()) > indent):
                    j += 1
                del lines[i:j]
                break
        else:
            return None
    if add:
        docs_at = next((i for i, ln in enumerate(lines) if re.match(r"^documents:\s*(\[\])?\s*$", ln)), None)
        if docs_at is None:
            lines += ["documents:\n"]
        elif lines[docs_at].strip() != "documents:":
            lines[docs_at] = "documents:\n"
        # after the last line of the documents block (indented or list lines following `documents:`)
        start = docs_at if docs_at is not None else len(lines) - 1
        end = start + 1
        while end < len(lines) and (lines[end].startswith((" ", "-", "\t")) or not lines[end].strip()
                                    or lines[end].lstrip().startswith("#") and lines[end].startswith(" ")):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        lines[end:end] = [_entry_yaml(e) for e in add]
    return "".join(lines)


def write_registry(docs_dir: Path, add: Iterable[dict] = (), remove: Iterable[str] = ()) -> None:
    """Atomically rewrite registry.yaml with entries added and/or removed."""
    reg = Path(docs_dir) / REGISTRY
    text, data = _read_registry(reg)
    new = _render(text, data, list(add), set(remove))
    _write_text(reg, new)


def _write_text(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder and os.replace: never half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# ---- add / remove ----------------------------------------------------------------------------
def add_documents(settings, paths: Iterable[str | Path], title: str | None = None, kind: str | None = None,
                  progress: Progress | None = None, *, refresh: Refresh) -> list[Document]:
    """Check, copy into settings.docs_dir with a registry entry, and refresh the index (`refresh`, the
    service's: Assistant.add_documents passes its own). All files or none: the first file that cannot
    be used stops the call before anything is written. One function because the rollback on failure
    must see every step it undoes."""
    docs_dir = Path(settings.docs_dir)
    sources = [Path(p).expanduser() for p in paths]
    if not sources:
        raise AssistantError("no files given: name the PDF, .txt or .md files to add")
    if title is not None and len(sources) > 1:
        raise AssistantError("--title names one document; add the files one at a time to title each")
    if kind is not None and kind not in KINDS:
        raise AssistantError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    title = (title or "").strip() or None
    present: dict[str, list[str]] = {}
    for d in load_registry(docs_dir) if docs_dir.exists() else []:
        present.setdefault(d.digest(), []).append(d.file)
    registered = _registered(docs_dir)
    planned: list[tuple[Path, Document, bool]] = []  # (source, document as it will be, copy needed)
    taken: set[str] = set()
    for i, src in enumerate(sources, 1):
        check_file(src)
        digest = _sha256(src)
        in_place = src.resolve().parent == docs_dir.resolve() and src.name not in registered
        same = [f for f in present.get(digest, []) if not (in_place and f == src.name)]
        if same:
            raise DocumentError(f"{src}: already present as {same[0]} (same content); nothing added")
        present.setdefault(digest, []).append(str(src))
        name = src.name if in_place else _free_name(docs_dir, src.name, taken)
        taken.add(name)
        doc = make_document(name, title or "", kind if is_pdf(src) else None, src)
        doc, count = _parse(doc, kind if not is_pdf(src) else None)
        log.info("%s: %d sheets, title %r", src, count, doc.title)
        planned.append((src, doc, not in_place))
        if progress:
            progress("check", i, len(sources))
    docs_dir.mkdir(parents=True, exist_ok=True)
    reg = docs_dir / REGISTRY
    reg_text = reg.read_text(encoding="utf-8") if reg.exists() else None
    copied: list[Path] = []
    try:
        for src, doc, copy in planned:
            target = docs_dir / doc.file
            if copy:
                tmp = docs_dir / f".{doc.file}.{os.getpid()}.part"
                shutil.copyfile(src, tmp)
                os.replace(tmp, target)
                copied.append(target)
            doc.path = target
        write_registry(docs_dir, add=[_entry(d) for _, d, _ in planned])
    except OSError as exc:
        for path in copied:
            path.unlink(missing_ok=True)
        _restore(reg, reg_text)
        raise DocumentError(f"{docs_dir}: the documents could not be written ({exc}); "
                            "nothing added") from None
    docs = [d for _, d, _ in planned]
    try:
        refresh(progress)
    except AssistantError as exc:
        _restore(reg, reg_text)
        for path in copied:
            path.unlink(missing_ok=True)
        _refresh_quietly(refresh)
        raise AssistantError(f"the index could not be refreshed with {', '.join(d.file for d in docs)} "
                             f"({exc}); the documents were not added") from None
    return docs


def _restore(reg: Path, text: str | None) -> None:
    """Put registry.yaml back as it was (absent when it was absent)."""
    if text is None:
        reg.unlink(missing_ok=True)
    elif not reg.exists() or reg.read_text(encoding="utf-8") != text:
        _write_text(reg, text)


def _entry(doc: Document) -> dict:
    if doc.kind == "pdf":
        return {"file": doc.file, "title": doc.title, "kind": doc.layout or "pdf"}
    return {"file": doc.file, "title": doc.title, "kind": doc.kind}


def _registered(docs_dir: Path) -> set[str]:
    _, data = _read_registry(docs_dir / REGISTRY)
    return {str(e.get("file", "")) for e in (data.get("documents") or [])}


def find_document(docs_dir: Path, name: str) -> Document:
    """A document by file name, file stem or exact title."""
    docs = load_registry(docs_dir) if Path(docs_dir).exists() else []
    wanted = name.strip()
    for match in (lambda d: d.file == wanted, lambda d: Path(d.file).stem == wanted,
                  lambda d: d.title.strip() == wanted):
        hits = [d for d in docs if match(d)]
        if len(hits) == 1:
            return hits[0]
    listed = ", ".join(d.file for d in docs) or "none"
    raise DocumentError(f"{name}: no such document in {docs_dir} (documents: {listed})")


def remove_document(settings, name: str, progress: Progress | None = None, *, refresh: Refresh) -> Document:
    """Take a document out of settings.docs_dir (file and registry entry) and refresh the index
    (`refresh`, the service's)."""
    docs_dir = Path(settings.docs_dir)
    doc = find_document(docs_dir, name)
    if len(load_registry(docs_dir)) <= 1:
        raise DocumentError(f"{doc.file}: the only document; add another before removing it "
                            "(the assistant needs at least one)")
    reg_text, _ = _read_registry(docs_dir / REGISTRY)
    parked = docs_dir / f".{doc.file}.{os.getpid()}.removing"
    os.replace(doc.path, parked)
    try:
        if doc.file in _registered(docs_dir):
            write_registry(docs_dir, remove=[doc.file])
    except Exception:
        os.replace(parked, doc.path)
        raise
    try:
        refresh(progress)
    except AssistantError as exc:
        os.replace(parked, doc.path)
        _restore(docs_dir / REGISTRY, reg_text or None)
        _refresh_quietly(refresh)
        raise AssistantError(f"the index could not be refreshed without {doc.file} ({exc}); "
                             "the document was kept") from None
    parked.unlink(missing_ok=True)
    return doc


def _refresh_quietly(refresh: Refresh) -> None:
    try:
        refresh(None)
    except AssistantError as exc:  # the earlier error is the one reported
        log.warning("%s", exc)


__all__ = ["add_documents", "remove_document", "find_document", "write_registry", "check_file",
           "PDF_SUFFIXES"]
