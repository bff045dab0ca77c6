"""HTML and Markdown for the web UI. Pure functions, no Gradio.

Every string that comes from a document or a user goes through :func:`esc` (``html.escape``) before it
is put into HTML, and through :func:`md_text` (HTML-escaped, then Markdown metacharacters
backslash-escaped) before it is put into Markdown, so neither can inject markup, scripts, links or
images. Only the ``[n]`` citation markers are turned into links, by this module."""
from __future__ import annotations

import html
import re

from assistant.answer.citations import MARKER
from assistant.briefing import short_question
from assistant.models import Sheet
from assistant.settings import shown_url
from assistant.text import japan_time
from assistant.text.normalize import nfkc

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$])")


def esc(value) -> str:
    """HTML-escape anything (None becomes the empty string)."""
    return html.escape("" if value is None else str(value), quote=True)


def md_text(value) -> str:
    """Text that Markdown shows literally: HTML-escaped, then Markdown metacharacters escaped (``-``
    is left alone, so the composer's ``- `` bullets stay list items)."""
    return _MD_SPECIAL.sub(r"\\\1", esc(value))


def anchor(turn: int, n: int) -> str:
    return f"src-{turn}-{n}"


def answer_markdown(text: str, turn: int) -> str:
    """The answer as safe Markdown whose ``[n]`` markers link to the source card ``#src-turn-n``; a line that
    follows a bullet without being one (the next part's 「…」より:) starts a paragraph of its own, not the
    bullet's continuation."""
    lines = (text or "").split("\n")
    text = "\n".join(line if i == 0 or line.startswith("- ") or not lines[i - 1].startswith("- ") else "\n" + line
                     for i, line in enumerate(lines))
    parts, last = [], 0
    for m in MARKER.finditer(text):
        parts.append(md_text(text[last:m.start()]))
        n = int(m.group(1))
        parts.append(f'<a class="cite" href="#{anchor(turn, n)}" title="出典 [{n}]">[{n}]</a>')
        last = m.end()
    parts.append(md_text(text[last:]))
    return "".join(parts)


def page_label(page, kind: str | None = None) -> str:
    """The page as a card shows it; a 点検 section has none because the document prints no page numbers."""
    if page is not None:
        return f"p.{page}"
    return "頁番号なし（この資料には頁番号がありません）" if kind == "inspection" else "頁不明"


def chat_messages(turns: list[dict]) -> list[dict]:
    """The chatbot's messages for the conversation state (``{"question", "answer"|"error"}`` items)."""
    out = []
    for n, t in enumerate(turns, 1):
        out.append({"role": "user", "content": md_text(t["question"])})
        if "answer" not in t:
            out.append({"role": "assistant", "content": f"**エラー**: {md_text(t.get('error'))}"})
            continue
        a = t["answer"]
        text = answer_markdown(a.get("answer", ""), n)
        note = reading_note(a)
        if note:  # how the question was read, above the answer, so a wrong reading is seen at once
            text = f"<small>↪ {md_text(note)}（新しい質問として聞き直すには下のボタン）</small>\n\n{text}"
        read = (a.get("request") or {}).get("summary")
        if read:  # the whole reading, folded: what was taken as asked, checked, framing, scope
            text += f"\n\n<details><summary><small>質問の読み取り</small></summary><small>{esc(read)}</small></details>"
        if a.get("citations"):
            text += f"\n\n<small>出典 {len(a['citations'])} 件（右の出典カード Q{n}）</small>"
        for note in a.get("notices") or []:
            text += f"\n\n<small>※ {md_text(note)}</small>"
        out.append({"role": "assistant", "content": text})
    return out


def reading_note(answer: dict) -> str | None:
    """How a follow-up was read (``ask --json``'s topic and carried), in words for the reader."""
    if answer.get("topic"):
        return f"前の質問の『{answer['topic']}』について答えています"
    if "aspect" in (answer.get("carried") or []):
        return "前の質問と同じ点（目標・時期など）について答えています"
    return None


