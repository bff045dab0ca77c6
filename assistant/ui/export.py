"""Briefing export: the answers the user chose, each statement with the source line it cites, as
Markdown and as an A4 Word document (.docx) with real list styles, a title and the date.

``turns`` is the UI's conversation state: a list of ``{"question": str, "answer": Answer.to_json()}``.
Text from users and documents is HTML-escaped in the Markdown (so a viewer that renders HTML in
Markdown shows it as text); the .docx holds plain text and needs no escaping."""
from __future__ import annotations

import html
import re
import tempfile
from datetime import datetime
from pathlib import Path

from assistant.answer.citations import MARKER
from assistant.ui.render import short_question

TITLE = "循環経済行動計画 Q&A ブリーフィング"
AUTHOR = "循環経済行動計画 Q&A"
ABSTAINED = "文書に該当する記載が見つからなかったため、回答を控えました。"


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=False)


def _loc(c: dict) -> str:
    page = f"p.{c['page']}" if c.get("page") is not None else "頁番号なし"
    return "、".join(x for x in (c.get("title"), c.get("section"), page, c.get("field")) if x)


def statements(answer: dict) -> list[dict]:
    """The answer as statements: its lines without list marks, each with the citations it carries
    (``{"text", "item", "sources": [citation dict]}``); ``item`` is whether it was a list item."""
    by_n = {int(c["n"]): c for c in answer.get("citations") or []}
    out = []
    for line in (answer.get("answer") or "").splitlines():
        if not line.strip():
            continue
        item = line.startswith("- ")
        text = line[2:] if item else line
        sources = [by_n[n] for n in dict.fromkeys(int(m.group(1)) for m in MARKER.finditer(text)) if n in by_n]
        out.append({"text": text.strip(), "item": item, "sources": sources})
    return out


def chosen(turns: list[dict], picked: list[int] | None) -> list[tuple[int, dict]]:
    """The answered turns to export, numbered as in the chat: those picked (1-based), else the last."""
    answered = [(i, t) for i, t in enumerate(turns, 1) if "answer" in t]
    if picked:
        wanted = set(picked)
        return [(i, t) for i, t in answered if i in wanted]
    return answered[-1:]


def briefing_markdown(turns: list[dict], now: datetime | None = None, picked: list[int] | None = None) -> str:
    now = now or datetime.now()
    items = chosen(turns, picked)
    out = [f"# {TITLE}", "", f"作成日: {now:%Y年%m月%d日 %H:%M}　項目数: {len(items)}", ""]
    for i, t in items:
        a = t["answer"]
        out += [f"## Q{i}. {_e(short_question(t['question']))}", ""]
        if a.get("abstained"):
            out += [f"> {ABSTAINED}", ""]
        for s in statements(a):
            out.append(f"- {_e(s['text'])}" if s["item"] else f"**{_e(s['text'])}**")
            for c in s["sources"]:
                out.append(f"  - 出典[{c['n']}]: 「{_e(c.get('quote'))}」（{_e(_loc(c))}）")
            if not s["item"]:
                out.append("")
        for note in a.get("notices") or []:
            out += ["", f"※ {_e(note)}"]
        out.append("")
    if not items:
        out += ["（書き出す回答がありません）", ""]
    return "\n".join(out)


def briefing_docx(turns: list[dict], path: Path, now: datetime | None = None, picked: list[int] | None = None) -> Path:
    from docx import Document
    from docx.shared import Mm, Pt

    now = now or datetime.now()
    items = chosen(turns, picked)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4, not the template's US Letter
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(20)
    props = doc.core_properties
    props.author = props.last_modified_by = AUTHOR
    props.title = TITLE
    props.created = props.modified = now
    doc.add_heading(TITLE, level=0)
    doc.add_paragraph(f"作成日: {now:%Y年%m月%d日 %H:%M}　項目数: {len(items)}")
    for i, t in items:
        a = t["answer"]
        doc.add_heading(f"Q{i}. {_clean(short_question(t['question']))}", level=1)
        if a.get("abstained"):
            doc.add_paragraph(ABSTAINED, style="Intense Quote")
        for s in statements(a):
            p = doc.add_paragraph(style="List Bullet" if s["item"] else None)
            run = p.add_run(_clean(s["text"]))
            run.bold = not s["item"]
            for c in s["sources"]:
                src = doc.add_paragraph(style="List Bullet 2")
                src.add_run(f"出典[{c['n']}] ").bold = True
                src.add_run(f"「{_clean(c.get('quote'))}」")
                loc = src.add_run(f"（{_clean(_loc(c))}）")
                loc.font.size = Pt(9)
        for note in a.get("notices") or []:
            doc.add_paragraph(f"※ {_clean(note)}")
    doc.save(str(path))
    return path


def _clean(value) -> str:
    """XML-safe text for python-docx (control characters removed)."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", "" if value is None else str(value))


def write_briefing(turns: list[dict], folder: Path | None = None, picked: list[int] | None = None) -> list[str]:
    """Write ``briefing-YYYYmmdd-HHMMSS.md`` and ``.docx`` to a fresh temporary folder; returns
    their paths (Markdown first). `picked`: the chat's question numbers to include (default: the last
    answer)."""
    now = datetime.now()
    folder = Path(folder or tempfile.mkdtemp(prefix="briefing-"))
    stem = folder / f"briefing-{now:%Y%m%d-%H%M%S}"
    md = stem.with_suffix(".md")
    md.write_text(briefing_markdown(turns, now, picked), encoding="utf-8")
    docx = briefing_docx(turns, stem.with_suffix(".docx"), now, picked)
    return [str(md), str(docx)]
