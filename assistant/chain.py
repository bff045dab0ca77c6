"""The answer chain (LCEL): question → normalize → read what is asked and retrieve for it (the query
stage, in its conversation) → compose → check citations → answer. One chain serves the CLI, the eval command and the UI."""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answer.citations import check
from assistant.errors import AssistantError, BadQuestion
from assistant.interfaces import SheetLookup
from assistant.models import Answer, Composed, Retrieval, Turn
from assistant.settings import Settings
from assistant.text.normalize import nfkc

log = logging.getLogger(__name__)

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
# HTML/XML tags, and the contents of script/style elements: markup is not part of what is asked
MARKUP = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->"
                    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[ -;=?-~]*)?/?>", re.IGNORECASE | re.DOTALL)


def clean_question(text: object, limit: int) -> tuple[str, list[str]]:
    """Control characters removed, whitespace folded, long text cut to `limit` with a notice."""
    if not isinstance(text, str):
        raise BadQuestion("質問は文字列で指定してください。")
    notices = []
    cleaned = CONTROL.sub("", text).replace("\u3000", " ")
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    if not cleaned:
        raise BadQuestion("質問が空です。質問文を入力してください。")
    if len(cleaned) > limit:
        notices.append(f"質問が長すぎるため、先頭の{limit:,}文字だけを使って回答しました（質問は全{len(cleaned):,}文字）。")
        cleaned = cleaned[:limit]
    return cleaned, notices


NO_QUESTION = "質問の内容が読み取れませんでした。施策名や知りたいこと（目標、予定、所管など）を文章で入力してください。"


# A line addressed to the assistant rather than a question about the plan: its instructions named
# with a verb of setting them aside (「以前の指示を無視して」, "ignore previous instructions")
TO_THE_ASSISTANT = re.compile(r"(?:指示|命令|プロンプト|ルール|制約)\S{0,8}?(?:無視|忘れ|従わ|解除|破棄)"
                              r"|\b(?:ignore|disregard|forget)\b.{0,40}\b(?:instructions?|prompts?|rules?)\b",
                              re.IGNORECASE)
NOT_ABOUT_THE_PLAN = ("計画文書についての質問として読み取れませんでした。施策名や知りたいこと（目標、予定、所管など）を"
                      "質問の形で入力してください。")


def about_the_plan(text: str) -> bool:
    """Whether the line asks about the plan, not tells the assistant to drop its instructions."""
    return not TO_THE_ASSISTANT.search(nfkc(text))


def has_content(text: str) -> bool:
    """Whether the text holds a word (「それはいつ？」 does: a pronoun is a word): symbols, emoji,
    punctuation and bare numbers (「？？？」, 😀, [1, 2], 42) do not."""
    from assistant.text.japanese import words
    from assistant.text.normalize import normalize

    return any(pos[0] not in ("補助記号", "空白", "記号") and pos[1] != "数詞"
               for _, pos, _ in words(normalize(text)[:4000]))


def without_markup(text: str) -> str:
    """The question without HTML/XML markup (pasted from a web page, or hostile); unchanged when
    nothing but markup is left, so that such a question is still answered (as text)."""
    stripped = re.sub(r"\s+", " ", MARKUP.sub("", text)).strip()
    return stripped or text


def clean_history(history: object, limit: int) -> tuple[list[str], list[str]]:
    """Earlier questions, oldest first: non-strings and empty entries dropped with a notice, only
    the last `limit` kept. A history that is not a list is ignored with a notice."""
    if history is None:
        return [], []
    if not isinstance(history, (list, tuple)):
        return [], ["会話の履歴がリストではないため、履歴なしで回答しました。"]
    notices, kept = [], []
    for item in history:
        if isinstance(item, str) and CONTROL.sub("", item).strip():
            kept.append(re.sub(r"\s+", " ", CONTROL.sub("", item)).strip()[:2000])
    if len(kept) < len(history):
        notices.append(f"会話の履歴のうち、空または文字列でない {len(history) - len(kept)} 件を無視しました。")
    if len(kept) > limit:
        notices.append(f"会話の履歴が長いため、直近の {limit} 件だけを使いました。")
        kept = kept[-limit:]
    return kept, notices


@dataclass(frozen=True)
class Parts:
    """What the chain is made of, given to it explicitly (the Assistant wires them):

    - `retrieve(turn)`: the sheets for the question read in its conversation;
    - `sheets()`: the current sheets by id, which the citation check reads quotes against;
    - `offline(turn)`: the offline answer (the default composer, and the LLM's fallback);
    - `llm(turn, reply)`: in LLM mode, the model's checked answer; `reply` is a reply already
      received by streaming (None: ask the model). It raises on any failure, and the chain's
      fallback then shows the offline answer with a notice saying why."""

    retrieve: Callable[[Turn], Retrieval]
    sheets: SheetLookup
    offline: Callable[[Turn], Composed]
    llm: Callable[[Turn, str | None], Composed] | None = None


