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
