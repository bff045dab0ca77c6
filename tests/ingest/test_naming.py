"""Sheets are named as the plan names them: no cut sentences, no table labels or first items, no two
sheets of a document with one name, and the ids of the original parse kept."""
from __future__ import annotations

import re
from collections import Counter

from assistant.ingest import naming
from assistant.models import Sheet
from assistant.text.normalize import norm
from tests.helpers import DOCS, INSPECTION, MEASURES, sheet_holding

# after a title, a line that merely goes on with a bracket, a repeat mark or a TOC leader and page
# number is the same name; anything else that goes on is a longer sentence the title was cut from
CONTINUES = re.compile(r"^[\w\u3040-\u30ff\u4e00-\u9fff「]")


def _sentences(doc: str) -> set[str]:
    out = set()
    for line in (DOCS / doc).read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^[\s\-*・○●▶]+", "", line.replace("**", ""))
        out |= {norm(x) for x in re.split(r"(?<=。)", line) if norm(x)}
    return out


def test_no_title_is_a_cut_sentence(catalog):
    for doc in (MEASURES, INSPECTION):
        sentences = _sentences(doc)
        for s in (s for s in catalog.sheets if s.doc == doc):
            t = norm(s.title)
            cut = [x for x in sentences if x.startswith(t) and len(x) > len(t) and CONTINUES.match(x[len(t):])]
            assert not cut, (s.title, cut[0][:80])


def test_no_two_sheets_of_a_document_share_a_title(catalog):
    counts = Counter((s.doc, norm(s.title)) for s in catalog.sheets)
    assert [k for k, n in counts.items() if n > 1] == []


def test_no_sheet_is_named_by_its_first_item_or_a_table_label(catalog):
    for s in catalog.sheets:
        found = naming.items(s.fields.get("事業概要", "").splitlines())
        if len(found) > 1:
            assert norm(s.title) != norm(found[0]), s.title
    local = sheet_holding(catalog, "ローカル10,000プロジェクト（地域経済循環創造事業交付金）活用事業")
    assert not local.title.startswith("交付率")
    assert local.title.startswith("地域資源を活用した地域脱炭素の推進等、意欲的な自治体の取組支援：")


def test_names_from_the_table_of_contents(catalog):
    ce = sheet_holding(catalog, "近年広がりつつあるシェアリングやリユース、リペア等のCEコマース")
    assert ce.title == "CEコマース市場拡大のための取組" and ce.title_source == "toc" and ce.page == 29
    certified = sheet_holding(catalog, "3種類の大規模認定制度")
    assert certified.title.startswith("再資源化事業等高度化法に基づく、製造業への再生材供給等に係る事業認定")
    assert certified.title.endswith("：認定事業の創出／認定制度活用の後押し")
    pic = sheet_holding(catalog, "PIC手続の電子化を実現し")
    assert pic.title.startswith("バーゼル法に基づくe-scrap等の輸入手続の迅速化：") and pic.page == 41
    # sheets under one entry: the entry plus their own subject (items, or what the opening sentence is about)
    ev = sheet_holding(catalog, "地産地消モデルの実証事業を実施する")
    assert ev.title.endswith("：地産地消モデルの実証事業")
    saf = sheet_holding(catalog, "SAFの製造プロジェクトについて")
    assert saf.title.endswith("：SAFの製造プロジェクト")
    # a sheet whose overview opens with the heading of its one subject keeps that heading
    port = sheet_holding(catalog, "として選定・整備し、港湾を核とする物流システム")
    assert port.title == "循環経済拠点港湾（サーキュラーエコノミーポート）の選定・整備" and port.title_source == "heading"
    # an explicit title line is kept as it is
    assert sheet_holding(catalog, "第221回国会に法案を提出し").title == "太陽光パネルのリサイクルの推進"


def test_inspection_sections_carry_their_part(catalog):
    titles = [s.title for s in catalog.sheets if s.doc == INSPECTION]
    assert "(1) 背景（Ⅲ-1）" in titles and "(1) 背景（Ⅲ-2）" in titles
    assert "③ 今後の取り組むべき方向性【P】（Ⅲ-2）" in titles
    assert sheet_holding(catalog, "662g/人日", doc=INSPECTION).title == "② 進捗状況 (イメージ)（Ⅲ-1）"


def test_ids_and_headings_of_the_original_parse_are_kept(catalog):
    by_id = catalog.by_id()
    # ids as the catalog had them before sheets were renamed (they hash the parsed title line)
    assert by_id["002_dc7e15a85d2a7a74:4711282a44"].heading == "交付率（国から自治体への交付）"
    assert by_id["002_dc7e15a85d2a7a74:a6f9e06eb7"].heading == "認定事業の創出"
    assert by_id["000_1412c9d0e289725a:2aed402610"].title == "(1) 背景（Ⅲ-2）"
    for s in catalog.sheets:
        assert s.heading and s.title_source in {"title", "heading", "toc", "toc+subject", "subject", "part",
                                                "derived"}


def _sheet(overview: str, title: str = "x", section: str = "1. 章") -> Sheet:
    return Sheet("d:1", "d.txt", "文書", section, title, 3, f"【事業概要】\n{overview}",
                 {"事業概要": overview}, True)


def test_subject_rules_on_made_up_sheets():
    assert naming.items(["1. 調査事業の実施", "本文です。", "2. 設備導入の支援"]) == ["調査事業の実施", "設備導入の支援"]
    assert naming.items(["○回収拠点の整備", "○普及啓発の推進"]) == ["回収拠点の整備", "普及啓発の推進"]
    assert naming.subject_heading(_sheet("○回収拠点の整備\n説明の文です。")) == "回収拠点の整備"
    assert naming.subject_heading(_sheet("○回収拠点の整備\n○普及啓発の推進")) == ""
    assert naming.subject_heading(_sheet("<対象事業>\n回収拠点")) == ""
    assert naming.sentence_subject(_sheet("地域の木材を活用した住宅の実証事業を実施する。")) == "住宅の実証事業"
    assert naming.sentence_subject(_sheet("新しい燃料の製造計画について、設備投資を支援する。")) == "燃料の製造計画"
    cut = naming.uncut("これは非常に長い文で、途中に読点があり、四十文字を超えても最後まで続いていくので名前には長すぎる文です。")
    assert cut.endswith("…") and "、…" not in cut


def test_shared_entries_get_distinct_names():
    a, b = _sheet("1. 回収の推進\n2. 再生の推進"), _sheet("地域密着型の新規事業の立ち上げを支援し、経済循環を創出。")
    for s in (a, b):
        s.toc_entry = "地域資源の活用"
    naming.name_sheets([a, b])
    assert a.title == "地域資源の活用：回収の推進／再生の推進"
    assert b.title == "地域資源の活用：地域密着型の新規事業の立ち上げ"
    c, d = _sheet("説明だけの文です。"), _sheet("説明だけの文です。")
    c.id, d.id = "d:1", "d:2"
    naming.name_sheets([c, d])
    assert c.title != d.title
