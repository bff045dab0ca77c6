"""Japanese text normalisation and tokenisation for the sparse (BM25) index and the composer.

Tokens are SudachiPy ``normalized_form()`` of content words, so spelling variants meet
(強靱/強靭, マネジメント/マネージメント, 使用済み/使用済, 379億/37900000000).  Sudachi would split
ASCII terms (e-scrap -> e / - / scrap, J4CE -> j / 4 / CE), so runs of Latin letters and digits are cut
out first and kept whole.

Split mode, measured with BM25 over the real chunks (chunk_tokens 100/200/400) on the dev
questions, as mean reciprocal rank of every relevant passage: C 0.668 (at 200), B 0.666, A 0.694;
C + mode-A pieces of compounds 0.683/0.695/0.761; B + mode-A pieces 0.677/0.710/0.770.  Emitting the
pieces is a clear gain (a question names a whole compound or only a part of it: 電池, 資源化).  B + A
beats C + A on 6 of the 8 question/passage pairs where they differ, by 1-2 ranks, so B + A is used;
C + B + A scored exactly like C + A.  It is a narrow margin: re-measure if the corpus changes.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache

from bm25s.stopwords import STOPWORDS_EN_PLUS
from sudachipy import Dictionary, SplitMode

from assistant.text.normalize import LOWER_ASCII, normalize

# bump when the token stream changes: a saved sparse index built with another version is stale
TOKENIZER_VERSION = "sudachi-b+a-2"  # 2: English function words dropped

# A Latin term: letters/digits with inner - _ . + & joiners, containing at least one letter.
# Pure numbers are left to Sudachi, which normalises 2,250 -> 2250 and 379億 -> 37900000000.
_ASCII_TERM = re.compile(r"[a-z0-9]+(?:[-_.+&][a-z0-9]+)*")
_HAS_LETTER = re.compile(r"[a-z]")
# Sudachi refuses inputs over 49149 bytes; segments are cut well below that at sentence ends.
_MAX_CHARS = 4000
_SENTENCE_END = re.compile(r"(?<=[。．！？!?])")

# Parts of speech that carry meaning; everything else (particles, auxiliaries, symbols, blanks,
# pronouns, conjunctions, adnominals, adverbs, prefixes) is dropped.
_CONTENT_POS = {"名詞", "動詞", "形容詞", "形状詞", "接尾辞"}
# Verbs that are really parts of compound particles: について (つく), において (おく), による (よる),
# に向けた (向ける), を通じて (通じる), に関する, に対する, に係る, に基づく, に応じた, に伴う, に際して.
_STOP_VERBS = {"つく", "おく", "於く", "よる", "因る", "向ける", "通じる", "関する", "対する", "係る",
               "基づく", "応じる", "伴う", "際する", "渡る", "亘る", "おける"}
# Formal nouns and ubiquitous suffixes that match almost every passage (normalised forms).
_STOP = {"こと", "物", "為", "所", "等", "幾ら", "方", "中", "上", "際", "場合", "以上", "以下", "的",
         "さん", "達", "たち", "毎", "頃", "ごと", "他", "ほか", "後", "前", "次"}


class _Sudachi:
    """One shared Dictionary (loaded once, under a lock) and one Tokenizer per thread, because a
    Sudachi Tokenizer keeps per-call state and must not be used by two threads at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dict: Dictionary | None = None
        self._local = threading.local()

    def tokenizer(self):
        tok = getattr(self._local, "tok", None)
        if tok is None:
            with self._lock:
                if self._dict is None:
                    self._dict = Dictionary(dict="core")
                # Dictionary.tokenizer() replaced the deprecated create() in newer SudachiPy
                make = getattr(self._dict, "tokenizer", None) or self._dict.create
                tok = make()
            self._local.tok = tok
        return tok


_SUDACHI = _Sudachi()
_MODE = SplitMode.B  # see the module docstring for the measurement behind this choice


def _keep(pos: tuple[str, ...], form: str) -> bool:
    if pos[0] not in _CONTENT_POS or form in _STOP:
        return False
    if pos[0] in ("動詞", "形容詞") and pos[1] == "非自立可能":
        return False  # する, いる, できる, ください, ない, よい ...
    if pos[0] == "動詞" and form in _STOP_VERBS:
        return False
    return not (pos[0] == "接尾辞" and len(form) == 1 and not _is_kanji(form))  # kana suffixes (さ, み) carry nothing


