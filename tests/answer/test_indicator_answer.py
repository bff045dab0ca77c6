"""Questions for a target and/or the latest value are answered from the indicator table's joined row,
both documents cited. The questions are written for this test, not taken from the gold sets."""
from __future__ import annotations

import re

import pytest

from assistant.answer.citations import MARKER, quote_in_sheet
from assistant.answer.indicator_answer import answer_from_indicators, coverage

INSPECTION, MEASURES = "000_1412c9d0e289725a.txt", "002_dc7e15a85d2a7a74.txt"


class Got:
    """The answer as the table gave it (None when the composer answered otherwise)."""

    def __init__(self, answer):
        self.text, self.citations, self.kind, self.abstained = answer.answer, answer.citations, answer.kind, answer.abstained


@pytest.fixture
def answer(assistant):
    """The question answered in full (read by the query stage); the table's answer, or None."""
    def run(question: str):
        got = assistant.ask(question)
        return Got(got) if got.kind == "indicator" else None
    return run


def _checked(assistant, composed):
    """Every [n] has its citation and every quote is in its sheet."""
    numbers = {int(n) for n in MARKER.findall(composed.text)}
    assert numbers == {c.n for c in composed.citations}, (numbers, composed.text)
    for c in composed.citations:
        assert quote_in_sheet(c.quote, assistant.sheet_map[c.sheet_id]), c.quote


def test_target_and_latest_come_from_both_documents(assistant, answer):
    got = answer("リユースの市場規模について、目指している規模と足元の実績を教えて")
    assert got is not None and got.kind == "indicator" and not got.abstained
    assert "4.6兆円" in got.text and "34,986億円" in got.text and "2024年度" in got.text
    assert {c.doc for c in got.citations} == {INSPECTION, MEASURES}
    _checked(assistant, got)


def test_progress_of_a_table_indicator(assistant, answer):
    got = answer("ごみ焼却量（1人1日当たり）は目標に対してどう推移している？")
    assert got is not None and "約580g/人日" in got.text and "662g/人日" in got.text and "減少が望ましい" in got.text
    _checked(assistant, got)


def test_same_target_in_both_documents_is_said_once_and_cited_twice(assistant, answer):
    got = answer("使用済紙おむつのリサイクルを実施又は検討する自治体数の目標と進捗は？")
    assert got is not None and got.text.split("\n", 1)[1].count("目標:") == 1  # (the first line repeats it)
    assert {c.doc for c in got.citations} == {INSPECTION, MEASURES}
    _checked(assistant, got)


def test_rows_that_tie_are_answered_together(assistant, answer):
    got = answer("食品関連事業者の再生利用等実施率、製造業・卸売業・小売業・外食産業の目標と実績は？")
    assert got is not None and all(x in got.text for x in ("95%", "75%", "65%", "50%"))
    _checked(assistant, got)


@pytest.mark.parametrize("question", ["リユース市場規模の拡大に取り組む施策はどれ？",  # asks for measures
                                      "J4CEの目標は？",  # no indicator of the table
                                      "太陽光パネルのリサイクル法案はいつ提出？",
                                      # a target alone, the indicator not named in full: the sheet's KPI field says it
                                      "紙おむつのリサイクルをする自治体を増やす目標は？",
                                      # 「います」 holds no 「いま」; 「リチウム」 alone names no indicator
                                      "リチウムイオン電池の対策に関わっている省庁は？"])
def test_other_questions_are_left_to_the_composer(answer, question):
    assert answer(question) is None


def test_how_names_are_matched():
    assert coverage("リユース市場規模", "リユース市場の規模は？") >= 0.7
    assert coverage("1人1日当たりごみ焼却量 (※直接焼却への搬入量)", "ごみ焼却量") < 0.7


def test_no_table_no_answer():
    assert answer_from_indicators("目標は？", [], None, None, {"target"}) is None
    assert re.search("indicator", answer_from_indicators.__doc__)


