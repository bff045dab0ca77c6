"""The three text parsers on miniature documents written for these tests: the 施策集 layout
(table of contents, breadcrumbs, field markers), the 点検 layout (Ⅲ-n, (n), ①) and the fallback
(headings or paragraphs). The real documents are covered in test_catalog.py, PDFs in test_pdf.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest.catalog import parse_document
from assistant.ingest.documents import Document
from assistant.ingest.parsing import generic, inspection, measures

# A 施策集 in miniature, laid out as the real one is: the table of contents (a section, a subsection,
# measures with their pages), section dividers, each sheet's title and ministry above the breadcrumb
# that repeats its section, then its fields. The fourth sheet lost its title line; the fifth repeats
# the second (【再掲】); the last is a 参考 page.
MEASURES = """循環経済行動計画 施策集

1. 再生資源の供給
- （1）拠点の整備** … 3
 - ・銅の再生原料の利用拡大 … 3
 - ・太陽光パネルのリサイクル … 4
2. 国民運動
- ・食品ロスの削減 ……6

1. 再生資源の供給

1. (1) 拠点の整備

銅の再生原料の利用拡大
経済産業省
1. 再生資源の供給
(1) 拠点の整備
【事業概要】
国産電解銅の再生原料比率を高めるため、e-scrap等の処理量を増やす。
【今後の予定】
2026年度
2027年度
受入設備を増強する。
【目指す姿／取組指標】
2030年に再生原料比率3割

太陽光パネルのリサイクル
環境省・経済産業省
1. 再生資源の供給
(1) 拠点の整備
【事業概要】
使用済太陽光パネルの回収と再資源化を義務化する法案を提出する。
【今後の予定】
第221回国会に法案を提出。

2. 国民運動

食品ロスの削減
消費者庁
2. 国民運動
【事業概要】
食品ロスの削減を国民運動として進める。

【事業概要】
○食品リサイクルループの構築
食品廃棄物の再生利用を進める。