def _is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _segments(text: str):
    """Yield ('latin', term) and ('ja', span) pieces of normalised text, in order."""
    pos = 0
    for m in _ASCII_TERM.finditer(text):
        if not _HAS_LETTER.search(m.group()):
            continue  # numbers stay inside the Japanese span
        if m.start() > pos:
            yield "ja", text[pos:m.start()]
        yield "latin", m.group()
        pos = m.end()
    if pos < len(text):
        yield "ja", text[pos:]


def _pieces(span: str):
    """Cut a Japanese span into Sudachi-sized pieces (at spaces, then sentence ends if needed)."""
    for part in span.split(" "):
        if len(part) <= _MAX_CHARS:
            if part:
                yield part
            continue
        buf = ""
        for sent in _SENTENCE_END.split(part):
            if len(buf) + len(sent) > _MAX_CHARS and buf:
                yield buf
                buf = ""
            while len(sent) > _MAX_CHARS:  # no sentence end for a long stretch: hard cut
                yield sent[:_MAX_CHARS]
                sent = sent[_MAX_CHARS:]
            buf += sent
        if buf:
            yield buf


@lru_cache(maxsize=8192)
def _ja_tokens(piece: str, subtokens: bool) -> tuple[str, ...]:
    # cached: sheet titles and headings repeat in every chunk, and queries repeat
    out: list[str] = []
    for m in _SUDACHI.tokenizer().tokenize(piece, _MODE):
        pos = m.part_of_speech()
        form = m.normalized_form().translate(LOWER_ASCII)
        if _keep(pos, form):
            out.append(form)
        if subtokens and pos[0] == "名詞" and len(m.surface()) > 2:
            parts = m.split(SplitMode.A)
            if len(parts) > 1:
                for p in parts:
                    pf = p.normalized_form().translate(LOWER_ASCII)
                    if pf != form and _keep(p.part_of_speech(), pf):
                        out.append(pf)
    return tuple(out)


@lru_cache(maxsize=8192)
def _ja_nouns(piece: str) -> tuple[tuple[str, bool], ...]:
    out: list[tuple[str, bool]] = []
    for m in _SUDACHI.tokenizer().tokenize(piece, _MODE):
        pos = m.part_of_speech()
        # names of things: not numerals, pronouns, or the adverbial nouns of time and relation
        # (去年, 今後, うち, 中, 一番), which say when or which, not what
        if pos[0] != "名詞" or pos[1] in ("数詞", "代名詞") or pos[2] == "副詞可能":
            continue
        form = m.normalized_form().translate(LOWER_ASCII)
        if form in _STOP:
            continue
        proper = pos[1] == "固有名詞"
        out.append((form, proper))
        if len(m.surface()) > 2:
            out.extend((p.normalized_form().translate(LOWER_ASCII), proper) for p in m.split(SplitMode.A)
                       if p.normalized_form().translate(LOWER_ASCII) not in (form, *_STOP)
                       and p.part_of_speech()[0] == "名詞" and p.part_of_speech()[1] != "数詞")
    return tuple(out)


def content_nouns(text: str, names: bool = False) -> list:
    """The nouns of `text` as index tokens (the forms `tokenize` gives, so they can be looked up in the
    sheets' token sets): Japanese nouns and their mode-A pieces, Latin terms; no verbs, numerals,
    pronouns or English function words. With `names`, (token, whether it names something: a
    SudachiPy proper noun or a Latin term) pairs."""
    out: list[tuple[str, bool]] = []
    for kind, seg in _segments(normalize(_drop_english_stopwords(text))):
        if kind == "latin":
            out.extend((t, True) for t in _latin_tokens(seg))
        else:
            for piece in _pieces(seg):
                out.extend(_ja_nouns(piece))
    return out if names else [t for t, _ in out]


def _latin_tokens(term: str) -> list[str]:
    # trailing dots/joiners belong to the sentence, not the term ("etc.", "U.S.")
    return [term.strip("-_.+&")] if term.strip("-_.+&") else []


