"""The role of each word of a question (S subject, A what is asked, V a value asserted, F framing, O the
rest), from the fitted tagger (weights/roles.json, scripts/fit_query.py roles). A compound noun is one
thing: its words take the role the tagger is surest of over the whole run."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from assistant.models.request import Token
from assistant.query.features import Vocabulary, clauses, token_features
from assistant.query.linear import LinearModel
from assistant.query.slots import interrogative

# the parts of speech a compound noun is made of
_COMPOUND = ("名詞", "接頭辞", "接尾辞", "英字")


def tag(toks: Sequence[Token], vocab: Vocabulary, model: LinearModel, english: bool | None = None) -> list[Token]:
    """The words with their roles."""
    if not toks:
        return []
    feats = token_features(toks, vocab, english)
    scores = np.array([model.scores(f) for f in feats])
    out = list(toks)
    # a clause before the question that the tagger reads mostly as framing (「来月の会議の資料に使うので、」)
    # is framing whole: the chatter around a question names things too (in Japanese: an English question's
    # commas part a list)
    f = model.classes.index("F") if "F" in model.classes else None
    if f is not None and english is not True and any(t.pos[0] != "英字" for t in toks if t.pos[0] not in ("補助記号", "空白")):
        probs = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        sure = [model.classes.index(c) for c in ("S", "A") if c in model.classes]
        for start, end in clauses(toks):
            # a clause holding a question word asks something (「いつ施行され、対象は…」), one holding a word the
            # tagger is sure names the subject or what is asked is about it (「…ポートの予定をまとめたいんだけど」):
            # never framing whole
            if end < len(toks) and probs[start:end, f].mean() >= FRAMING_CLAUSE \
                    and not any(interrogative(t) for t in toks[start:end]) \
                    and not (probs[start:end][:, sure] >= SURE).any():
                scores[start:end, f] = scores[start:end].max(axis=1) + 1.0
    for start, end in compound_runs(toks):
        # one role for the run: the class with the highest summed log-probability over its words
        z = scores[start:end]
        logp = z - np.log(np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True)) - z.max(axis=1, keepdims=True)
        role = model.classes[int(np.argmax(logp.sum(axis=0)))]
        for i in range(start, end):
            out[i] = replace(toks[i], role=role)  # type: ignore[arg-type]
    return out


# the mean probability of framing over a clause's words above which the clause is framing whole
FRAMING_CLAUSE = 0.4
SURE = 0.9  # the probability of subject or asked above which the tagger is sure of a word


def compound_runs(toks: Sequence[Token]) -> list[tuple[int, int]]:
    """Runs of words that make one compound noun, or one figure (a numeral with its prefix and counter:
    約 3 割, 2030 年度, 50 %); each other word is a run of its own."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        j = i + 1
        if toks[i].pos[1] == "数詞" or (toks[i].pos[0] == "接頭辞" and j < len(toks) and toks[j].pos[1] == "数詞"):
            while j < len(toks) and toks[j].start == toks[j - 1].end and (
                    toks[j].pos[1] == "数詞" or (toks[j].pos[0] in ("名詞", "接尾辞") and toks[j - 1].pos[1] == "数詞")):
                j += 1
        elif toks[i].pos[0] in _COMPOUND:
            while j < len(toks) and toks[j].pos[0] in _COMPOUND and toks[j].pos[1] != "数詞" \
                    and toks[j].start == toks[j - 1].end:
                j += 1
        runs.append((i, j))
        i = j
    return runs