太陽光パネルのリサイクル【再掲】
環境省・経済産業省
2. 国民運動
【事業概要】
使用済太陽光パネルの回収と再資源化を義務化する法案を提出する。
【参考】国民運動の実施体制
2. 国民運動
推進会議の構成員の一覧を示す。
"""

INSPECTION = """第1回点検 評価の方向性（案）
（1）この資料について
はじめに、本資料の位置付けを述べる。
Ⅲ-1 資源循環の基盤
（1）背景
再生材の需要が伸びている。
指標\t目標\t最新値
循環利用率\t19%\t16.1%
（2）評価
① 進捗
取組は概ね順調である。
② 課題
回収量が伸び悩んでいる。
III-2 国際連携
(1) 背景
**各国との合意**が進んだ。
- 日ASEANでの協力
Ⅲ-3 は第三の章番号に似た書き出しだが、実際には本文の一文であり、八十文字を超える長さがあるので章の見出しとは読まれず、直前の項目の本文として扱われるべき行である。
"""


def doc(name: str, kind: str) -> Document:
    return Document(name, "テスト文書", kind, Path(name))


# ---- measures ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def raw_sheets():
    lines = MEASURES.splitlines()
    return measures.build_raw_sheets(lines, measures.parse_toc(lines))


def test_the_table_of_contents_gives_sections_entries_and_pages():
    toc = measures.parse_toc(MEASURES.splitlines())
    assert toc.tops == {1: "再生資源の供給", 2: "国民運動"} and toc.subs == {(1, 1): "拠点の整備"}
    assert [(e.label, e.page, e.top, e.sub) for e in toc.entries] == [
        ("拠点の整備", 3, 1, 1), ("銅の再生原料の利用拡大", 3, 1, None), ("太陽光パネルのリサイクル", 4, 1, None),
        ("食品ロスの削減", 6, 2, None)]
    assert MEASURES.splitlines()[toc.end - 1].endswith("……6")  # the body starts after the last entry


def test_sheets_start_at_their_title_and_take_section_page_and_fields(raw_sheets):
    copper, solar, food = raw_sheets[:3]
    assert [(s.title, s.section, s.page) for s in (copper, solar, food)] == [
        ("銅の再生原料の利用拡大", "1. 再生資源の供給 ＞ (1) 拠点の整備", 3),
        ("太陽光パネルのリサイクル", "1. 再生資源の供給 ＞ (1) 拠点の整備", 4),
        ("食品ロスの削減", "2. 国民運動", 6)]
    assert copper.header == ["銅の再生原料の利用拡大", "経済産業省"]  # the breadcrumb is not content
    # the schedule's year columns carry nothing once the chart is gone
    assert copper.fields == {"事業概要": "国産電解銅の再生原料比率を高めるため、e-scrap等の処理量を増やす。",
                             "今後の予定": "受入設備を増強する。", "目指す姿／取組指標": "2030年に再生原料比率3割"}
    assert not any(s.kind == "divider" for s in raw_sheets)  # the section pages are no sheets


def test_a_sheet_that_lost_its_title_is_named_from_its_first_heading_line(raw_sheets):
    lost = raw_sheets[3]
    assert lost.title == "食品リサイクルループの構築" and lost.title_derived
    assert lost.section == "2. 国民運動" and lost.page == 7  # the page after the one before


def test_a_reference_page_is_kept_as_such(raw_sheets):
    ref = raw_sheets[-1]
    assert ref.kind == "reference" and ref.title == "【参考】国民運動の実施体制"
    assert "推進会議の構成員の一覧を示す。" in ref.lines


def test_line_classifiers():
    assert measures.heading_like("銅の再生原料の利用拡大")
    for not_a_heading in ("国産電解銅の比率を高める。", "【事業概要】", "2026年度", "・箇条書きの行", "所管：環境省"):
        assert not measures.heading_like(not_a_heading), not_a_heading
    assert measures.is_ministry_line("環境省・経済産業省") and measures.is_ministry_line("（内閣府）")
    assert not measures.is_ministry_line("環境省が法案を提出する予定である。")
    header, fields = measures.split_fields(["題", "【事業のイメージ】 図の説明", "【目指す姿/取組指標】", "指標"])
    assert header == ["題"] and fields == {"事業イメージ": ["図の説明"], "目指す姿／取組指標": ["指標"]}


def test_the_catalog_groups_a_repeated_sheet_and_reads_its_owners():
    sheets = parse_document(doc("m.txt", "measures"), MEASURES, "measures")
    by_title = {s.title: s for s in sheets}
    assert list(by_title) == ["銅の再生原料の利用拡大", "太陽光パネルのリサイクル", "食品ロスの削減",
                              "食品リサイクルループの構築", "【参考】国民運動の実施体制"]
    solar = by_title["太陽光パネルのリサイクル"]
    assert [(p.section, p.page) for p in solar.places] == [("1. 再生資源の供給 ＞ (1) 拠点の整備", 4), ("2. 国民運動", 8)]
    assert solar.page == 4 and solar.stated == ["環境省", "経済産業省"]
    assert by_title["銅の再生原料の利用拡大"].stated == ["経済産業省"]
    assert len({s.id for s in sheets}) == 5 and all(s.id.startswith("m:") for s in sheets)
    # ids do not depend on anything but the document and the sheet's own title line
    assert [s.id for s in parse_document(doc("m.txt", "measures"), MEASURES, "measures")] == [s.id for s in sheets]


# ---- inspection -------------------------------------------------------------------------------------
def test_inspection_units_are_the_deepest_numbered_parts():
    units = inspection.parse_units(INSPECTION.splitlines())
    assert [(u.path, u.title) for u in units] == [
        ([], ""),  # the preamble: a (1) before any chapter is text
        (["Ⅲ-1 資源循環の基盤", "(1) 背景"], "(1) 背景"),
        (["Ⅲ-1 資源循環の基盤", "(2) 評価", "① 進捗"], "① 進捗"),
        (["Ⅲ-1 資源循環の基盤", "(2) 評価", "② 課題"], "② 課題"),
        (["Ⅲ-2 国際連携", "(1) 背景"], "(1) 背景")]  # III in Latin letters is shown as Ⅲ
    preamble, background = units[0], units[1]
    assert preamble.lines[1:] == ["（1）この資料について", "はじめに、本資料の位置付けを述べる。"]
    assert background.lines == ["再生材の需要が伸びている。", "指標\t目標\t最新値", "循環利用率\t19%\t16.1%"]
    last = units[-1].lines
    assert last[:2] == ["各国との合意が進んだ。", "日ASEANでの協力"]  # markdown emphasis and bullets go
    assert len(last) == 3 and last[2].startswith("Ⅲ-3 は")  # a long line is text, not a chapter


def test_the_catalog_makes_an_inspection_sheet_per_unit():
    sheets = parse_document(doc("i.txt", "inspection"), INSPECTION, "inspection")
    assert [s.section for s in sheets] == ["テスト文書", "Ⅲ-1 ＞ (1) 背景", "Ⅲ-1 ＞ (2) 評価 ＞ ① 進捗",
                                           "Ⅲ-1 ＞ (2) 評価 ＞ ② 課題", "Ⅲ-2 ＞ (1) 背景"]
    assert all(s.kind == "inspection" and s.page is None for s in sheets)
    assert "循環利用率\t19%\t16.1%" in sheets[1].text.splitlines()  # a table row stays one line
    assert len({s.id for s in sheets}) == len(sheets)


# ---- generic ----------------------------------------------------------------------------------------
def test_sections_start_at_heading_lines():
    text = "前置き\n# はじめに\n本文一。\n**強調**した本文。\n第2章 目標\n2030年までに達成。\n■ 補足\n注記。\n3. 最後\n終わり。"
    assert generic.split_sections(text) == [
        ("前置き", ["前置き"]), ("はじめに", ["本文一。", "強調した本文。"]), ("第2章 目標", ["2030年までに達成。"]),
        ("■ 補足", ["注記。"]), ("3. 最後", ["終わり。"])]


def test_without_headings_paragraphs_are_the_sections():
    text = "前置きの段落。\n続きの行。\n\n\n二つ目の段落。\n"
    assert generic.split_sections(text) == [("前置きの段落。", ["前置きの段落。", "続きの行。"]),
                                            ("二つ目の段落。", ["二つ目の段落。"])]
    assert generic.split_sections("") == []


def test_a_long_section_is_cut_at_line_boundaries_under_one_title():
    line = "あ" * 900
    sections = generic.split_sections("# 長い節\n" + "\n".join([line] * 5))
    assert [t for t, _ in sections] == ["長い節"] * 3
    assert [len(body) for _, body in sections] == [2, 2, 1]
    assert all(sum(map(len, body)) <= generic.MAX_SECTION_CHARS for _, body in sections)


def test_the_catalog_reads_unstructured_text_as_sections():
    sheets = parse_document(doc("t.txt", "text"), "# 目的\n資源を循環させる。\n# 方法\n回収を進める。", "text")
    assert [(s.title, s.text, s.kind) for s in sheets] == [("目的", "資源を循環させる。", "section"),
                                                          ("方法", "回収を進める。", "section")]
