"""The document registry (docs_source/registry.yaml) and reading documents safely."""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from assistant.config_files import read_registry
from assistant.errors import DocumentError

log = logging.getLogger(__name__)
REGISTRY = "registry.yaml"
TEXT_SUFFIXES = (".txt", ".md")
PDF_SUFFIXES = (".pdf",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES
KINDS = ("measures", "inspection", "text")


@dataclass
class Document:
    file: str
    title: str
    kind: str
    path: Path
    layout: str = ""  # for a PDF, the registry's kind as a hint (measures | inspection | text), else ""

    def read(self) -> str:
        """The document's text; a clear DocumentError naming the file when it cannot be used.
        A PDF has no such text: its pages are read by assistant.parsing.pdf."""
        if self.kind == "pdf":
            raise DocumentError(f"{self.path}: a PDF is read page by page (assistant.ingest.parsing.pdf), "
                                "not as text")
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise DocumentError(f"{self.path}: cannot be read ({exc.strerror})") from None
        if not raw.strip():
            raise DocumentError(f"{self.path}: the file is empty; remove it or replace it with the text")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"{self.path}: not UTF-8 text (byte {exc.start}); convert it, e.g. "
                                f"`iconv -f SHIFT_JIS -t UTF-8`") from None
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def digest(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest() if self.path.exists() else ""


def is_pdf(name: str | Path) -> bool:
    return Path(name).suffix.lower() in PDF_SUFFIXES


def make_document(name: str, title: str, kind: str | None, path: Path) -> Document:
    """A Document for a registry entry: a PDF always has kind "pdf" (its registered kind, if any, is
    kept as the layout hint), any other file its registered kind or "auto"."""
    kind = str(kind or "").strip()
    if is_pdf(name):
        return Document(name, title, "pdf", path, kind if kind in KINDS else "")
    return Document(name, title, kind or "auto", path)


def load_registry(docs_dir: Path) -> list[Document]:
    """Registered documents first (in registry order), then any other text or PDF file in the
    folder. A registry that does not fit its format raises ConfigError naming the entry to fix."""
    reg = docs_dir / REGISTRY
    entries = read_registry(reg).documents if reg.exists() else []
    docs: list[Document] = []
    seen: set[str] = set()
    for entry in entries:
        path = docs_dir / entry.file
        if not path.exists():
            log.warning("%s lists %r, which is not in %s; skipped", reg, entry.file, docs_dir)
            continue
        docs.append(make_document(entry.file, entry.title or entry.file, entry.kind, path))
        seen.add(entry.file)
    for path in sorted(docs_dir.iterdir()) if docs_dir.exists() else []:
        if (path.suffix.lower() in SUPPORTED_SUFFIXES and path.name not in seen and path.is_file()
                and not path.name.startswith(".")):
            docs.append(make_document(path.name, "", None, path))
    return docs
