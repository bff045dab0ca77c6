"""Conversations (issues 19 and 28): a question that can stand alone is answered alone; a follow-up takes
only what it lacks (the topic, the aspect, the items of a list); the relation is read by the fitted
relation model (assistant/query/conversation.py). Every question and conversation here was written for
these tests; none is copied from a gold or blind set."""
from __future__ import annotations

import pytest

from tests.helpers import checked


def same_answer(a, b) -> bool:
    return (a.answer, a.abstained, [c.sheet_id for c in a.citations]) == \
        (b.answer, b.abstained, [c.sheet_id for c in b.citations])


@pytest.mark.parametrize("earlier, question", [
    ("太陽光パネルのリサイクル制度はいつ始まる？", "2030年に向けたSAFの目標量は？"),
    ("太陽光パネルのリサイクル制度はいつ始まる？", "What is the SAF target for 2030?"),
    ("電子基板スクラップを扱う施策は？", "J4CEを立ち上げた団体は？"),
    ("紙おむつのリサイクルの目標は？", "CLOMAには何社が参加している？"),
    ("フードバンクの認証はいつから？", "建設発生土の有効利用の取組は？"),
    # an English question that names its subject and asks of it, and finds the earlier topic's sheet by its
    # own words
    ("建設発生土の有効利用について", "Which agency leads the construction soil matching?"),
    # a subject alone, as typed in a search box, that the relation model reads as new takes nothing of the
    # earlier question (its aspect); 「Xは？」 does (below)
    ("紙おむつのリサイクルの目標は？", "CEコマースの広がり"),
])
def test_an_unrelated_question_is_answered_as_if_asked_alone(assistant, earlier, question):
    alone = checked(assistant, question)
    after = checked(assistant, question, history=[earlier])
    assert after.topic is None and after.carried == []
    assert same_answer(alone, after)


@pytest.mark.parametrize("question", ["所管は農水省？", "文科省が担当？", "経産省も関わってる？"])
def test_an_owner_check_naming_a_ministry_takes_the_topic(assistant, question):
    """Written for this test: a ministry named after a topic checks that topic's owner; it is not a
    subject of its own that would send the question to whichever sheet names that ministry most."""
    a = checked(assistant, question, history=["使用済紙おむつのリサイクルについて"])
    assert a.topic and "紙おむつ" in a.topic and a.carried == ["topic"] and a.aspect == "owner"
    assert a.citations[0].sheet_id == a.retrieved[0] and "紙おむつ" in a.answer.split("\n")[0]


def test_a_ministrys_measures_asked_after_a_topic_stand_alone(assistant):
    a = checked(assistant, "環境省が所管する施策は？", history=["使用済紙おむつのリサイクルについて"])
    assert a.topic is None and a.kind == "owner_measures"


def test_a_demonstrative_follow_up_takes_the_topic(assistant):
    a = checked(assistant, "それはいつまでに？", history=["使用済紙おむつのリサイクルについて"])
    assert a.topic and "紙おむつ" in a.topic and a.carried == ["topic"]
    assert a.topic_question == "使用済紙おむつのリサイクルについて"


def test_a_bare_aspect_question_takes_the_topic(assistant):
    a = checked(assistant, "数値目標は？", history=["食品ロスを減らす事業について"])
    assert a.topic and "食品ロス" in a.topic and a.aspect == "target"


def test_a_new_subject_alone_is_read_as_it_is_alone(assistant):
    """「木材は？」 after a question on a target: the relation model reads a new subject, so nothing of the
    earlier question is carried (an aspect carried into questions read as new changed answers of questions
    that stand alone; BENCHMARKS.md, eighteenth session); its own reading finds the timber measure."""
    alone = checked(assistant, "木材は？")
    a = checked(assistant, "木材は？", history=["下水汚泥を肥料に使う目標は？"])
    assert a.topic is None and a.carried == []
    assert same_answer(alone, a) and "木" in a.answer.splitlines()[0]


def test_an_aspect_alone_after_a_carried_aspect_keeps_the_new_topic(assistant):
    history = ["下水汚泥を肥料に使う目標は？", "木材は？"]
    a = checked(assistant, "所管は？", history=history)
    assert a.topic and "木" in a.topic and a.aspect == "owner"


