"""Briefing export: the conversation's answers with their citations, as Markdown and as .docx.

``turns`` is the UI's conversation state: a list of ``{"question": str, "answer": Answer.to_json()}``.
Text from users and documents is HTML-escaped in the Markdown (so a viewer that renders HTML in
Markdown shows it as text); the .docx holds plain text and needs no escaping."""
from __future__ import annotations

import html
import re
import tempfile
from datetime import datetime
from pathlib import Path

TITLE = "循環経済行動計画 Q&A ブリーフィング"


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=False)


def _loc(c: dict) -> str:
    page = f"p.{c['page']}" if c.get("page") is not None else "頁不明"
    return f"{c.get('section') or ''}、{page}、{c.get('field') or ''}"


def briefing_markdown(turns: list[dict], now: datetime | None = None) -> str:
    now = now or datetime.now()
    out = [f"# {TITLE}", "", f"作成日時: {now:%Y-%m-%d %H:%M}　質問数: {len(turns)}", ""]
    for i, t in enumerate(turns, 1):
        a = t["answer"]
        out += [f"## Q{i}. {_e(t['question'])}", ""]
        out += [_e(a.get("answer")), ""]
        if a.get("abstained"):
            out += ["> 文書に該当する記載が見つからなかったため、回答を控えました。", ""]
        for note in a.get("notices") or []:
            out += [f"※ {_e(note)}", ""]
        if a.get("citations"):
            out += ["### 出典", ""]
            for c in a["citations"]:
                out.append(f"- [{c['n']}] **{_e(c.get('title'))}**（{_e(_loc(c))}）  ")
                out.append(f"  「{_e(c.get('quote'))}」  ")
                out.append(f"  文書: {_e(c.get('doc_title') or c.get('doc'))}　シートID: `{_e(c.get('sheet_id'))}`")
            out.append("")
    if not turns:
        out += ["（まだ質問がありません）", ""]
    return "\n".join(out)


def briefing_docx(turns: list[dict], path: Path, now: datetime | None = None) -> Path:
    from docx import Document
    from docx.shared import Pt

    now = now or datetime.now()
    doc = Document()
    doc.add_heading(TITLE, level=0)
    doc.add_paragraph(f"作成日時: {now:%Y-%m-%d %H:%M}　質問数: {len(turns)}")
    for i, t in enumerate(turns, 1):
        a = t["answer"]
        doc.add_heading(f"Q{i}. {_clean(t['question'])}", level=1)
        for line in _clean(a.get("answer")).splitlines() or [""]:
            doc.add_paragraph(line)
        if a.get("abstained"):
            doc.add_paragraph("文書に該当する記載が見つからなかったため、回答を控えました。")
        for note in a.get("notices") or []:
            doc.add_paragraph(f"※ {_clean(note)}")
        if a.get("citations"):
            doc.add_heading("出典", level=2)
            for c in a["citations"]:
                p = doc.add_paragraph(style="List Bullet")
                p.add_run(f"[{c['n']}] {_clean(c.get('title'))}").bold = True
                p.add_run(f"（{_clean(_loc(c))}）")
                q = doc.add_paragraph(f"「{_clean(c.get('quote'))}」")
                q.paragraph_format.left_indent = Pt(18)
    doc.save(str(path))
    return path


def _clean(value) -> str:
    """XML-safe text for python-docx (control characters removed)."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", "" if value is None else str(value))


def write_briefing(turns: list[dict], folder: Path | None = None) -> list[str]:
    """Write ``briefing-YYYYmmdd-HHMMSS.md`` and ``.docx`` to a fresh temporary folder; returns
    their paths (Markdown first)."""
    now = datetime.now()
    folder = Path(folder or tempfile.mkdtemp(prefix="briefing-"))
    stem = folder / f"briefing-{now:%Y%m%d-%H%M%S}"
    md = stem.with_suffix(".md")
    md.write_text(briefing_markdown(turns, now), encoding="utf-8")
    docx = briefing_docx(turns, stem.with_suffix(".docx"), now)
    return [str(md), str(docx)]
