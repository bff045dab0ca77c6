"""Indicators read from the real plan texts: the 点検 tables and the 施策集's KPI lines."""
from __future__ import annotations

import pytest

from assistant.indicators.extract import extract, statements
from assistant.indicators.quantities import read_value, same_unit
from assistant.text.normalize import norm


@pytest.fixture(scope="module")
def found(catalog):
    return extract(catalog.sheets)


def one(found, name, kind=None):
    hits = [i for i in found if norm(name) in norm(i.name) and (kind is None or i.kind == kind)]
    assert hits, f"no indicator named {name!r}"
    return hits[0]


def test_inspection_tables_give_target_latest_direction_and_outlook(found):
    burn = one(found, "1人1日当たりごみ焼却量", "inspection")
    assert burn.part == "Ⅲ-1" and burn.direction == "減少が望ましい" and burn.outlook == "↘"
    assert (burn.target.text, burn.target.year, burn.target.number, burn.target.unit) == (
        "約580g/人日", "2030年度", 580.0, "g/人日")
    assert burn.latest.text == "662g/人日" and same_unit(burn.target, burn.latest)
    assert len(burn.quotes) == 2  # the ① and ② rows of Ⅲ-1, one indicator
    reuse = one(found, "リユース市場規模", "inspection")
    assert reuse.part == "Ⅲ-2" and reuse.target is None
    assert reuse.latest.shown() == "34,986億円（2024年度）" and reuse.latest.number == 34986e8
    plastic = one(found, "バイオマスプラスチックの導入量", "inspection")
    assert plastic.note == "地球温暖化対策計画" and plastic.latest.year == "2022年度"


def test_items_a_note_lists_are_followed_too(found):
    escrap = one(found, "レアメタルを含むe-scrapのリサイクル処理量", "follow-up")
    assert escrap.part == "Ⅲ-2" and escrap.target.text == "約50万トン" and escrap.target.year == "2030年"
    assert one(found, "食品ロス量", "follow-up").target.text == "半減"


def test_measure_kpi_lines(found):
    reuse = one(found, "リユース市場規模", "measure")
    assert reuse.target.number == 4.6e12 and reuse.target.unit == "円"
    sludge = one(found, "下水汚泥肥料利用率", "measure")
    assert sludge.baseline.shown() == "15%（2023年度）" and sludge.target.shown() == "30%（2030年度）"
    wood = one(found, "建築用材等の国産材利用量", "measure")
    assert wood.target.text == "2600万m³" and wood.latest.text == "約1,800万m³" and wood.latest.year == "R6年"
    homes = one(found, "腐朽・破損がある使用目的のない空き家数", "measure")
    assert homes.baseline.year == "2023年" and homes.target.year == "2035年"
    port = one(found, "サーキュラーエコノミーポートの選定数", "measure")
    assert port.target.text == "22港以上" and port.target.year == "2030年"
    diapers = one(found, "使用済紙おむつのリサイクルを実施又は検討する自治体数", "measure")
    assert diapers.target.number == 150
    # 「▶ 令和8年度予算案として379億円を計上し」 is what the measure spends, not a state it aims at
    assert not [i for i in found if i.target and "379億円" in i.target.text]


def test_every_value_is_quoted_verbatim(found, catalog):
    texts = {s.id: norm(s.text) for s in catalog.sheets}
    for ind in found:
        assert ind.quotes, ind.name
        for q in ind.quotes:
            assert norm(q.quote) in texts[q.sheet_id], (ind.name, q.quote)
        for value in (ind.target, ind.latest, ind.baseline):
            if value is not None:
                assert any(norm(value.text) in norm(q.quote) for q in ind.quotes), (ind.name, value.text)


def test_statements_on_made_up_lines():
    got = {n: (t.shown(), b.shown() if b else None)
           for n, t, b, _, _ in statements(["・回収拠点の設置数 →120か所（2030年度）", "・再資源化率", "2024年度 40%",
                                         "→ 2030年度 60%", "2030年時点で、国内の処理能力約3万トン/年を確保する。"])}
    assert got == {"回収拠点の設置数": ("120か所（2030年度）", None), "再資源化率": ("60%（2030年度）", "40%（2024年度）"),
                   "国内の処理能力": ("約3万トン/年（2030年）", None)}
    assert read_value("—") is None and read_value("約4割").number == 40.0