@pytest.mark.parametrize(("question", "part", "member"), [
    ("地方創生の分野では、どんな指標で点検するの？", "Ⅲ-1", "1人1日当たりごみ焼却量"),
    ("ライフサイクル全体の資源循環の分野の指標を一覧で", "Ⅲ-2", "認定長期優良住宅のストック数"),
    ("再生資源供給サプライチェーンの強靱化に並んでいる指標は？", "1. 再生資源供給サプライチェーンの強靱化", "サーキュラーエコノミーポートの選定数"),
])
def test_the_indicators_of_a_field_named_by_its_title(assistant, answer, question, part, member):
    """A field (a 点検 chapter, a 施策集 section) named by words of its title and asked for its 指標: every
    indicator of that part by name in the first line, none of another part, each cited from its sheet."""
    got = answer(question)
    assert got is not None and not got.abstained, question
    first = got.text.split("\n")[0]
    table = assistant.composer.indicators
    names = [r.name for r in table.rows if any(i and i.part == part for i in (r.inspection, r.measure))]
    others = [r.name for r in table.rows if r.name not in names and len(r.name) > 6]
    assert first.startswith(part) and member in first and all(n in first for n in names), first
    assert not any(n in first for n in others), first
    assert got.citations and all(quote_in_sheet(c.quote, assistant.sheet_map[c.sheet_id]) for c in got.citations)


def test_a_named_indicator_is_not_read_as_its_field(answer):
    """An indicator named in full is answered as itself, not as the list of its field."""
    got = answer("プラスチック再生利用量という指標の目標は？")
    assert got is not None and got.text.startswith("「プラスチック再生利用量」"), got and got.text


def _not_stated(assistant, got, what: str, shown: str):
    """The table's abstention: 「記載なし」 naming what is not stated first, what the plan does give (`shown`)
    after it, every quote cited."""
    assert got is not None and got.abstained, got and got.text
    first = got.text.split("\n")[0]
    assert first.startswith("記載なし") and what in first, first
    assert shown in got.text
    _checked(assistant, got)


def test_a_value_reached_that_the_plan_does_not_give_is_not_stated(assistant, answer):
    # asked in the perfect (what has been reached so far) of an indicator the plan gives only a target for:
    # not stated, with the target shown as what the plan does say
    _not_stated(assistant, answer("高度な再資源化事業は、今までに何件認定された？"), "最新値", "100件")
    # asked by the documents' own word for it (最新値, 実績), the same
    marked = answer("高度な再資源化事業の最新の実績は？")
    assert marked is not None and marked.abstained and marked.text.startswith("記載なし"), marked and marked.text
    # the same indicator asked plainly is its target; one whose latest value the plan gives is answered
    plain = answer("高度な再資源化事業の認定件数は？")
    assert plain is not None and not plain.abstained and "100件" in plain.text.split("\n")[0]
    reached = assistant.ask("一人一日当たりのごみ焼却量はどこまで減った？")
    assert not reached.abstained and "662" in reached.answer.split("\n")[0], reached.answer


def test_a_target_of_a_year_the_plan_does_not_set_is_not_stated(assistant, answer):
    # an indicator named in full with a year no value of its row is given for: not stated, and what the plan
    # does give is shown (its target with its own year); the year it sets, in either calendar, is answered
    _not_stated(assistant, answer("1人1日当たりごみ焼却量は2042年度に何g/人日まで減らす目標？"), "2042年度", "580")
    for year in ("2030年度", "令和12年度"):
        set_ = assistant.ask(f"1人1日当たりごみ焼却量は{year}に何g/人日まで減らす目標？")
        assert not set_.abstained and "580" in set_.answer.split("\n")[0], set_.answer


