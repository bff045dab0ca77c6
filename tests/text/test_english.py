"""An English question in the documents' Japanese (assistant/text/english.py): the plan's nouns that its
words and phrases gloss in JMdict, found by BM25. The questions here were written for these tests."""
from __future__ import annotations

from assistant.text.english import Bridge


def test_words_and_phrases_give_the_nouns_they_gloss():
    bridge = Bridge.of_vocabulary(["予算", "港湾", "会員", "空き家", "肥料"])
    terms = bridge.terms("What budget do the harbours get, and how many members track vacant houses?")
    assert {"予算", "港湾", "会員", "空き家"} <= set(terms)
    assert "肥料" not in terms


def test_a_noun_of_agent_is_read_back_to_what_the_agent_does():
    # JMdict glosses 小売り "retail", not "retailer": the agent is the trade's (a stem too short is left alone)
    bridge = Bridge.of_vocabulary(["小売り", "利用者"])
    assert "小売り" in bridge.terms("What about retailers?")
    assert "利用者" in bridge.terms("How many users are there?")
    assert bridge.terms("Any orders?") == []


def test_a_function_word_glosses_nothing():
    # JMdict gives 程度 "about" and バイ "by": words that ask nothing of a subject
    bridge = Bridge.of_vocabulary(["程度", "バイ", "予算"])
    assert bridge.terms("What about the budget?") == ["予算"]
    assert bridge.terms("And by when is that?") == []

def test_only_nouns_are_looked_up_and_japanese_is_left_alone():
    bridge = Bridge.of_vocabulary(["する", "予算"])
    assert bridge.terms("Do they do it?") == []  # する glosses "do": a verb is no topic
    assert bridge.terms("予算はいくら？ budget") == []  # a Japanese question is searched by its own words


def test_an_english_question_is_searched_by_its_sheets_words(assistant):
    found = assistant.retriever.retrieve("Which measure supports fertilizer made from sewage sludge?")
    assert {"肥料", "下水", "汚泥"} <= set(found.expansions)
    top = found.hits[0].sheet
    assert "汚泥" in top.text and "肥料" in top.text


def test_a_bridge_is_built_in_any_thread():
    # an index rebuilt under the running app is activated in a request's thread, not the one that started it
    from concurrent.futures import ThreadPoolExecutor

    Bridge.of_vocabulary(["予算"])
    with ThreadPoolExecutor(1) as pool:
        other = pool.submit(Bridge.of_vocabulary, ["予算"]).result()
    assert other.terms("the budget") == ["予算"]
