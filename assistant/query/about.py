"""Whether a message is a question about the plan at all, from the fitted classifier (weights/about.json):
its words (weighed by the fit, not listed), the share of its words that no sheet uses, and how close in
meaning it comes to the plan's nearest passage. A request about the assistant itself, chit-chat, an
unrelated topic or an instruction to answer a given way is not, at any point of a conversation."""
from __future__ import annotations

from collections.abc import Sequence

from assistant.models.request import Token
from assistant.query.features import Vocabulary, word_kind
from assistant.query.linear import LinearModel, bucket

# the bins of the cosine of a question with the plan's nearest passage (the multilingual e5 embedding
# puts unrelated questions near 0.75-0.8, the plan's own topics above 0.85)
CLOSENESS_EDGES = (0.75, 0.78, 0.8, 0.82, 0.84, 0.86, 0.88)
# the model's probability below which a message read alone is not about the plan. Chosen on the held-out
# off-topic pool and the own question sets (BENCHMARKS.md): every own on-topic question kept, 95 % of the
# pool declined (the cost of declining a question about the plan is the higher one). After a conversation the
# relation model reads this probability with the rest (「それを担当する省庁はどこになる？」 has no subject of its own,
# so it comes close to nothing in the plan, and is a follow-up).
ABOUT = 0.2


def about_features(toks: Sequence[Token], vocab: Vocabulary, closeness: float) -> dict[str, float]:
    """The about model's features."""
    f: dict[str, float] = {"bias": 1.0, f"close={bucket(closeness, CLOSENESS_EDGES)}": 1.0, "closeness": closeness}
    content = [t for t in toks if t.pos[0] in ("名詞", "動詞", "形容詞", "英字") and t.pos[1] != "数詞"]
    kinds = [word_kind(t, vocab) for t in content]
    for t in toks:
        f["w=" + t.form.lower()] = 1.0
    if content:
        f["unknown_share"] = sum(k == "unknown" for k in kinds) / len(content)
        f["rare_share"] = sum(k in ("idf2", "idf3") for k in kinds) / len(content)
        # the rarest of its words the plan writes (a name only one or two sheets write: CLOMA, 群マネ)
        known = [vocab.idf(t.surface) for t in content]
        f[f"rarest={bucket(max((x for x in known if x is not None), default=0.0), (1.5, 2.5, 3.5))}"] = 1.0
    else:
        f["no_content"] = 1.0
    f[f"n={bucket(len(toks), (4, 8, 16, 32))}"] = 1.0
    return f


def is_about(toks: Sequence[Token], vocab: Vocabulary, closeness: float, model: LinearModel) -> tuple[bool, float]:
    """Whether the message, read alone, is about the plan, and the model's probability that it is."""
    p = model.yes(about_features(toks, vocab, closeness))
    return p >= ABOUT, p
