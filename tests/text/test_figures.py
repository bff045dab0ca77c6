"""The figures a text states, as written, on lines shaped like the plan's (PDF text included)."""
from __future__ import annotations

import pytest

from assistant.text.figures import bare_numbers, english_years, figures, holds, month_dates
from tests.helpers import checked


@pytest.mark.parametrize(("line", "expected"), [
    ("全国の店舗等（約 1 万拠点）で回収する", ["1万拠点"]),  # PDF text spaces a numeral from its 万
    ("全国の店舗等（約1万拠点）で回収する", ["約1万拠点"]),
    ("計3,100名が参加した", ["計3,100名"]),
    ("表 2 2030年度に45%", ["45%"]),  # two numerals apart stay apart; a year is a date, not a figure
    ("・条件を満たす町村 2/3、3/4", ["2/3", "3/4"]),  # a share written as a fraction
    ("経費の3分の2を国が持つ", ["3分の2"]),  # not 「3分」, three minutes
    ("出典：資料（2025/11/25）", []),  # a date in slashes is no fraction
])
def test_figures_as_written(line, expected):
    assert figures(line) == expected


def test_a_fraction_is_a_share_as_a_percentage_is():
    from assistant.text.figures import quantities, same_figure

    assert quantities("・対象経費の 1/2 以内") == {"%"} and quantities("費用の4分の3を助成") == {"%"}
    assert same_figure("1/2", "50%") and same_figure("3分の2", "2/3") and not same_figure("2/3", "3/4")


@pytest.mark.parametrize(("noun", "says"), [("補助率", True), ("上限額", True), ("予算", True), ("比率", False),
                                           ("割合", False), ("金額", False)])
def test_a_noun_asking_a_unit_says_of_what_or_only_the_kind(noun, says):
    from assistant.text.figures import names_what

    assert names_what(noun) is says


def test_a_footnote_number_is_no_figure_and_a_remark_mark_leaves_one():
    from assistant.text.figures import quantities

    assert quantities("*3：会員数は各団体HPより") == frozenset()
    assert quantities("（※12分野に基準を設定済）") == frozenset({"分野"})


@pytest.mark.parametrize("text, dates", [
    ("What is the 2040 goal for scrap?", ["2040年"]),
    ("What was spent in FY2027 on ports?", ["2027年度"]),
    ("Targets set by 2031, please.", ["2031年"]),
    ("What does GREEN×EXPO 2027 show?", []),  # a year inside a name pins nothing
    ("About 2,030 tonnes or 1.2030?", []),
    ("Was it launched in October 2024?", ["2024年10月"]),  # a month written before the year dates to the month
])
def test_an_english_question_pins_its_years_as_the_documents_write_them(text, dates):
    assert english_years(text) == dates


def test_an_english_question_for_a_year_the_sheet_does_not_give_is_not_answered_with_another_year(assistant):
    wrong = checked(assistant, "For used diaper recycling, what is the goal for 2029?")
    assert wrong.abstained and "2029" in wrong.answer.splitlines()[0]
    right = checked(assistant, "For used diaper recycling, what is the goal for 2030?")
    assert not right.abstained and "150" in right.answer.splitlines()[0]


@pytest.mark.parametrize("text, date, held", [
    ("2026年2月、会合を開催", "2026年2月", True),
    ("2026年2月、会合を開催", "2026年1月", False),  # the year alone does not hold a month claimed
    ("2026年12月に公表", "2026年1月", False),
    ("令和8年4月より施行", "2026年4月", True),  # either calendar
    ("令和8年4月より施行", "2026年", True),
])
def test_a_date_to_the_month_is_held_only_with_its_month(text, date, held):
    assert holds(text, date) is held


def test_dates_to_the_month_are_read_whole():
    assert month_dates("（2024年11月設立）で…（2026年 3月）") == ["2024年11月", "2026年3月"]
    assert month_dates("2030年度までに") == []


def test_a_numeral_between_two_katakana_words_is_part_of_a_name():
    # an invented programme name: the numeral belongs to it; a katakana counter after one is still a figure
    assert figures("ソーラー5,000チャレンジの補助上限は2,000万円") == ["2,000万円"]
    assert figures("プラスチック200万トンを目指す") == ["200万トン"]
    assert figures("ペットボトル30%の回収") == ["30%"]


def test_a_number_after_a_latin_name_is_part_of_it():
    # an invented event name written with a space before its year: the number is the name's, not a figure
    assert bare_numbers("「SAMPLE×FAIR 2031」では来場者を募る") == []
    assert bare_numbers("目標を150とする") == ["150"]
