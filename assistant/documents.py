"""The document registry (docs_source/registry.yaml) and reading documents safely."""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DocumentError

log = logging.getLogger(__name__)
REGISTRY = "registry.yaml"
TEXT_SUFFIXES = (".txt", ".md")
KINDS = ("measures", "inspection", "text")


@dataclass
class Document:
    file: str
    title: str
    kind: str
    path: Path

    def read(self) -> str:
        """The document's text; a clear DocumentError naming the file when it cannot be used."""
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


def load_registry(docs_dir: Path) -> list[Document]:
    """Registered documents first (in registry order), then any other text file in the folder."""
    entries: list[dict] = []
    reg = docs_dir / REGISTRY
    if reg.exists():
        try:
            data = yaml.safe_load(reg.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise DocumentError(f"{reg}: not valid YAML ({exc}); fix the file") from None
        entries = list(data.get("documents") or [])
    docs: list[Document] = []
    seen: set[str] = set()
    for entry in entries:
        name = str(entry.get("file", ""))
        path = docs_dir / name
        if not name or not path.exists():
            log.warning("%s lists %r, which is not in %s; skipped", reg, name, docs_dir)
            continue
        kind = entry.get("kind") or "auto"
        docs.append(Document(name, str(entry.get("title") or name), kind, path))
        seen.add(name)
    for path in sorted(docs_dir.iterdir()) if docs_dir.exists() else []:
        if path.suffix.lower() in TEXT_SUFFIXES and path.name not in seen and path.is_file():
            docs.append(Document(path.name, "", "auto", path))
    return docs
