"""The one text normaliser, in its three strengths: `nfkc` folds full-width and compatibility forms
(ＳＡＦ → SAF, ① → 1); `norm` is the matching form of the eval contract (NFKC, no whitespace), used to
find a quote or a snippet in a sheet; `normalize` is the tokeniser's input (NFKC, ASCII lowercased,
control characters and markdown ``**`` removed, whitespace collapsed)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

LOWER_ASCII = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_WS = re.compile(r"\s+")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def norm(text: str) -> str:
    """The matching form used everywhere: NFKC, no whitespace (as the eval contract does)."""
    return _WS.sub("", nfkc(text))


def _unprintable(ch: str) -> str:
    # control characters (tabs, newlines, NUL) separate words; format characters (zero-width
    # space, BOM, soft hyphen) sit inside words and just go
    cat = unicodedata.category(ch)
    return " " if cat in ("Cc", "Zl", "Zp") else "" if cat == "Cf" else ch


# One C-level str.translate pass instead of a Python call per character (opening a large index
# normalises every line): the table covers the BMP, the rare astral characters go one by one.
_BMP_TABLE: dict[int, int | str | None] = {c: _unprintable(chr(c)) for c in range(0x10000) if _unprintable(chr(c)) != chr(c)}
_BMP_TABLE.update(LOWER_ASCII)
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def unmarked(text: str) -> str:
    """The text without the Markdown emphasis (**) the PDF conversion left in the plan texts."""
    return text.replace("**", "")


def char_type(surface: str) -> str:
    """The script a word is written in: kanji, katakana, hiragana, latin, digit, mixed or symbol."""
    kinds = set()
    for ch in surface:
        if "\u4e00" <= ch <= "\u9fff" or ch in "々〆":
            kinds.add("kanji")
        elif "\u30a0" <= ch <= "\u30ff":
            kinds.add("kata")
        elif "\u3040" <= ch <= "\u309f":
            kinds.add("hira")
        elif ch.isascii() and ch.isalpha():
            kinds.add("latin")
        elif ch.isdigit():
            kinds.add("digit")
        else:
            kinds.add("sym")
    return kinds.pop() if len(kinds) == 1 else "mixed"


def has_japanese(text: str) -> bool:
    """Whether the text holds a kana or kanji character (a Japanese question, not an English one)."""
    return any("\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" for ch in text)


def normalize(text: str) -> str:
    """NFKC, ASCII lowercased, control characters and markdown ``**`` removed, whitespace collapsed."""
    text = unmarked(nfkc(text or "")).translate(_BMP_TABLE)
    if _ASTRAL.search(text):
        text = _ASTRAL.sub(lambda m: _unprintable(m.group()), text)
    return _WS.sub(" ", text).strip()


# kana written between two kanji of a word: the okurigana a writer may leave out (空き家/空家, 取り組み/取組)
_OKURIGANA = re.compile(r"(?<=[\u4e00-\u9fff々])[\u3041-\u3093]{1,2}(?=[\u4e00-\u9fff々])")


@lru_cache(maxsize=512)
def okurigana_free(text: str) -> str:
    """A text with the kana between kanji dropped, so that a word meets its spelling with or without
    okurigana (改正空き家法 in 改正空家法). Particles between kanji go too: for matching a name, not reading."""
    return _OKURIGANA.sub("", text)