# ---- sheet text with the quoted span highlighted ---------------------------------------------
def _norm_map(text: str, fold: bool = False) -> tuple[str, list[int]]:
    """NFKC, whitespace removed (as sheets.norm), ASCII lowercased with `fold`, with the original index
    of every kept char."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in nfkc(ch):
            if not c.isspace():
                chars.append(c.lower() if fold and c.isascii() else c)
                where.append(i)
    return "".join(chars), where


def _merged(spans) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def quote_spans(text: str, quotes) -> list[tuple[int, int]]:
    """Merged (start, end) spans of ``text`` that hold each quote (matched as citations are checked:
    NFKC, whitespace ignored)."""
    normed, where = _norm_map(text)
    spans = []
    for q in quotes:
        nq = _norm_map(q or "")[0]
        pos = normed.find(nq) if nq else -1
        if pos >= 0:
            spans.append((where[pos], where[pos + len(nq) - 1] + 1))
    return _merged(spans)


def word_spans(text: str, words) -> list[tuple[int, int]]:
    """Merged spans of every occurrence of each searched word (case, width and spaces ignored)."""
    normed, where = _norm_map(text, fold=True)
    spans = []
    for w in words:
        nw = _norm_map(w or "", fold=True)[0]
        pos = normed.find(nw) if nw else -1
        while pos >= 0:
            spans.append((where[pos], where[pos + len(nw) - 1] + 1))
            pos = normed.find(nw, pos + len(nw))
    return _merged(spans)


def highlight(text: str, quotes=(), words=()) -> str:
    """The escaped text with every quoted span and every occurrence of the searched words in ``<mark>``."""
    out, last = [], 0
    for s, e in _merged(quote_spans(text, quotes) + word_spans(text, words)):
        out.append(esc(text[last:s]))
        out.append(f"<mark>{esc(text[s:e])}</mark>")
        last = e
    out.append(esc(text[last:]))
    return "".join(out)


# ---- source cards ------------------------------------------------------------------------------
NO_OWNER = "記載なし"  # the plan names no ministry in charge of the sheet (most 施策集 sheets)


def ministries_html(sheet: Sheet | None) -> str:
    if sheet is None:
        return ""
    stated = "、".join(esc(x) for x in sheet.stated) or NO_OWNER
    mentioned = "、".join(f'<span class="mention" title="{esc(m.quote)}">{esc(m.name)}</span>'
                         for m in sheet.mentioned) or "—"
    return (f'<div class="src-min"><span class="lbl">所管（明記）</span> {stated}'
            f'　<span class="lbl">言及</span> {mentioned}</div>')


def source_card(turn: int, c: dict, sheet: Sheet | None) -> str:
    doc = sheet.doc_title if sheet is not None else c.get("doc")
    text = sheet.text if sheet is not None else ""
    body = (f'<details class="src-full"><summary>シート全文を表示</summary>'
            f'<div class="sheet-text">{highlight(text, [c.get("quote", "")])}</div></details>'
            if text else "")
    return (f'<div class="src-card" id="{anchor(turn, int(c["n"]))}">'
            f'<div class="src-head"><span class="src-n">[{int(c["n"])}]</span> '
            f'<span class="src-title">{esc(c.get("title"))}</span></div>'
            f'<div class="src-meta">{esc(doc)}<br>{esc(c.get("section"))}　'
            f'{esc(page_label(c.get("page"), sheet.kind if sheet is not None else None))}　'
            f'<span class="lbl">項目</span> {esc(c.get("field"))}</div>'
            f'{ministries_html(sheet)}'
            f'<blockquote class="src-quote">{esc(c.get("quote"))}</blockquote>{body}</div>')


def sources_html(turns: list[dict], lookup, keep: int = 10) -> str:
    """The source panel: the newest turn's cards open, earlier turns folded (at most ``keep``)."""
    if not any("answer" in t for t in turns):
        return ('<div class="src-empty">質問すると、回答の根拠となった出典シート（文書・章・施策名・頁・'
                '項目・府省庁）がここに表示されます。</div>')
    blocks = []
    answered = [t for t in range(len(turns), 0, -1) if "answer" in turns[t - 1]][:keep]
    for t in answered:
        ans = turns[t - 1]["answer"]
        cards = "".join(source_card(t, c, lookup(c["sheet_id"])) for c in ans.get("citations", []))
        if not cards:
            cards = '<div class="src-empty">この回答には出典がありません（文書に記載が見つかりませんでした）。</div>'
        opened = " open" if t == answered[0] else ""
        blocks.append(f'<details class="src-turn" id="turn-{t}"{opened}><summary>Q{t}. '
                      f'{esc(short_question(turns[t - 1]["question"]))}</summary>{cards}</details>')
    return "".join(blocks)


def guessed(sheet: Sheet) -> bool:
    """Whether the sheet's name was read from its text rather than given by the plan (title line,
    heading, table of contents): the lists mark it （推定）."""
    return sheet.title_source in ("subject", "derived") or (not sheet.title_source and sheet.title_derived)