def test_a_topic_change_inside_the_history_is_followed(assistant):
    history = ["下水汚泥を肥料に使う取組について", "その目標は？", "持続可能な航空燃料の国際認証について"]
    a = checked(assistant, "それはいつ？", history=history)
    assert a.topic and "SAF" in a.topic


def test_a_chain_of_follow_ups_keeps_the_first_topic(assistant):
    a = checked(assistant, "所管は？", history=["下水汚泥を肥料に使う取組について", "その目標は？"])
    assert a.topic and "下水汚泥" in a.topic


def test_narrowing_a_list_chooses_among_the_listed_measures(assistant):
    earlier = "SAFに関係する施策をすべて挙げて"
    listed = {c.sheet_id for c in checked(assistant, earlier).citations}
    assert len(listed) > 1
    a = checked(assistant, "そのうち空港で進めるものは？", history=[earlier])
    assert "items" in a.carried and a.retrieved[0] in listed


def test_a_list_checked_by_a_question_about_it_is_still_narrowed_after_it(assistant):
    """A turn asking whether the list holds something lists nothing itself: 「その中で…」 after it narrows the
    list before it."""
    history = ["地域の資源循環を支援する施策を全部", "伴走支援もそこに入ってる？"]
    listed = {c.sheet_id for c in checked(assistant, history[0]).citations}
    a = assistant.ask("その中で件数で目標を立ててるのは？", history=history)
    assert a.request["conversation"]["relation"] == "narrow", a.request["conversation"]
    assert {c.sheet_id for c in a.citations} <= listed and "毎年14件" in a.answer, a.answer


def test_a_follow_up_quotes_the_line_for_its_own_question(assistant):
    """Within the topic's sheet the follow-up's own question picks the line, not the sheet's opening."""
    a = checked(assistant, "その参加者は何名だった？", history=["資源循環の自治体フォーラム、開いた都市はどこ？"])
    assert a.topic and any("2,250名" in c.quote for c in a.citations)


def test_the_reading_is_in_the_json(assistant):
    data = assistant.ask("その予算は？", history=["使用済紙おむつのリサイクルについて"]).to_json()
    assert data["topic"] and data["carried"] == ["topic"] and data["topic_question"]
    alone = assistant.ask("使用済紙おむつのリサイクルについて").to_json()
    assert alone["topic"] is None and alone["carried"] == [] and alone["topic_question"] is None


def test_narrowing_within_one_sheet_answers_which_item(assistant):
    """「そのうち…のは？」 after a sheet of several bodies: which body, from the line that says it, not the sheet
    in brief."""
    a = checked(assistant, "そのうち複合機の再生をしているのは？", history=["点検Ⅲ-2のヒアリング先企業を教えて"])
    assert a.request["parts"][0]["slot"] == "describe"
    assert "リコー" in a.answer.splitlines()[0], a.answer.splitlines()[0]


