"""The question's words for the query stage: SudachiPy's mode-C morphemes with their parts of speech and
normalised forms, Latin terms (e-scrap, J4CE, and English words) kept whole."""
from __future__ import annotations

import re
from functools import lru_cache

from assistant.models.request import Token
from assistant.query.slots import interrogative
from assistant.text.japanese import words
from assistant.text.normalize import LOWER_ASCII

# a Latin term: letters and digits with inner joiners (the tokeniser's own definition, text/japanese.py)
LATIN = re.compile(r"[A-Za-z0-9]+(?:[-_.+&'][A-Za-z0-9]+)*")
LATIN_POS = ("英字", "*", "*", "*", "*", "*")
# the clitics English writes onto a word (is/has, are, will, have, would/had, am, not): a closed class
CLITIC = re.compile(r"(?i)(.+?)(n't|'s|'re|'ll|'ve|'d|'m)")
# English has no SudachiPy part of speech: its pronouns that point back, as a closed class, are marked as
# SudachiPy marks Japanese ones (代名詞): they name nothing of their own
ENGLISH_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "this", "that", "these", "those"})
LATIN_PRONOUN_POS = ("英字", "代名詞", "*", "*", "*", "*")
NUMBER_POS = ("名詞", "数詞", "*", "*", "*", "*")
# a question word made indefinite by the particle after it (誰かが, 何かの, いつも, 何も) asks nothing: one word
# of this part of speech (SudachiPy has none for it)
INDEFINITE_POS = ("代名詞", "不定", "*", "*", "*", "*")


@lru_cache(maxsize=4096)
def tokens(question: str) -> tuple[Token, ...]:
    """The words of an NFKC question, in order, each with its character span."""
    out: list[Token] = []
    pos = 0
    for m in LATIN.finditer(question):
        if not any(ch.isalpha() for ch in m.group()):
            continue  # numbers stay with Sudachi (2030年, 50%)
        out += _japanese(question[pos:m.start()], pos)
        for word, start in _clitics(m.group(), m.start()):
            form = word.translate(LOWER_ASCII)
            pronoun = form in ENGLISH_PRONOUNS and not word.isupper()  # IT is a term (IT活用), it a pronoun
            out.append(Token(word, start, start + len(word), LATIN_PRONOUN_POS if pronoun else LATIN_POS, form))
        pos = m.end()
    out += _japanese(question[pos:], pos)
    return tuple(out)


def _clitics(word: str, start: int) -> list[tuple[str, int]]:
    """An English word with its clitic apart ("it's" → it + 's, "don't" → do + n't, "METI's" → METI + 's), each
    with its start: the word is what a pronoun, a question word or a name is read from."""
    m = CLITIC.fullmatch(word)
    if m is None:
        return [(word, start)]
    return [(m.group(1), start), (m.group(2), start + m.start(2))]


def _japanese(span: str, offset: int) -> list[Token]:
    out = []
    at = 0
    for surface, pos, form in words(span[:4000]) if span else ():
        if not surface.strip():
            at += len(surface)
            continue
        start = span.find(surface, at)
        if start < 0:
            start = at
        at = start + len(surface)
        out.append(Token(surface, offset + start, offset + at, pos, form))
    return _indefinites(_counted(out))


def _counted(toks: list[Token]) -> list[Token]:
    """A question numeral and a counter written with か that the dictionary's lattice, in a sentence, read as
    the indefinite 何か and a noun (何か国; 何か所 it reads right): read as the dictionary reads those three words
    out of context, when that is a numeral and one counter (助数詞可能)."""
    out: list[Token] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        run = toks[i:i + 3]
        if len(run) == 3 and t.pos[0] == "代名詞" and run[1].surface == "か" and run[2].pos[0] == "名詞" \
                and run[1].start == t.end and run[2].start == run[1].end:
            alone = words("".join(x.surface for x in run))
            if len(alone) == 2 and alone[0][1][1] == "数詞" and alone[1][1][2] == "助数詞可能":
                (s1, p1, f1), (s2, p2, f2) = alone
                out += [Token(s1, t.start, t.start + len(s1), p1, f1), Token(s2, t.start + len(s1), run[2].end, p2, f2)]
                i += 3
                continue
        out.append(t)
        i += 1
    return out


def _indefinites(toks: list[Token]) -> list[Token]:
    """A question word and the particle that makes it indefinite as one word: も (何も, いつも), or か before a
    case or binding particle (誰かが, どこかで, 何かの, 順調かどうかを; not 「どこか、教えて」, which asks)."""
    out: list[Token] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        after = toks[i + 2] if i + 2 < len(toks) else None
        if nxt is not None and interrogative(t) and t.pos[0] in ("代名詞", "副詞") and nxt.start == t.end and (
                nxt.surface == "も" and nxt.pos[1] == "係助詞"
                or nxt.surface == "か" and nxt.pos[1] == "副助詞" and after is not None
                and after.pos[1] in ("格助詞", "係助詞") and after.start == nxt.end):
            out.append(Token(t.surface + nxt.surface, t.start, nxt.end, INDEFINITE_POS, t.form + nxt.form))
            i += 2
            continue
        out.append(t)
        i += 1
    return out


def english_pronoun(t: Token) -> bool:
    """An English pronoun that points back (marked so by `tokens`): it names nothing of its own."""
    return t.pos[:2] == LATIN_PRONOUN_POS[:2]
