"""Fallback for text with no recognizable sheet structure: sections by heading-like lines, or by
paragraphs when there are no headings, so that every document stays usable."""
from __future__ import annotations

import re

from assistant.text.normalize import unmarked

HEADING_RE = re.compile(r"^(?:#{1,6}\s+.+|第[0-9０-９一二三四五六七八九十]+[章節].*|[0-9０-９]+[.．]\s*\S.{0,40}|[■◆●□]\s*\S.{0,40})$")
MAX_SECTION_CHARS = 2000


def split_sections(text: str) -> list[tuple[str, list[str]]]:
    """(title, lines) pairs; a title is a heading line, or the paragraph's first words."""
    lines = [unmarked(ln).strip() for ln in text.splitlines()]
    sections: list[tuple[str, list[str]]] = []
    if any(HEADING_RE.match(ln) for ln in lines if ln):
        title, body = "", list[str]()
        for ln in lines:
            if ln and HEADING_RE.match(ln):
                if body:
                    sections.append((title, body))
                title, body = ln.lstrip("#").strip(), []
            elif ln:
                body.append(ln)
        if body:
            sections.append((title, body))
    else:
        para: list[str] = []
        for ln in lines + [""]:
            if ln:
                para.append(ln)
            elif para:
                sections.append(("", para))
                para = []
    # very long sections are cut at line boundaries so each stays a readable unit
    out: list[tuple[str, list[str]]] = []
    for title, body in sections:
        chunk: list[str] = []
        for ln in body:
            if chunk and sum(len(x) for x in chunk) + len(ln) > MAX_SECTION_CHARS:
                out.append((title, chunk))
                chunk = []
            chunk.append(ln)
        if chunk:
            out.append((title, chunk))
    return [(t or body[0][:40], body) for t, body in out]
