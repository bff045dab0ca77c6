"""The signals the query stage's models weigh: for each word of a question, its normalised form, SudachiPy's
part of speech, how many sheets use it (inverse sheet frequency: a word no sheet uses is an audience or
chatter as often as a name), what it is (a ministry, a number), its neighbours, and where it stands (how
many clauses before the end, how far from the end). Cue words are features the fit weighs, never rules."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.ingest.ministries import ministry_of
from assistant.models.request import Token
from assistant.query.linear import bucket
from assistant.text.japanese import tokenize
from assistant.text.normalize import char_type, has_japanese

# the bins of a word's inverse sheet frequency: on most sheets, on many, on a few, on one or two
IDF_EDGES = (0.5, 1.5, 2.5)
# the bins of a distance in words from the question's end
DISTANCE_EDGES = (1, 2, 3, 5, 9)


@dataclass(frozen=True)
class Vocabulary:
    """The plan's word statistics: the inverse sheet frequency of each token (text/japanese.tokenize's
    forms) and the number of sheets."""

    sheet_idf: Mapping[str, float]
    sheets: int

    def idf(self, surface: str) -> float | None:
        """The highest inverse sheet frequency of the word's tokens that some sheet uses; None when no
        sheet uses any of them."""
        known = [self.sheet_idf[t] for t in tokenize(surface) if t in self.sheet_idf]
        return max(known) if known else None

    @property
    def rarest(self) -> float:
        """The inverse sheet frequency of a word on one sheet."""
        return math.log(max(self.sheets, 1))


def is_boundary(t: Token) -> bool:
    """A clause ends here: a comma or full stop, or a conjunctive particle (ので, けど, が, て)."""
    return (t.pos[0] == "補助記号" and t.pos[1] in ("読点", "句点")) or (t.pos[0] == "助詞" and t.pos[1] == "接続助詞")


def clauses(toks: Sequence[Token], auxiliary_joins: bool = False) -> list[tuple[int, int]]:
    """The clauses of a question, (start, end) cut after each clause end; with `auxiliary_joins`, the て
    of 〜ている, 〜てある… ends none (it joins its auxiliary verb)."""
    out, start = [], 0
    for i, t in enumerate(toks):
        if is_boundary(t) and not (auxiliary_joins and i + 1 < len(toks) and toks[i + 1].pos[0] == "動詞"
                                   and toks[i + 1].pos[1] == "非自立可能"):
            out.append((start, i + 1))
            start = i + 1
    if start < len(toks):
        out.append((start, len(toks)))
    return out


def clauses_after(toks: Sequence[Token]) -> list[int]:
    """For each word, how many clause ends follow it (0: it is in the last clause)."""
    out = [0] * len(toks)
    seen = 0
    for i in range(len(toks) - 1, -1, -1):
        out[i] = seen
        if is_boundary(toks[i]) and i < len(toks) - 1:
            seen += 1
    return out


def clause_end(toks: Sequence[Token]) -> list[str]:
    """For each word, the form of the word that ends its clause ("" in the last clause)."""
    out = [""] * len(toks)
    current = ""
    for i in range(len(toks) - 1, -1, -1):
        if is_boundary(toks[i]) and i < len(toks) - 1:
            current = toks[i].form
        out[i] = current
    return out


def word_class(t: Token | None) -> str:
    """What a neighbouring word is, for the model: a particle or an auxiliary as written (closed classes),
    else its part of speech (a verbal noun, a noun, a mark)."""
    if t is None:
        return "edge"
    if t.pos[0] in ("助詞", "助動詞", "補助記号"):
        return t.form
    if t.pos[0] == "名詞" and t.pos[2] == "サ変可能":
        return "verbal_noun"
    return t.pos[0]


def word_kind(t: Token, vocab: Vocabulary) -> str:
    """What a word is: a ministry, a number, a word the sheets use rarely or often, or no sheet's word."""
    if ministry_of(t.surface):
        return "ministry"
    if t.pos[1] == "数詞":
        return "number"
    idf = vocab.idf(t.surface) if t.pos[0] not in ("助詞", "助動詞", "補助記号") else 0.0
    if idf is None:
        return "unknown"
    return f"idf{bucket(idf, IDF_EDGES)}"


def token_features(toks: Sequence[Token], vocab: Vocabulary, english: bool | None = None) -> list[dict[str, float]]:
    """The features of every word of a question, for the role tagger."""
    if english is None:
        english = not has_japanese("".join(t.surface for t in toks))
    after = clauses_after(toks)
    ends = clause_end(toks)
    kinds = [word_kind(t, vocab) for t in toks]
    quoted = _inside_quotes(toks)
    out = []
    n = len(toks)
    # the question's last noun (what it ends by asking for: 施策, 所管, 目標…), seen from every word
    head = next((t.form for t in reversed(toks) if t.pos[0] in ("名詞", "英字") and t.pos[1] not in ("数詞", "代名詞")), "")
    for i, t in enumerate(toks):
        f: dict[str, float] = {
            "w=" + t.form: 1.0, "p1=" + t.pos[0]: 1.0, "p2=" + "/".join(t.pos[:2]): 1.0,
            "p3=" + "/".join(t.pos[:3]): 1.0, "ct=" + char_type(t.surface): 1.0, "k=" + kinds[i]: 1.0,
            "clause=" + str(min(after[i], 3)): 1.0, "end=" + ends[i]: 1.0,
            "dist=" + str(bucket(n - 1 - i, DISTANCE_EDGES)): 1.0, "len=" + str(min(len(t.surface), 6)): 1.0,
            "qhead=" + head: 1.0,
        }
        if english:
            f["english"] = 1.0
        if t.surface.isupper() and len(t.surface) > 1 and t.surface.isascii():
            f["acronym"] = 1.0  # SAF, ASEAN, GCP: a name, in a question in any language
        if quoted[i]:
            f["quoted"] = 1.0
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f[f"p{d:+d}=" + toks[j].pos[0]] = 1.0
                f[f"k{d:+d}=" + kinds[j]] = 1.0
                if abs(d) == 1:
                    f[f"w{d:+d}=" + toks[j].form] = 1.0
            else:
                f[f"p{d:+d}=edge"] = 1.0
        if i + 1 < n:
            f["w+1+2=" + toks[i + 1].form + "_" + (toks[i + 2].form if i + 2 < n else "")] = 1.0
        out.append(f)
    return out


def _inside_quotes(toks: Sequence[Token]) -> list[bool]:
    out, depth = [], 0
    for t in toks:
        if t.surface in ("「", "『", "“"):
            depth += 1
            out.append(False)
            continue
        if t.surface in ("」", "』", "”"):
            depth = max(0, depth - 1)
            out.append(False)
            continue
        out.append(depth > 0)
    return out
