"""Keyword search of the sheet and indicator lists: every word of the query must match (「e-scrap 銅」),
each word either as written or as one of the glossary's equivalents (「CEポート」 finds
サーキュラーエコノミーポート, 「電子基板」 finds e-scrap). Matching ignores case, width and spaces."""
from __future__ import annotations

import re

from assistant.text.normalize import normalize

_WORDS = re.compile(r"[\s\u3000、,，]+")


def _flat(text: str) -> str:
    return normalize(text).replace(" ", "")


class KeywordSearch:
    """`expand(term)` gives a term's glossary equivalents (Glossary.expand); None searches words as written."""

    def __init__(self, expand=None):
        self.expand = expand

    def terms(self, query: str) -> list[list[str]]:
        """For each word of the query, the forms any of which may match."""
        out = []
        for word in (w for w in _WORDS.split(query or "") if w):
            forms = [_flat(word)]
            if self.expand is not None:
                forms += [_flat(x) for x in self.expand(word)]
            out.append([f for f in dict.fromkeys(forms) if f])
        return [t for t in out if t]

    def matches(self, text: str, terms: list[list[str]]) -> bool:
        flat = _flat(text)
        return all(any(form in flat for form in forms) for forms in terms)
