"""Follow-up questions: 「その目標は？」 means nothing alone. A question is answered against the
conversation's topic when it points back (その／この／当該…), or when adding the topic to it still
lands on the topic's sheet while the question, on its own, either lands near that sheet too or carries
too little topic of its own to stand alone. The topic is the latest earlier question that could stand
alone by the same test; a question that names its own topic starts fresh."""
from __future__ import annotations

from assistant.text.japanese import words
from assistant.text.normalize import nfkc

# Japanese refers back with the こ/そ demonstratives (この, その, これ, それ, そこ, こちら — 連体詞 and
# 代名詞 in SudachiPy) and with the anaphoric prefixes 当該, 同, 上記 before a noun; これまで and
# それまで mean "until now/then" and refer to no earlier topic
ANAPHORIC_PREFIXES = ("当該", "同", "上記")
# How much topic a question must carry to stand alone: the sum over its distinct content words of
# their inverse sheet frequency, log(sheets / sheets using the word). Words every sheet uses
# (目標, 施策) add ~0; a measure's own name adds several. Chosen on the follow-ups of dev + dev2 against
# the single-turn questions given an unrelated history; 5-fold picks it in 4 of 5 folds (BENCHMARKS.md).
MIN_OWN_TOPIC = 8.0
NEAR = 3  # "near the topic": among the topic question's best three sheets


def points_back(question: str) -> bool:
    ms = words(nfkc(question).strip())
    for i, (surface, pos, _) in enumerate(ms):
        nxt = ms[i + 1] if i + 1 < len(ms) else ("", ("",), "")
        if pos[0] in ("連体詞", "代名詞") and surface[:1] in ("こ", "そ") and nxt[0] != "まで":
            return True
        if surface in ANAPHORIC_PREFIXES and nxt[1][0] == "名詞":
            return True
    return False


def stands_alone(question: str, specificity) -> bool:
    return not points_back(question) and specificity(question) >= MIN_OWN_TOPIC


def topic_question(history: list[str], specificity) -> str | None:
    """The latest earlier question that could stand alone (a chain of follow-ups keeps its topic)."""
    for question in reversed(history):
        if stands_alone(question, specificity):
            return question
    return history[0] if history else None


def resolve(retriever, turn, history: list[str], specificity):
    """Retrieval for turn.query, taking the earlier questions into account when it is a follow-up;
    sets turn.topic to the sheet title the question was taken to be about. `specificity(text)` is
    the question's topic weight (LineIndex.specificity)."""
    if not history:
        return retriever.retrieve(turn.query)
    anchor = topic_question(history, specificity)
    previous = retriever.retrieve(anchor)
    if not previous.hits:
        return retriever.retrieve(turn.query)
    topic = previous.hits[0]
    combined_query = f"{anchor} {turn.query}"
    combined = retriever.retrieve(combined_query)
    if not points_back(turn.query):
        own = retriever.retrieve(turn.query)
        if not own.hits:
            return own
        on_topic = bool(combined.hits) and combined.hits[0].sheet.id == topic.sheet.id
        near = own.hits[0].sheet.id in [h.sheet.id for h in previous.hits[:NEAR]]
        if not (on_topic and (near or specificity(turn.query) < MIN_OWN_TOPIC)):
            return own
    turn.compose_query = combined_query
    turn.topic = topic.sheet.title
    return topic_first(combined, topic)


def topic_first(result, topic):
    """The earlier topic's sheet leads; the rest follow as the follow-up's own query ranks them."""
    by_id = {h.sheet.id: h for h in result.hits}
    lead = by_id.get(topic.sheet.id, topic)
    result.hits = [lead] + [h for h in result.hits if h.sheet.id != topic.sheet.id]
    result.topic_hit = lead
    return result
