"""Follow-up questions: 「その目標は？」 means nothing alone. A question that points back (その／この／
当該…), has no topic of its own (目標は？ 所管は？), or whose own retrieval is weak while the previous
topic fits, is answered against the earlier topic; a question with a clear topic starts fresh."""
from __future__ import annotations

import re
import unicodedata

from .japanese import tokenize

DEMONSTRATIVE = re.compile(r"^(?:その|この|当該|それ|これ|同(?:施策|事業|シート)|上記|そちら|こちら)|"
                           r"(?:その|この|当該|同)(?:施策|事業|取組|取り組み|シート|制度|計画|法案|目標|所管)")
ASPECT_WORDS = set(tokenize("目標 予定 所管 予算 スケジュール いつ 何 いくら 数 指標 最新値 KPI 省庁 担当 "
                            "時期 提出 施行 概要 内容 詳細 教える 国会 法案 自治体 割合 件数 どこ 参加 企業 "
                            "団体 選定 港 率 肥料 利用 年度 実施 予定 まとめる 要約 具体 的 もっと くわしい"))
WEAK_RATIO = 0.6


def is_elliptical(question: str) -> bool:
    """No topic of its own: every content word is an aspect word (目標, 予定, 所管…)."""
    own = [t for t in tokenize(question) if t not in ASPECT_WORDS and not t.isdigit()]
    return len(own) == 0


def points_back(question: str) -> bool:
    return bool(DEMONSTRATIVE.search(unicodedata.normalize("NFKC", question).strip()))


def resolve(retriever, turn, history: list[str]):
    """Retrieval for turn.query, taking the earlier questions into account when it is a follow-up;
    sets turn.topic to the sheet title the question was taken to be about."""
    if not history:
        return retriever.retrieve(turn.query)
    previous = retriever.retrieve(" ".join(history[-2:]))
    if not previous.hits:
        return retriever.retrieve(turn.query)
    if not (points_back(turn.query) or is_elliptical(turn.query)):
        own = retriever.retrieve(turn.query)
        if not own.hits:
            return own
        # weak on its own while the earlier topic fits: the best own sheet is one of the topic's
        # (the earlier topic and its close neighbours), or its score is well below the topic's
        top = own.hits[0]
        fits = top.sheet.id in [h.sheet.id for h in previous.hits[:3]]
        if not (fits or top.score < WEAK_RATIO * previous.hits[0].score):
            return own
    turn.compose_query = f"{history[-1]} {turn.query}"
    turn.topic = previous.hits[0].sheet.title
    return topic_first(retriever.retrieve(turn.compose_query), previous.hits[0])


def topic_first(result, topic):
    """The earlier topic's sheet leads; the rest follow as the follow-up's own query ranks them."""
    by_id = {h.sheet.id: h for h in result.hits}
    lead = by_id.get(topic.sheet.id, topic)
    result.hits = [lead] + [h for h in result.hits if h.sheet.id != topic.sheet.id]
    result.topic_hit = lead
    return result