@dataclass
class Steps:
    """The chain's parts: `prepare` (normalize → detect → retrieve), `composer` (over
    ``{"turn": Turn}``, optionally ``"reply"``: a streamed reply or the exception that ended it)
    and `finish` (citation checks → Answer); streaming runs them one by one."""

    prepare: Runnable
    composer: Runnable
    finish: Runnable
    chain: Runnable


def ranked_sheets(retrievals: list[Retrieval]) -> list[str]:
    """The sheets retrieved, best first; for a question of several parts, each part's in turn (the first
    of each, then the second of each…), so that every part's best sheet is among the first."""
    out: list[str] = []
    for rank in range(max(len(r.hits) for r in retrievals)):
        for r in retrievals:
            if rank < len(r.hits) and r.hits[rank].sheet.id not in out:
                out.append(r.hits[rank].sheet.id)
    return out


def build_chain(settings: Settings, parts: Parts) -> Steps:
    """The pipeline as LCEL runnables over a Turn, made of `parts`."""
    s = settings

    def normalize(turn: Turn) -> Turn:
        turn.question, notes = clean_question(turn.question, s.max_question_chars)
        turn.notices += notes
        turn.query = without_markup(nfkc(turn.question))
        turn.deadline = time.monotonic() + s.llm_timeout
        return turn

    def retrieve(turn: Turn) -> Turn:
        t = time.perf_counter()
        turn.retrieval = parts.retrieve(turn)
        turn.timings["retrieve"] = (time.perf_counter() - t) * 1000
        return turn

    def finish(turn: Turn) -> Answer:
        composed, retrieval = turn.composed, turn.retrieval
        assert composed is not None and retrieval is not None, "finish runs after retrieve and compose"
        text, cites, problems = check(composed.text, composed.citations, parts.sheets())
        turn.notices += problems
        turn.timings["total"] = (time.perf_counter() - turn.t0) * 1000
        reading = turn.reading
        return Answer(turn.question, text, composed.abstained, cites,
                      ranked_sheets([retrieval, *turn.retrievals[1:]]), turn.timings, turn.id, composed.kind,
                      turn.topic, composed.mode, turn.notices,
                      aspect=reading.aspect if reading is not None else None,
                      carried=list(reading.carried) if reading is not None else [],
                      topic_question=reading.topic.question if reading is not None and reading.topic else None,
                      request=turn.request.to_json() if turn.request is not None else None)

    composer = composer_chain(parts)

    def compose(turn: Turn) -> Turn:
        t = time.perf_counter()
        turn.composed = composer.invoke({"turn": turn})
        turn.timings["compose"] = (time.perf_counter() - t) * 1000
        return turn

    prepare = RunnableLambda(normalize, name="normalize") | RunnableLambda(retrieve, name="read_and_retrieve")
    done = RunnableLambda(finish, name="finish")
    return Steps(prepare, composer, done, prepare | RunnableLambda(compose, name="compose") | done)


def composer_chain(parts: Parts) -> Runnable:
    """The composer as a runnable over ``{"turn": Turn}``: offline by default; in LLM mode the LLM
    composer with the offline one as its fallback, which LangChain calls with the exception under
    ``"error"`` (an unreachable server, a timeout, a reply whose citations do not check out). A
    streamed reply comes in under ``"reply"``; an exception there (the stream broke) takes the same
    fallback, so streaming and ask() fail over in one place."""

    def offline(step: dict) -> Composed:
        turn: Turn = step["turn"]
        if step.get("error") is not None:
            from assistant.llm.composer import fallback_notice

            exc = step["error"]
            log.warning("LLM mode failed, showing the offline answer: %s",
                        exc if isinstance(exc, AssistantError) else type(exc).__name__)
            turn.notices.append(fallback_notice(exc))
        return parts.offline(turn)

    offline_step = RunnableLambda(offline, name="offline_composer")
    if parts.llm is None:
        return offline_step
    llm = parts.llm

    def model(step: dict) -> Composed:
        reply = step.get("reply")
        if isinstance(reply, BaseException):
            raise reply
        return llm(step["turn"], reply)

    return RunnableLambda(model, name="llm_composer").with_fallbacks([offline_step], exception_key="error")
