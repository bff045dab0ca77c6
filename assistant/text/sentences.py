"""Sentences: the one splitter of Japanese (and English) text into sentences, each keeping its end
mark (。．！？!?)."""
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


def has_sentence_end(text: str) -> bool:
    return any(ch in ENDS for ch in text)
