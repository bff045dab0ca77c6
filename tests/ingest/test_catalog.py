"""The catalog of sheets parsed from the real plan texts."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys

import pytest

from assistant.ingest.catalog import load_catalog
from assistant.text.normalize import norm
from tests.helpers import DOCS, INSPECTION, MEASURES, ROOT, sheet_holding


def test_counts(catalog):
    measures = [s for s in catalog.sheets if s.doc == MEASURES]
    inspection = [s for s in catalog.sheets if s.doc == INSPECTION]
    # 50 measure sheets and 3 参考 pages once the repeated copies are grouped
    assert len([s for s in measures if s.kind == "measure"]) == 50
    assert len([s for s in measures if s.kind == "reference"]) == 3
    assert len([s for s in inspection if s.section.startswith("Ⅲ-")]) == 18
    assert not catalog.problems


def test_copper_sheet(catalog):
    s = sheet_holding(catalog, "国産電解銅の約3割を、e-scrap等の再生原料由来に")
    assert s.title.startswith("国産電解銅の再生原料比率の向上に向けたe-scrap等の処理量増加")
    assert not s.title_derived
    assert s.section == "1. 再生資源供給サプライチェーンの強靱化 ＞ (1) 再資源化拠点等の構築・ネットワーク形成"
    # the TOC's entry at p.6 (使用済物品（鉄スクラップ…）の回収…) opens with the グリーン鉄 sheet
    assert s.page == 8
    assert "国産電解銅の約3割" in s.fields["目指す姿／取組指標"]
    assert "【今後の予定】" in s.text


def test_investment_sheet_page_from_toc(catalog):
    s = sheet_holding(catalog, "令和8年度予算案として379億円を計上")
    assert s.title == "投資促進のための多角的な経済的支援スキームの構築①"
    assert s.page == 4
    assert "379億円" in s.fields["目指す姿／取組指標"]


def test_solar_sheets(catalog):
    measure = sheet_holding(catalog, "第221回国会に法案を提出し")
    assert measure.title == "太陽光パネルのリサイクルの推進"
    assert measure.section.endswith("(5) 社会的課題への対応")
    assert measure.page == 31
    law = sheet_holding(catalog, "施行期日 公布から1年6か月以内で政令で定める日")
    assert law.title == "太陽電池廃棄物の再資源化等の推進に関する法律案 概要"
    assert law.page == 32


def test_j4ce_founders_are_stated(catalog):
    s = sheet_holding(catalog, "創設団体 : 環境省、経済産業省、経団連")
    assert s.stated == ["環境省", "経済産業省", "経団連"]
    assert s.section.startswith("5. 循環経済を国民運動に")


def test_sip_header_ministries_stated(catalog):
    s = sheet_holding(catalog, "サブ課題A データ基盤システム・ルール形成")
    assert s.title == "プラスチックに着目したサーキュラーエコノミーシステム構築に係る研究開発実証"
    assert s.stated[:2] == ["環境省", "経済産業省"]


def test_mentioned_ministries_with_quotes(catalog):
    s = sheet_holding(catalog, "環境省、経済産業省、財務省等と連携した厳格な水際対策の実施")
    assert not s.stated
    names = [m.name for m in s.mentioned]
    assert names == ["環境省", "経済産業省", "財務省"]
    assert all(m.name in m.quote for m in s.mentioned)
    lib = sheet_holding(catalog, "令和7年12月22日リチウムイオン電池総合対策関係省庁連絡会議")
    assert {"消費者庁", "消防庁", "経済産業省", "国土交通省", "環境省"} <= {m.name for m in lib.mentioned}


def test_a_minister_names_the_body_that_acts(catalog):
    from assistant.ingest.ministries import any_named

    line = next(ln for s in catalog.sheets for ln in s.text.splitlines() if "大臣の輸出確認" in ln)
    assert any_named(line) and any_named("経済産業大臣が認定する")
    assert not any_named("大臣が出席した会合") and not any_named("関係閣僚会議")


def test_short_forms_map_to_full_names(catalog):
    s = sheet_holding(catalog, "(消費、消防、経産、環境)")
    names = {m.name for m in s.mentioned}
    assert {"消費者庁", "消防庁", "経済産業省", "環境省"} <= names


def test_repeated_sheets_grouped(catalog):
    cps = [s for s in catalog.sheets if "会員数：840者" in s.text]
    assert len(cps) == 1, "the サーキュラーパートナーズ sheet appears four times in the text, once in the catalog"
    cps = cps[0]
    assert len(cps.places) == 4
    assert cps.stated == ["経済産業省", "環境省"]  # only one copy keeps the ministry header
    # another copy kept the schedule that the first lost: the union carries both
    assert "地域循環モデルの実証、評価ツールの高度化" in cps.fields["今後の予定"]
    assert not any("【再掲】" in s.title for s in catalog.sheets)
    plastics = [s for s in catalog.sheets if "容器包装を由来とした高品質な再生プラスチック供給" in s.text]
    assert len(plastics) == 1 and len(plastics[0].places) == 2
    assert plastics[0].title == "再生プラスチック等の需給拡大に向けた支援・ルール整備"


def test_untitled_sheet_gets_derived_title(catalog):
    s = sheet_holding(catalog, "脱炭素先行地域・重点対策加速化事業の実現")
    assert s.title_derived and s.title == "脱炭素先行地域等の実現と横展開"


def test_dividers_and_toc_are_not_sheets(catalog):
    for s in [s for s in catalog.sheets if s.doc == MEASURES]:
        assert "… 4" not in s.text and "……35" not in s.text
        assert len(norm(s.text)) > 40


def test_inspection_sections_and_whole_table_rows(catalog):
    s = sheet_holding(catalog, "662g/人日", doc=INSPECTION)
    assert s.section == "Ⅲ-1 ＞ (2) 指標からみる進捗状況 ＞ ② 進捗状況 (イメージ)"
    row = next(ln for ln in s.text.splitlines() if ln.startswith("1人1日当たりごみ焼却量"))
    assert "約580g/人日 (2030年度)" in row and "662g/人日" in row
    views = sheet_holding(catalog, "全国津々浦々に資源循環の環（わ）を広げるべく", doc=INSPECTION)
    assert views.section == "Ⅲ-1 ＞ (4) 評価及び今後の方向性 ＞ ③ 今後の取り組むべき方向性【P】"


def test_ids_are_stable(catalog):
    again = load_catalog(DOCS)
    assert [s.id for s in again.sheets] == [s.id for s in catalog.sheets]
    assert len({s.id for s in catalog.sheets}) == len(catalog.sheets)


@pytest.fixture
def docs_copy(tmp_path):
    target = tmp_path / "docs"
    shutil.copytree(DOCS, target)
    return target


def test_bad_documents_are_reported_and_others_unaffected(docs_copy):
    (docs_copy / "empty.txt").write_bytes(b"")
    (docs_copy / "sjis.txt").write_bytes("循環経済の資料です。".encode("shift_jis"))
    (docs_copy / "memo.txt").write_text("ただのメモです。\n\n段落が二つあります。\n", encoding="utf-8")
    cat = load_catalog(docs_copy)
    assert any("empty.txt" in p and "empty" in p for p in cat.problems)
    assert any("sjis.txt" in p and "UTF-8" in p for p in cat.problems)
    memo = [s for s in cat.sheets if s.doc == "memo.txt"]
    assert [s.text for s in memo] == ["ただのメモです。", "段落が二つあります。"]
    assert len([s for s in cat.sheets if s.doc == MEASURES]) == 53


def test_unstructured_measures_file_falls_back_to_sections(docs_copy):
    (docs_copy / "notes.md").write_text("# 見出し一\n本文その一。\n# 見出し二\n本文その二。\n", encoding="utf-8")
    cat = load_catalog(docs_copy)
    notes = [s for s in cat.sheets if s.doc == "notes.md"]
    assert [(s.title, s.text) for s in notes] == [("見出し一", "本文その一。"), ("見出し二", "本文その二。")]


def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300)


def test_sheets_json_contract():
    proc = _cli("sheets", "--json")
    assert proc.returncode == 0, proc.stderr
    sheets = json.loads(proc.stdout)
    assert len(sheets) == 72
    for s in sheets:
        assert set(s) >= {"id", "doc", "doc_title", "section", "title", "page", "ministry", "text"}
        assert isinstance(s["ministry"]["stated"], list) and isinstance(s["ministry"]["mentioned"], list)
        assert s["page"] is None or isinstance(s["page"], int)
    titles = {s["doc"]: s["doc_title"] for s in sheets}
    assert titles[MEASURES] == "循環経済行動計画（案）施策集（令和8年4月20日）"


def test_parsing_and_cli_work_with_network_blocked():
    # the guard from conftest is active in this process: prove it, then parse
    with pytest.raises(OSError, match="only loopback"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    cat = load_catalog(DOCS)
    assert len(cat.sheets) == 72
    proc = _cli("sheets")
    assert proc.returncode == 0 and "国産電解銅" in proc.stdout
