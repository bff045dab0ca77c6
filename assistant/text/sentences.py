"""Sentences: the one splitter of Japanese (and English) text into sentences, each keeping its end
mark (。．！？!?), and the sentence around a position of a line."""
from __future__ import annotations

ENDS = "。．！？!?"


def sentences(text: str) -> list[str]:
    """The sentences of `text`, stripped, each with its end mark; a tail without one is a sentence
    too."""
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in ENDS:
            out.append(text[start:i + 1].strip())
            start = i + 1
    out.append(text[start:].strip())
    return [s for s in out if s]


def sentence_at(text: str, position: int) -> str:
    """The sentence of `text` that holds `position` (with its end mark)."""
    left = max(text.rfind(ch, 0, position) for ch in ENDS) + 1
    rights = [i for i in (text.find(ch, position) for ch in ENDS) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def has_sentence_end(text: str) -> bool:
    return any(ch in ENDS for ch in text)