def test_a_value_reached_is_not_a_target_on_the_sheet_either(assistant):
    # asked of a measure by its sheet's words (no indicator named outright): the figure the sheet gives is
    # its target, so a value reached so far is not stated; asked plainly, the target is the answer
    done = assistant.ask("高度化法の大規模認定って、もう何件くらい認定されたの？")
    assert done.abstained and "最新値" in done.answer.split("\n")[0], done.answer
    # the same in the contracted perfect (…されてる)
    typed = assistant.ask("高度化法の大規模認定、いま何件くらい認定されてる？")
    assert typed.abstained and "最新値" in typed.answer.split("\n")[0], typed.answer
    plain = assistant.ask("高度化法の大規模認定は何件？")
    assert not plain.abstained and "100件" in plain.answer.split("\n")[0], plain.answer


def test_a_chapter_named_by_its_own_number_lists_its_indicators(assistant):
    """A 点検 chapter named by its number alone (Ⅲ-1, in either width) lists the indicators of that chapter."""
    table = assistant.composer.indicators
    names = [r.name for r in table.rows if any(i and i.part == "Ⅲ-1" for i in (r.inspection, r.measure))]
    for question in ("点検資料Ⅲ-1で使っている指標をリストにして", "点検のIII-1の指標はどれとどれ？"):
        got = assistant.ask(question)
        first = got.answer.split("\n")[0]
        assert not got.abstained and first.startswith("Ⅲ-1") and all(n in first for n in names), first


def test_a_listed_chapter_narrowed_to_the_values_asked(assistant):
    """After a chapter's indicators are listed, 「そのうち…があるのは？」 keeps those given that value: a
    question naming the table's column (数値目標) keeps the rows whose column gives one, not the items the
    table's note follows with a target from elsewhere; one asking a latest value keeps those with one."""
    table = assistant.composer.indicators
    rows = [(r, next(i for i in (r.inspection, r.measure) if i and i.part == "Ⅲ-2")) for r in table.rows
            if any(i and i.part == "Ⅲ-2" for i in (r.inspection, r.measure))]
    in_column = [r.name for r, i in rows if i.target is not None and i.kind == "inspection"]
    without = [r.name for r, i in rows if i.target is None]
    history = ["点検資料Ⅲ-2で使っている指標をリストにして"]
    got = assistant.ask("その中で数値目標が入っているのはどれ？", history=history)
    first = got.answer.split("\n")[0]
    assert not got.abstained and in_column and all(n in first for n in in_column), got.answer
    assert not any(n in first for n in without) and f"（{len(in_column)}件）" in first, first
    assert {int(n) for n in MARKER.findall(got.answer)} == {c.n for c in got.citations}
    assert all(quote_in_sheet(c.quote, assistant.sheet_map[c.sheet_id]) for c in got.citations)
    latest = [r.name for r, i in rows if i.latest is not None]
    got = assistant.ask("このうち最新値が載っているものは？", history=history)
    first = got.answer.split("\n")[0]
    assert latest and all(n in first for n in latest) and f"（{len(latest)}件）" in first, first
    # a new question after the list is read on its own
    own = assistant.ask("使用済紙おむつのリサイクルの目標は？", history=history)
    assert "150" in own.answer.split("\n")[0], own.answer


def test_a_header_cells_legend_is_not_its_columns_name():
    from assistant.answer.lines import column_name

    # a header cell carrying a legend of its marks under its name, and one with a bracketed note
    assert column_name("今年度の 見通し 見通し 良好 要注意 ※矢印は2段階 (→↗)") == "今年度の 見通し"
    assert column_name("数値目標 (目標年次)") == "数値目標"
    assert column_name("最新値") == "最新値"


def test_an_assessment_asked_is_quoted_from_the_section_that_assesses(assistant):
    got = assistant.ask("地域循環共生圏の取組自治体数の評価を知りたい")
    # the table's marks, labelled by its column's name and not its legend, and the sentence that assesses it
    first = got.answer.split("\n")[0]
    assert "233自治体" in first and "鈍化傾向" in first, got.answer  # both in the first line
    assert "注意が必要" not in got.answer, got.answer
    assert any(c.section.endswith("① 進捗評価") for c in got.citations), [c.section for c in got.citations]
