"""HTML left in the plan texts is read with an HTML parser into text and table rows."""
from __future__ import annotations

import re

from assistant.text.markup import clean_line, clean_text, has_markup, html_rows, to_text
from tests.helpers import DOCS

INSPECTION = DOCS / "000_1412c9d0e289725a.txt"
TAG = re.compile(r"</?(ul|li|p|br|div|span|table|tr|td)\b|style=", re.IGNORECASE)


def test_real_table_row_keeps_its_cells_and_loses_its_tags():
    line = next(ln for ln in INSPECTION.read_text(encoding="utf-8").splitlines() if "<ul" in ln)
    (row,) = clean_line(line)
    cells = row.split("\t")
    assert len(cells) == len(line.split("\t")) == 5
    assert not TAG.search(row)
    assert cells[0].startswith("モノの生産に必要な資源の最小化 安全な循環資源・再生可能資源の割合の向上")
    assert "(上記実現のために)" in cells[1] and cells[4].endswith("優先順位を変えて最適化")


def test_document_brackets_are_text_not_markup():
    assert not has_markup("<対象事業> <①事業形態の高度化> <https://cloma.net/memberlist/> 1 < 2 > 0")
    assert clean_line("<b>太字</b> <https://x.example/> <対象事業>") == ["太字 <https://x.example/> <対象事業>"]


def test_html_table_becomes_tab_separated_rows():
    rows = clean_line("<table><tr><th>指標</th><th>目標</th></tr><tr><td>A &amp; B</td><td>1%</td></tr></table>")
    assert rows == ["指標\t目標", "A & B\t1%"]
    assert html_rows("<td>x</td>") == [["x"]]


def test_scripts_styles_and_comments_are_dropped():
    assert to_text("前<script>alert(1)</script><style>p{}</style><!-- memo -->後<br/>行") == "前後 行"


def test_text_without_markup_is_unchanged():
    text = "指標\t数値目標 (目標年次)\t備考\n<対象事業>\n"
    assert clean_text(text) is text


def test_no_sheet_keeps_markup(catalog):
    for s in catalog.sheets:
        assert not TAG.search(s.text), (s.id, TAG.search(s.text).group(0))
    background = next(s for s in catalog.sheets if "モノの生産に必要な資源の最小化" in s.text)
    row = next(ln for ln in background.text.splitlines() if ln.startswith("モノの生産"))
    assert row.count("\t") == 4
