"""An English question in the documents' own words: each English word or phrase of it that JMdict (jamdict's
offline copy of Jim Breen's dictionary) gives as a gloss of a noun the sheets write (budget → 予算, vacant
house → 空き家). BM25 then finds an English question by the words of its sheets, not only by meaning, and
the composer weighs the lines that hold them.

Only the plan's own nouns are looked up, under the glosses of their first senses, so every word given is
one some sheet writes; a gloss shared by many nouns (plan, measure) says little and gives none."""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from assistant.text.japanese import english_function_word, tokenize, words
from assistant.text.normalize import has_japanese

log = logging.getLogger(__name__)

SENSES = 2       # a noun's first senses are what it means in a plan; later ones are idioms and old uses
GLOSS_WORDS = 3  # a longer gloss is an explanation, not a name ("mark (for quick identification)")
AMBIGUOUS = 4    # a gloss of more nouns than this names none of them
AGENT_STEM = 4   # the shortest stem a noun of agent is read back to (retail-er; not us-er, ord-er)
_NOTE = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def _is_noun(word: str) -> bool:
    """Whether SudachiPy reads the word alone as one common or proper noun."""
    found = words(word)
    return len(found) == 1 and found[0][1][0] == "名詞" and found[0][1][1] != "代名詞"


def _dictionary():
    """A JMdict reader for this thread (its SQLite connection serves only the thread that opened it: an index
    rebuilt under a running app is read in another)."""
    from jamdict import Jamdict

    return Jamdict()


class Bridge:
    """English gloss (lower case, a word or a phrase of up to three) → the plan's nouns it translates."""

    def __init__(self, glosses: dict[str, frozenset[str]]):
        self.glosses = glosses
        self.longest = max((len(k.split()) for k in glosses), default=0)

    @classmethod
    def of_vocabulary(cls, vocabulary: Iterable[str]) -> Bridge:
        """The bridge for the plan's words (text/japanese.tokenize's forms): its Japanese nouns looked up."""
        try:
            jam = _dictionary()
        except Exception as exc:  # noqa: BLE001 - a missing dictionary costs English questions BM25, not the app
            log.warning("JMdict (jamdict-data) is not usable, English questions are searched by meaning only: %s",
                        exc)
            return cls({})
        found: dict[str, set[str]] = {}
        for word in sorted(w for w in vocabulary if has_japanese(w) and _is_noun(w)):
            for entry in jam.lookup(word, strict_lookup=True, lookup_chars=False, lookup_ne=False).entries:
                if word not in {f.text for f in (*entry.kanji_forms, *entry.kana_forms)}:
                    continue
                for sense in entry.senses[:SENSES]:
                    for gloss in sense.gloss:
                        key = " ".join(_NOTE.sub(" ", str(gloss)).lower().split())
                        # a function word glossing a noun ("about" 程度, "by" バイ) names nothing an English
                        # question asks about: a follow-up made only of such words would name a subject
                        if key and len(key.split()) <= GLOSS_WORDS and not english_function_word(key):
                            found.setdefault(key, set()).add(word)
        return cls({k: frozenset(v) for k, v in found.items() if len(v) <= AMBIGUOUS})

    def terms(self, text: str) -> list[str]:
        """The plan's nouns that the English words and phrases of `text` gloss, longest phrase first, each
        once; none for a text with Japanese in it (its own words are searched)."""
        if has_japanese(text) or not self.glosses:
            return []
        seq = _WORD.findall(text.lower())
        out: list[str] = []
        i = 0
        while i < len(seq):
            for n in range(min(self.longest, len(seq) - i), 0, -1):
                hit = self._lookup(seq[i:i + n])
                if hit:
                    out += [w for w in sorted(hit) if w not in out]
                    i += n
                    break
            else:
                i += 1
        return out

    def words(self, surface: str) -> list[str]:
        """A word of a question in the documents' words: an English one as the plan's nouns it glosses
        (copper → 銅), else its tokens (text/japanese.tokenize; `terms` gives none for Japanese)."""
        return self.terms(surface) or tokenize(surface)

    def _lookup(self, phrase: list[str]) -> frozenset[str]:
        """A phrase's nouns, its last word also read as the singular of a plural (members, policies), and a
        noun of agent as what the agent does where JMdict glosses only that (retailers → retail → 小売り)."""
        *head, last = phrase
        single = last[:-1] if last.endswith("ers") else last if last.endswith("er") else ""
        for form in (last, last[:-3] + "y" if last.endswith("ies") else None,
                     last[:-2] if last.endswith(("ses", "xes", "shes", "ches")) else None,
                     last[:-1] if last.endswith("s") and not last.endswith("ss") else None,
                     single[:-2] if len(single) >= AGENT_STEM + 2 else None):
            if form:
                hit = self.glosses.get(" ".join([*head, form]))
                if hit:
                    return hit
        return frozenset()

    def __len__(self) -> int:
        return len(self.glosses)
