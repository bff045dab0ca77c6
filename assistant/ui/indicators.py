"""The 指標 tab's content, as pure functions (no Gradio): the table's rows under the filters, the source
cards of a row, and a chart of each indicator's latest value against its target where both are numbers
in one unit. Strings from the documents go through render.esc like every other card."""
from __future__ import annotations

from assistant.indicators.quantities import same_unit
from assistant.models import IndicatorRow
from assistant.ui.render import esc, source_card
from assistant.ui.search import KeywordSearch, words

HEADERS = ["区分", "指標", "目標（点検資料）", "最新値", "傾向・見込み", "目標（施策集）", "文書"]
ALL = "（すべて）"
DOC_NAMES = {"inspection": "点検資料", "follow-up": "点検資料", "measure": "施策集"}


def _shown(value) -> str:
    return value.shown() if value else ""


def row_cells(row: IndicatorRow) -> list:
    ins, mea = row.inspection, row.measure
    docs = "・".join(dict.fromkeys(DOC_NAMES[i.kind] for i in (ins, mea) if i))
    outlook = "、".join(x for x in ((ins.outlook, ins.direction) if ins else ()) if x)
    return [row.part, row.name, _shown(ins.target if ins else None), _shown(row.latest), outlook,
            _shown(mea.target if mea else None), docs]


def row_text(row: IndicatorRow) -> str:
    """What the keyword search looks in: the names, values, notes and quoted lines."""
    parts = [row.name, row.part, *row.ministries]
    for ind in (row.inspection, row.measure):
        if ind:
            parts += [ind.name, ind.note, ind.direction, ind.outlook, *(q.quote for q in ind.quotes),
                      *(q.title for q in ind.quotes)]
    return "\n".join(p for p in parts if p)


def choices(table) -> tuple[list[str], list[str], list[str]]:
    """The filters' options: parts, documents, ministries (as the rows' sheets state them)."""
    rows = table.rows if table else []
    parts = [ALL, *dict.fromkeys(r.part for r in rows)]
    docs = [ALL, *dict.fromkeys(DOC_NAMES[i.kind] for r in rows for i in (r.inspection, r.measure) if i)]
    names = [ALL, *sorted({n for r in rows for n in r.ministries})]
    return parts, docs, names


def search(table, glossary=None) -> KeywordSearch:
    """The keyword search of the table's rows: by the indicator's name (which ranks a row named by the
    query first), then by everything the row says (row_text)."""
    rows = table.rows if table else []
    return KeywordSearch([(r.name, row_text(r)) for r in rows], glossary.variants if glossary is not None else None)


def filtered(table, part: str, doc: str, ministry: str, query: str = "", keywords: KeywordSearch | None = None
             ) -> list[IndicatorRow]:
    """The rows under the filters; with a query (and the table's `keywords` search), the rows it
    finds among them, best first: the rows whose name holds the query before those that only mention
    it in a note or a quoted line."""
    rows = table.rows if table else []
    shown = []
    for i, r in enumerate(rows):
        if part not in (None, "", ALL) and r.part != part:
            continue
        if doc not in (None, "", ALL) and doc not in {DOC_NAMES[x.kind] for x in (r.inspection, r.measure) if x}:
            continue
        if ministry not in (None, "", ALL) and ministry not in r.ministries:
            continue
        shown.append(i)
    if not words(query) or keywords is None:
        return [rows[i] for i in shown]
    return [rows[f.index] for f in keywords.find(query, among=shown)]


def cards_html(row: IndicatorRow | None, lookup) -> str:
    """The row's source cards: every sheet line a value of the row is read from, in its sheet."""
    if row is None:
        return '<div class="src-empty">表の行を選ぶと、その指標の値の出典（シートと該当行）がここに表示されます。</div>'
    cards = []
    for n, q in enumerate(row.sources, 1):
        c = {"n": n, "sheet_id": q.sheet_id, "doc": q.doc, "title": q.title, "section": q.section, "page": q.page,
             "field": q.field, "quote": q.quote}
        cards.append(source_card(0, c, lookup(q.sheet_id)))
    head = f'<div class="src-head"><span class="src-title">{esc(row.name)}</span></div>'
    return f'<div class="indicator-sources" data-row-id="{esc(row.id)}">{head}{"".join(cards)}</div>'


def comparable(rows: list[IndicatorRow]) -> list[IndicatorRow]:
    """The rows whose latest value and target are numbers in one unit."""
    return [r for r in rows if same_unit(r.target, r.latest)]


def chart(rows: list[IndicatorRow]):
    """Each comparable indicator's latest value as a share of its target (a bar; the line at 100 % is the
    target), or None when no row has both. An indicator that should decrease is on track below 100 %."""
    rows = comparable(rows)
    if not rows:
        return None
    import matplotlib

    matplotlib.use("Agg")  # no display: the figure is drawn into the page by Gradio
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    font = next((f for f in ("Noto Sans CJK JP", "Noto Serif CJK JP", "IPAexGothic", "TakaoGothic") if f in names),
                None)
    fig, ax = plt.subplots(figsize=(9, 0.9 + 0.7 * len(rows)))
    labels, shares, colors = [], [], []
    for r in rows:
        if r.latest is None or r.target is None or r.latest.number is None:  # comparable() keeps none such
            continue
        share = 100.0 * r.latest.number / r.target.number if r.target.number else 0.0
        down = r.inspection is not None and "減少" in r.inspection.direction
        labels.append(f"{r.name[:24]}\n最新 {r.latest.text} / 目標 {r.target.text}")
        shares.append(share)
        reached = share <= 100 if down else share >= 100
        colors.append("#16a34a" if reached else ("#dc2626" if down else "#2563eb"))
    ax.barh(range(len(rows)), shares, color=colors, height=0.55)
    ax.axvline(100, color="#111827", linestyle="--", linewidth=1)
    for y, share in enumerate(shares):
        ax.text(share + 1, y, f"{share:.0f}%", va="center", fontsize=9, fontfamily=font)
    ax.set_yticks(range(len(rows)), labels, fontfamily=font, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, max(110.0, max(shares) * 1.15))
    ax.set_xlabel("最新値 ÷ 目標（%）　破線 = 目標　赤 = 減少が望ましい指標で目標より多い", fontfamily=font, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    plt.close(fig)  # Gradio keeps the figure; pyplot's registry need not
    return fig
