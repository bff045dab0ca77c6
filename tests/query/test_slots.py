"""The grammar the slot reading uses, on invented questions."""
from __future__ import annotations

import pytest

from assistant.query.slots import perfect
from assistant.query.tokens import tokens
from assistant.text.normalize import nfkc


@pytest.mark.parametrize("question, done", [
    ("その制度はいつ始まった？", True), ("補助はもう採択されていますか", True), ("来年は何件を見込む？", False),
    ("どの港を選ぶ予定？", False),
    # the て-いる form contracted as staff type it (てる, and でる after a voiced stem)
    ("認定はどこまで進んでる？", True), ("参加企業は何社まで増えてる？", True), ("どの港を選んでいく予定？", False)])
def test_past_or_perfect_predicate(question, done):
    assert perfect(tokens(nfkc(question))) is done


@pytest.mark.parametrize("question, words", [
    # the lattice reads 何か国 in a sentence as the indefinite 何か and 国: a numeral and its counter, as alone
    ("協定は何か国と結んだ？", ["協定", "は", "何", "か国", "と"]),
    ("会合には何か国が参加した？", ["会合", "に", "は", "何", "か国", "が"]),
    # an indefinite stays one word
    ("何かの支援制度はある？", ["何か", "の", "支援制度"])])
def test_an_interrogative_numeral_with_a_counter_written_with_ka(question, words):
    toks = tokens(nfkc(question))
    assert [t.surface for t in toks][:len(words)] == words
    assert all(t.pos[1] == "数詞" for t in toks if t.surface == "何")
