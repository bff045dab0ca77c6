"""Character-bigram similarity: the one measure of how much two short texts share their wording
(used where a line repeats a title, a statement is checked against its source line, a quote is
matched across copies of a sheet)."""
from __future__ import annotations

from assistant.text.normalize import norm


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def norm_bigrams(text: str, single: bool = False) -> set[str]:
    """The bigrams of a text in its matching form (NFKC, no whitespace); with `single`, a one-character
    text is its own bigram (a one-character statement still has something to compare)."""
    t = norm(text)
    return bigrams(t) if len(t) > 1 or not single else ({t} if t else set())


def bigram_similarity(a: str, b: str) -> float:
    """Shared character bigrams over the smaller text's bigrams (0 when either has none)."""
    x, y = bigrams(a), bigrams(b)
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


def bigram_coverage(a: str, b: str) -> float:
    """The share of `a`'s bigrams that `b` holds (how much of a statement a line covers)."""
    x = bigrams(a)
    return len(x & bigrams(b)) / len(x) if x else 0.0