def test_the_relation_model_reads_a_chapter_named_elsewhere_and_no_number_as_a_word(assistant, monkeypatch):
    """Written for this test: a question naming a chapter the latest topic is not in says where it is (a
    signal of a new topic); a number says nothing of how a message relates, so it is no word feature."""
    import assistant.query.conversation as conversation

    seen: list[dict[str, float]] = []
    original = conversation.relation_features

    def recorded(*args, **kwargs):
        seen.append(original(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(conversation, "relation_features", recorded)
    assistant.ask("Ⅲ-2で部会から出た意見をまとめて", history=["一人一日あたりのごみ焼却量の目標は？"])
    assert seen and seen[-1].get("scope_elsewhere") == 1.0 and "scope_here" not in seen[-1]
    seen.clear()
    assistant.ask("それの令和8年度の予算は？", history=["長期優良住宅の普及促進について"])
    assert seen and not any(k in seen[-1] for k in ("w=8", "w=８")) and "w=予算" in seen[-1]


@pytest.mark.parametrize("earlier, question, item, other", [
    # a ministry marked in parentheses after each action of a package: the actions of that ministry
    ("LIB総合対策パッケージの、使う段階の対策を一覧にして", "国土交通省が受け持つのは？", "公共交通機関", "消火方法"),
    ("LIB総合対策パッケージの、使う段階の対策を一覧にして", "そのうち国交省の分は？", "公共交通機関", "消火方法"),
    # an item named on its own line above what it does: the item, with the line that fits
    ("SIPのプラスチック研究開発実証では、どんなサブ課題がある？", "その中で家電製品の開発を扱うサブ課題は？", "サブ課題C", "サブ課題B"),
])
def test_narrowing_what_one_sheet_listed_gives_the_items_that_fit(assistant, earlier, question, item, other):
    """Written for this test: after a list drawn from one sheet, 「そのうち…は？」 (or a ministry asked of it) picks
    the sheet's items that hold what it names, each quoted, not the sheet in brief nor a check of its owner."""
    a = checked(assistant, question, history=[earlier])
    first = a.answer.splitlines()[0]
    assert a.topic and first.startswith("そのうち該当するもの"), first
    assert item in first and other not in a.answer, a.answer


def test_a_narrowing_after_a_question_that_listed_nothing_is_answered_from_the_evidence(assistant):
    """Written for this test: after a value asked of a measure (no list), 「その中で…」 is a follow-up of its
    topic answered as usual, not a pick among lines."""
    a = checked(assistant, "その中でニッケルの回収目標は？", history=["蓄電池の重要鉱物リサイクル施策が2030年に目指すところは？"])
    assert a.topic and not a.answer.startswith("そのうち"), a.answer
    assert "95%" in a.answer.splitlines()[0]


def test_a_check_of_the_topics_owner_is_not_a_narrowing(assistant):
    a = checked(assistant, "所管は経産省だよね？", history=["LIB総合対策パッケージの、使う段階の対策を一覧にして"])
    assert not a.answer.startswith("そのうち"), a.answer


def test_an_english_follow_up_without_a_pronoun_keeps_the_topic(assistant):
    """Written for this test: an English ellipsis naming a thing the topic's sheet writes (buildings: 建築,
    a gloss of JMdict) continues the topic, as 「仮設の建築は？」 would."""
    a = checked(assistant, "And for the temporary buildings?", history=["GREEN×EXPOの資源循環、どんな実証をする？"])
    assert a.topic and "EXPO" in a.topic and "topic" in a.carried
    assert a.citations and a.citations[0].sheet_id == a.retrieved[0] and not a.abstained and "建築" in a.answer


def test_an_english_ellipsis_of_function_words_asks_of_the_topic(assistant):
    """Written for this test: an English follow-up that names nothing ("by" and "about" gloss nouns in JMdict,
    but ask nothing of a subject) continues the topic, as 「いつまでに？」 would, and is not declined."""
    a = checked(assistant, "And by when is that?", history=["太陽光パネルのリサイクルを進める取組について知りたい"])
    assert a.topic and "太陽光" in a.topic and not a.abstained
    assert "第221回" in a.answer.split("\n")[0]


@pytest.mark.parametrize("earlier, question, topic, said", [
    ("太陽光パネルのリサイクルについて", "Which ministry is responsible?", "太陽光", "所管"),
    ("サーキュラーエコノミーポートの選定について", "When will the first selection happen?", "サーキュラーエコノミーポート", "第1次"),
])
def test_an_english_follow_up_asking_only_by_what_it_asks_keeps_the_topic(assistant, earlier, question, topic, said):
    """Written for this test: what an English question asks by (ministry, selection) and its words of time or
    number (first) name no subject of their own: it continues the topic, as 「所管は？」 would."""
    a = checked(assistant, question, history=[earlier])
    assert a.request["conversation"]["relation"] == "follow" and a.topic and topic in a.topic
    assert said in a.answer.split("\n")[0] and not a.abstained


def test_each_part_of_a_follow_up_that_the_topics_sheet_writes_is_answered_from_it(assistant):
    """Written for this test: two things asked together after a topic, both written on the topic's sheet, are
    each answered from that sheet (not from whichever sheet their words find alone)."""
    a = checked(assistant, "ボランティアとスタッフ、合わせて何人規模？", history=["GREEN×EXPOの資源循環、どんな実証をする？"])
    assert a.topic and "EXPO" in a.topic
    first = {c.sheet_id for c in a.citations if f"[{c.n}]" in a.answer.split("\n")[0]}
    assert first == {a.retrieved[0]} and "1万人" in a.answer.split("\n")[0]
