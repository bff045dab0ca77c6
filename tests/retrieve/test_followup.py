"""Follow-ups resolved from retrieval and word statistics, not from word lists. Conversations here
are written for these tests (none is copied from a gold set)."""
from __future__ import annotations

import pytest

from assistant.retrieve.followup import points_back, topic_question
from tests.test_answers import checked


@pytest.mark.parametrize("question, expected", [
    ("その予算は？", True), ("この事業の所管は？", True), ("同施策の期限は？", True), ("それはいつ？", True),
    ("太陽光パネルの予定は？", False), ("目標は？", False),
])
def test_points_back_reads_demonstratives(question, expected):
    assert points_back(question) is expected


def test_a_question_with_no_topic_of_its_own_carries_little_weight(assistant):
    spec = assistant.lines.specificity
    assert spec("数値目標は？") < spec("長期優良住宅の普及の数値目標は？")
    assert spec("所管は？") < 8.0 <= spec("使用済紙おむつのリサイクルの推進")


def test_the_topic_is_the_latest_question_that_stands_alone(assistant):
    spec = assistant.lines.specificity
    history = ["下水汚泥を肥料として使う取組について", "その目標は？", "予定は？"]
    assert topic_question(history, spec) == history[0]
    history.append("持続可能な航空燃料の国際認証について")
    assert topic_question(history, spec) == history[-1]


def test_a_demonstrative_follow_up_takes_the_topic(assistant):
    a = checked(assistant, "それはいつまでに？", history=["使用済紙おむつのリサイクルについて"])
    assert a.topic and "紙おむつ" in a.topic


def test_a_bare_aspect_question_takes_the_topic(assistant):
    a = checked(assistant, "数値目標は？", history=["食品ロスを減らす事業について"])
    assert a.topic and "食品ロス" in a.topic


def test_a_chain_of_follow_ups_keeps_the_first_topic(assistant):
    a = checked(assistant, "所管は？", history=["下水汚泥を肥料として使う取組について", "その目標は？"])
    assert a.topic and "下水汚泥" in a.topic


def test_a_new_topic_after_a_conversation_starts_fresh(assistant):
    alone = assistant.ask("長期優良住宅の普及の目標は？")
    a = checked(assistant, "長期優良住宅の普及の目標は？", history=["下水汚泥を肥料として使う取組について"])
    assert a.topic is None and a.retrieved[0] == alone.retrieved[0]


def test_a_topic_change_inside_the_history_is_followed(assistant):
    history = ["下水汚泥を肥料として使う取組について", "その目標は？", "持続可能な航空燃料の国際認証について"]
    a = checked(assistant, "それはいつ？", history=history)
    assert a.topic and "SAF" in a.topic
