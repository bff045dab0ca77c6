"""What a question asks for, read from its grammar. Questions here are written for these tests."""
from __future__ import annotations

import pytest

from assistant.answer import intent
from assistant.answer.intent import asked_counter, asked_head, detect, holds, quantities


@pytest.mark.parametrize("question, counter", [
    ("リサイクル工場は全国に何工場ありますか？", "工場"),
    ("選ばれた港は何港？", "港"),
    ("処理量は年間何万トンですか", "トン"),
    ("説明会には何人が参加した？", "人"),
    ("認定は何件を目指す？", "件"),
    ("対象は何品目？", "品目"),
    ("回収率は何%", "%"),
])
def test_the_counter_is_the_noun_after_an_interrogative_numeral(question, counter):
    asked = asked_counter(question)
    assert asked is not None and counter in asked.names


def test_a_number_matches_only_with_the_asked_counter():
    ports = asked_counter("整備する港湾は何港？")
    assert ports.search("2030年までに 12港以上を選定")
    assert not ports.search("2030年までに 12件以上を選定")
    assert not ports.search("港湾の選定を進める")  # no number at all


def test_units_that_name_the_same_thing_match_each_other():
    assert asked_counter("参加者は何人？").search("全国で計1,200名が参加")
    assert asked_counter("回収率は何％？").search("回収率を約3割まで高める")
    assert asked_counter("供給量は何トン？").search("年間5万t")


def test_the_subject_may_stand_as_the_counter():
    # 「拠点は何か所」 is answered by 「約300拠点」 as well as by 「約300か所」
    asked = asked_counter("回収拠点は全国で何か所ありますか")
    assert asked.search("全国約300拠点で回収") and asked.search("全国約300か所で回収")


def test_the_spoken_topic_marker_marks_the_subject_too():
    # 「Xって何Y」 is 「Xは何Y」 as staff type it
    asked = asked_counter("参加した企業って、全部で何団体？")
    assert asked.search("参加企業は120企業") and asked.search("120団体が参加")


def test_dates_and_enumerators_are_not_quantities():
    assert quantities("2030年度までに") == frozenset()
    assert quantities("1. 制度の見直し") == frozenset()
    assert asked_counter("何年度から始まる？") is None


def test_what_is_counted_must_be_in_the_evidence():
    visitors = asked_counter("博覧会の来場者数は何万人？")
    assert not visitors.search("会期中の2万人を超えるスタッフの制服")
    assert visitors.search("来場者は約2万人を見込む")


def test_a_budget_needs_money_said_to_be_budgeted():
    budget = asked_counter("この事業の予算はいくら？")
    assert budget.search("令和9年度予算として12億円を計上")
    assert not budget.search("国内市場は約5兆円と推計される")


def test_how_much_asks_for_money_and_how_many_for_any_number():
    assert asked_counter("補助の上限はいくら？").names == ("円",)
    assert asked_counter("どのくらい削減する？").names == ()
    assert asked_counter("この施策の概要は？") is None


@pytest.mark.parametrize("question, kind", [
    ("自治体と企業が連携して進める施策は？", "which_measure"),
    ("プラスチックの回収を扱う施策はどれ？", "which_measure"),
    ("国交省の取組を教えて", "owner_measures"),
    ("農林水産省が所管する施策は？", "owner_measures"),
    ("この補助事業は経済産業省の事業という理解で合っていますか？", "ministry"),
    ("所管はどこの省ですか", "ministry"),
    ("紙おむつのリサイクルについて3行でまとめて", "summary"),
    ("法案の提出はいつ？", "schedule"),
    ("2030年の目標は？", "target"),
    ("展示会の参加者は何人？", "number"),
])
def test_the_shape_of_the_answer(question, kind):
    assert detect(question).kind == kind


def test_a_ministry_named_in_a_check_of_one_measure_is_not_a_list_of_its_measures():
    assert intent.owner_asked("リユースの施策は環境省の事業という理解で合っていますか") is None
    assert intent.owner_asked("環境省の施策は？") == "環境省"


def test_dates_match_in_either_calendar():
    assert holds("令和9年度に開始する", "2027年度")
    assert holds("2027年度に開始する", "令和9年度")
    assert not holds("2028年度に開始する", "2027年度")
    assert detect("令和9年度の予算は？").qualifiers == ["令和9年度"]


def test_a_per_unit_basis_is_no_date_and_no_figure():
    from assistant.answer.intent import figures

    it = detect("1台あたりの費用はいくら？")
    assert it.qualifiers == [] and figures("1台あたりの費用はいくら？") == []


def test_the_asked_noun_is_read_from_the_end_or_after_dono():
    assert asked_head("金属の回収を進める施策はどれですか？") == "施策"
    assert asked_head("木材の利用に関する取組を教えてください") == "取り組み"  # normalised form
    assert asked_head("どの事業が港湾を扱っていますか") == "事業"


def test_english_and_symbols_do_not_break_detection():
    assert detect("What is the 2030 target for recycled copper?").kind in ("general", "target")
    assert detect("？？？").kind == "general"


def test_frame_nouns_are_not_the_subject():
    assert set(intent.frame_nouns("廃プラスチックを対象とする施策は？")) == {"対象", "施策"}
    assert "目的" in intent.frame_nouns("地域活性化を目的とした事業はどれ？")
    assert "太陽光" not in intent.frame_nouns("太陽光パネルを対象とする取組は？")


def test_owner_labels_of_the_sheets_ask_for_owners():
    assert "ministry" in detect("このネットワークの創設団体は？").aspects
    assert "ministry" in detect("実施主体はどこ？").aspects
    assert detect("回収設備の導入支援はどこが担当？").who


@pytest.mark.parametrize("question, kind", [
    ("When does the new recycling law come into force?", "schedule"),
    ("Which ministry is responsible for the food loss programme?", "ministry"),
    ("How many companies have joined the partnership?", "number"),
    ("What is the 2035 goal for recycled plastic?", "target"),
    ("Which policies deal with wood construction?", "which_measure"),
    ("Give me a short summary of the battery package", "summary"),
    ("Which measures target rare earths?", "which_measure"),  # "target" as a verb asks for no target
])
def test_english_questions_get_the_same_shapes(question, kind):
    # written for this test: staff sometimes ask in English, and the shape decides the answer
    assert detect(question).kind == kind


def test_english_years_and_budgets_are_read_too():
    it = detect("What was the FY2027 budget for the port programme?")
    assert it.qualifiers == ["2027"] and it.unit is not None and it.unit.names == ("円",)
    assert not it.unit.search("国内市場は約5兆円と推計")  # an amount, not a budget
    assert detect("2030年の目標は？").qualifiers == ["2030年"]  # Japanese questions keep their form
    assert detect("2030 目標").qualifiers == []  # a bare number in a Japanese question is not read as a year


def test_place_names_of_an_english_question_are_not_looked_up():
    assert intent.places("How is Japan helping Kenya with e-waste?") == []
    assert intent.places("ケニアのe-waste対策への日本の支援は？") == ["ケニア", "日本"]
