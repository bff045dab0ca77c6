"""The grammar the slot reading uses, on invented questions."""
from __future__ import annotations

import pytest

from assistant.query.slots import perfect
from assistant.query.tokens import tokens
from assistant.text.normalize import nfkc


@pytest.mark.parametrize("question, done", [
    ("その制度はいつ始まった？", True), ("補助はもう採択されていますか", True), ("来年は何件を見込む？", False),
    ("どの港を選ぶ予定？", False)])
def test_past_or_perfect_predicate(question, done):
    assert perfect(tokens(nfkc(question))) is done
