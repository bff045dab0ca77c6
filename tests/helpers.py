"""Helpers shared by the tests (a test module never imports another test module)."""
from __future__ import annotations

from assistant.answer.citations import quote_in_sheet


def checked(assistant, question, history=None):
    """The answer, after checking what every answer must hold: each quote verbatim in its sheet,
    each citation's title and section its sheet's, each citation marked in the text, ten sheets
    retrieved."""
    answer = assistant.ask(question, history=history)
    sheets = {s.id: s for s in assistant.sheets()}
    for c in answer.citations:
        assert quote_in_sheet(c.quote, sheets[c.sheet_id]), c
        assert c.title == sheets[c.sheet_id].title and c.section == sheets[c.sheet_id].section
        assert f"[{c.n}]" in answer.answer
    assert len(answer.retrieved) >= 10
    return answer