# English function words (bm25s's copy of NLTK's list) carry nothing, and would match an English
# question to the documents' English footnotes; written in capitals they are acronyms (IT, US, NO).
_STOP_ALTERNATIVES = "|".join(sorted((re.escape(w) for w in STOPWORDS_EN_PLUS), key=len, reverse=True))
_ENGLISH_STOP = re.compile(rf"(?<![A-Za-z0-9'])(?:{_STOP_ALTERNATIVES})(?![A-Za-z0-9'])", re.IGNORECASE)


def _drop_english_stopwords(text: str) -> str:
    return _ENGLISH_STOP.sub(lambda m: m.group(0) if len(m.group(0)) > 1 and m.group(0).isupper() else " ", text)


def english_function_word(word: str) -> bool:
    """Whether an English word (lower case) is a function word of that list."""
    return word in STOPWORDS_EN_PLUS


def tokenize(text: str, subtokens: bool = True) -> list[str]:
    """Content-word tokens of `text`: Sudachi normalised forms (mode B, plus the mode-A pieces of
    longer nouns when `subtokens`: 太陽光 -> 太陽光 太陽 光), Latin terms kept whole and lowercased,
    English function words left out."""
    out: list[str] = []
    for kind, seg in _segments(normalize(_drop_english_stopwords(text))):
        if kind == "latin":
            out.extend(_latin_tokens(seg))
        else:
            for piece in _pieces(seg):
                out.extend(_ja_tokens(piece, subtokens))
    return out


def content_words(text: str) -> list[tuple[str, str]]:
    """(token, surface) of each word `tokenize(text, subtokens=False)` gives, in order: the token to
    look up, and the text it was read from (normalised: NFKC, ASCII lowercased) to highlight it by
    (紙おむつ is the token 紙御襁褓)."""
    out: list[tuple[str, str]] = []
    for kind, seg in _segments(normalize(_drop_english_stopwords(text))):
        if kind == "latin":
            out.extend((t, t) for t in _latin_tokens(seg))
            continue
        for piece in _pieces(seg):
            for m in _SUDACHI.tokenizer().tokenize(piece, _MODE):
                form = m.normalized_form().translate(LOWER_ASCII)
                if _keep(m.part_of_speech(), form):
                    out.append((form, m.surface()))
    return out


def pieces(text: str) -> list[str]:
    """The smallest content words of `text` (mode-A morphemes' normalised forms, Latin terms whole):
    「小型家電リサイクル法」 → 小型, 家電, リサイクル, 法."""
    out: list[str] = []
    for kind, seg in _segments(normalize(text)):
        if kind == "latin":
            out.extend(_latin_tokens(seg))
            continue
        for m in _SUDACHI.tokenizer().tokenize(seg[:_MAX_CHARS], SplitMode.A):
            form = m.normalized_form().translate(LOWER_ASCII)
            if _keep(m.part_of_speech(), form):
                out.append(form)
    return out


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """(surface, part_of_speech, normalized form) of each mode-C morpheme of `text` (< 4000 chars):
    the grammar of a question or a line (what follows a numeral, what precedes は)."""
    ms = _SUDACHI.tokenizer().tokenize(text, SplitMode.C)
    return tuple((m.surface(), tuple(m.part_of_speech()), m.normalized_form()) for m in ms)


def morphemes(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(surface, part_of_speech) of each mode-C morpheme of `text` (a short span: < 4000 chars), for
    callers that need grammar rather than index terms, e.g. finding the noun phrase before a
    parenthesis in the glossary miner."""
    ms = _SUDACHI.tokenizer().tokenize(text, SplitMode.C)  # C: whole compounds are the grammar unit
    return [(m.surface(), tuple(m.part_of_speech())) for m in ms]


def readings(text: str) -> list[tuple[str, tuple[str, ...], str]]:
    """(surface, part_of_speech, reading in katakana) of each mode-C morpheme of `text` (< 4000 chars)."""
    ms = _SUDACHI.tokenizer().tokenize(text, SplitMode.C)
    return [(m.surface(), tuple(m.part_of_speech()), m.reading_form()) for m in ms]