def sheet_html(sheet: Sheet | None, words=()) -> str:
    """One sheet in full (施策一覧 tab), every occurrence of the searched `words` highlighted. The id
    stays in an attribute (scripts and tests find the sheet by it); staff read the sheet by its name."""
    if sheet is None:
        return '<div class="src-empty">一覧の行を選ぶと、そのシートの全文がここに表示されます。</div>'
    derived = "（推定）" if guessed(sheet) else ""
    places = "".join(f"<li>{esc(p.section)}　{esc(page_label(p.page, sheet.kind))}　{esc(p.title)}</li>"
                     for p in sheet.places)
    places_html = f'<div class="src-meta">掲載箇所<ul>{places}</ul></div>' if len(sheet.places) > 1 else ""
    return (f'<div class="sheet-view" data-sheet-id="{esc(sheet.id)}">'
            f'<h3>{highlight(sheet.title, words=words)}{derived}</h3>'
            f'<div class="src-meta">{esc(sheet.doc_title)}<br>{esc(sheet.section)}　'
            f'{esc(page_label(sheet.page, sheet.kind))}</div>'
            f'{ministries_html(sheet)}{places_html}'
            f'<div class="sheet-text">{highlight(sheet.text, words=words)}</div></div>')


# ---- status ------------------------------------------------------------------------------------
def built_at_jst(value: str | None) -> str:
    """The index's build time in Japan time (「2026年12月2日 11:38（日本時間）」); the manifest keeps the
    server's local time with its offset (a time without one is taken as the server's local time)."""
    from datetime import datetime

    if not value:
        return ""
    try:
        when = datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            return value
    return japan_time.shown(when)


def status_html(status: dict, settings=None, titles: dict | None = None, sheets_per_doc: dict | None = None,
                indicators: dict | None = None) -> str:
    """The status panel for staff: when the index was built, which documents and how many sheets and
    indicators it holds, whether an LLM writes the answers; the model and its settings folded away.
    ``titles`` maps document file names to their titles; ``indicators`` is IndicatorTable.counts()."""
    idx = status.get("index", {})
    docs = idx.get("documents") or []
    per_doc = sheets_per_doc or {}
    doc_items = "".join(f"<li>{esc((titles or {}).get(d, d))}"
                        f"{f'（{per_doc[d]} シート）' if d in per_doc else ''}</li>" for d in docs)
    built = built_at_jst(idx.get("built_at")) or "未作成（最初の質問のときに作成します）"
    ind = indicators or {}
    ind_line = (f"<li><b>指標数</b>: {ind.get('rows', 0)}（点検資料と施策集で対応づいたもの {ind.get('joined', 0)}）</li>"
                if ind else "")
    if status.get("mode") == "llm":
        url = shown_url(settings.llm_base_url) if settings is not None and settings.llm_base_url else None
        llm = "設定あり（回答を LLM が作成し、文書の記載と照合します）"
        mode = f"LLM エンドポイント（モデル: {esc(status.get('llm_model'))}、{esc(url)}）"
    else:
        llm = "設定なし（回答は文書の記載を引用して作成します）"
        mode = "オフライン作成（LLM を使わず、文書の記載を引用して回答）"
    details = [f"<li>回答モード: {mode}</li>",
               f"<li>埋め込みモデル: {esc(idx.get('embedding_model'))}</li>"]
    if settings is not None:
        details += [f"<li>接頭辞: 質問「{esc(getattr(settings, 'embedding_query_prefix', ''))}」、"
                    f"文書「{esc(getattr(settings, 'embedding_passage_prefix', ''))}」</li>",
                    f"<li>チャンク: {idx.get('chunks', 0)} 個（{esc(getattr(settings, 'chunk_tokens', ''))} トークン目安）</li>",
                    f"<li>指標の対応づけのしきい値: {esc(getattr(settings, 'indicator_join_threshold', ''))}</li>"]
    if idx.get("built_at"):
        details.append(f"<li>作成日時（サーバー時刻）: {esc(idx.get('built_at'))}</li>")
    return (f'<div class="status-panel"><ul>'
            f"<li><b>インデックス作成日時</b>: {esc(built)}</li>"
            f"<li><b>文書</b>（{len(docs)} 件）<ul>{doc_items}</ul></li>"
            f"<li><b>シート数</b>: {idx.get('sheets', 0)}</li>{ind_line}"
            f"<li><b>LLM</b>: {llm}</li></ul>"
            f'<details class="status-details"><summary>技術情報（モデル・設定）</summary><ul>{"".join(details)}'
            f"</ul></details></div>")
