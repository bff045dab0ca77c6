"""LLM mode: the retrieved sheets' own lines, packed as numbered sources, are given to an
OpenAI-compatible chat model, and its reply is accepted only when every statement it makes can be
traced to a source.

The model's words are never used as quotes: for each ``[n]`` in the reply the quote is the line (or
sentence, or short run of lines) of source n that shares the most characters with the statement,
taken verbatim from the sheet. A reply that cites a source that was not given, cites nothing while
not saying the documents are silent, names a ministry no source names, or does not arrive in time
raises :class:`LLMError`; the caller then shows the offline answer with a notice.

The API key is read from the settings only when the client is created; it is never logged, put in
an error message or shown in a ``repr``."""
from __future__ import annotations

import contextvars
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar
from urllib.parse import urlsplit

from assistant.errors import ConfigError, LLMError, LLMReplyError, LLMTimeout, LLMUnavailable
from assistant.llm.meaning import Meaning
from assistant.llm.prompts import PromptTemplate, fill, load_prompt
from assistant.llm.reply import ABSTAIN_TEXT, LLMComposed, read_reply, text_of
from assistant.llm.sources import Source, neutralize, pack_sources, render_sources
from assistant.models import Composed
from assistant.settings import Settings, shown_url
from assistant.text.normalize import has_japanese

T = TypeVar("T")

CONNECT_ATTEMPTS = 2      # a refused connection is tried once more (a server restarting) …
CONNECT_RETRY_S = 0.3     # … after this pause, within the turn's deadline
PROMPT_SYSTEM = "answer_system"
PROMPT_USER = "answer_user"
PROMPT_CONDENSE = "condense_question"


# ---- errors and notices -----------------------------------------------------------------------
def fallback_notice(exc: BaseException) -> str:
    """The notice shown with the offline answer when LLM mode failed, saying what happened, in
    Japanese (never contains the key; the details, in English, go to the server's log)."""
    tail = "オフラインの回答を表示しています。"
    if isinstance(exc, LLMTimeout):
        return f"LLM が時間内に応答しなかったため、{tail}"
    if isinstance(exc, LLMReplyError):
        reason = exc.reason_ja
        return "LLM の回答を採用しなかったため" + (f"（{reason}）" if reason else "") + f"、{tail}"
    if isinstance(exc, ConfigError):
        return f"LLM モードの設定に問題があるため、{tail}管理者はサーバーのログで設定の誤りを確認してください。"
    if isinstance(exc, LLMUnavailable) and exc.malformed:
        return f"LLM サーバーの応答の形式が正しくなかったため、{tail}"
    if isinstance(exc, LLMUnavailable) and exc.status is not None:
        return f"LLM サーバーが HTTP {exc.status} を返したため、{tail}"
    if isinstance(exc, LLMUnavailable):
        return f"LLM サーバーに接続できなかったため、{tail}"
    return f"LLM が応答しなかったため、{tail}"


_SK = re.compile(r"\b(?:sk|pk|rk)-[A-Za-z0-9_\-*.]{3,}")
_STARS = re.compile(r"\S*\*{4,}\S*")
_BEARER = re.compile(r"(?i)(bearer|api[_-]?key|authorization)([\"'\s:=]+)[^\s\"',}]+")


def redact(text: str, *secrets: str) -> str:
    """Text with the given secrets and anything that looks like an API key (sk-…, masked
    ``****abcd`` forms, ``Bearer …``) replaced by ``***``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    text = _SK.sub("***", text)
    text = _STARS.sub("***", text)
    return _BEARER.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)


# ---- the composer -----------------------------------------------------------------------------
class LLMComposer:
    """Answers from an OpenAI-compatible chat endpoint (settings.llm_base_url), cited and checked."""

    def __init__(self, settings: Settings, model=None, meaning: Meaning | None = None):
        """`meaning(statement, quote)`: how close in meaning a statement is to the line quoted for it
        (assistant/llm/meaning.py); without it the reply check rests on wording and figures."""
        if not settings.llm_base_url:
            raise ConfigError("LLM mode needs llm_base_url (ASSISTANT_LLM_BASE_URL), e.g. "
                              "http://127.0.0.1:8000/v1")
        scheme = urlsplit(settings.llm_base_url).scheme
        if scheme not in ("http", "https"):
            raise ConfigError(f"llm_base_url must start with http:// or https:// (got "
                              f"{shown_url(settings.llm_base_url)!r})")
        self.settings = settings
        d = settings.prompts_dir
        self.system_prompt: PromptTemplate = load_prompt(d, PROMPT_SYSTEM)
        self.user_prompt: PromptTemplate = load_prompt(d, PROMPT_USER)
        self.condense_prompt: PromptTemplate = load_prompt(d, PROMPT_CONDENSE)
        # fail at start-up, not on the first question, when a template lacks what we fill
        fill(self.user_prompt, sources="", question="")
        fill(self.condense_prompt, history="", question="")
        self._model = model
        self.meaning = meaning
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        url = shown_url(self.settings.llm_base_url or "")
        return f"LLMComposer(model={self.settings.llm_model!r}, base_url={url!r})"

    __str__ = __repr__

    # ---- client ------------------------------------------------------------------------------
    @property
    def model(self):
        """The ChatOpenAI client, created on first use."""
        with self._lock:
            if self._model is None:
                from langchain_openai import ChatOpenAI
                from pydantic import SecretStr

                s = self.settings
                key = s.llm_api_key if s.llm_api_key.get_secret_value() else SecretStr("EMPTY")
                extra = {} if re.match(r"o\d", s.llm_model.lower()) else {"temperature": 0}
                # timeout: ChatOpenAI's own, per read; max_retries=0 because openai's retries also repeat
                # HTTP 429/5xx and do not know the overall deadline that _call() enforces
                self._model = ChatOpenAI(model=s.llm_model, base_url=s.llm_base_url, api_key=key,
                                         timeout=s.llm_timeout, max_retries=0, use_responses_api=False,
                                         # max_tokens in the body as OpenAI-compatible servers (llama.cpp,
                                         # vLLM, Ollama) read it; langchain would send max_completion_tokens
                                         extra_body={"max_tokens": s.llm_max_tokens},
                                         **extra)
            return self._model

    def warm(self) -> LLMComposer:
        """Create the client now (importing langchain_openai takes ~2 s); safe to call from a
        background thread at start-up so that the first question does not pay for it."""
        _ = self.model
        return self

    def _secret(self) -> str:
        return self.settings.llm_api_key.get_secret_value()

    def _wrap(self, exc: BaseException) -> LLMError:
        """Any failure as an LLMError whose message carries no key."""
        if isinstance(exc, LLMError):
            return exc
        import openai

        url = shown_url(self.settings.llm_base_url or "")
        if isinstance(exc, (openai.APITimeoutError, TimeoutError)) or "Timeout" in type(exc).__name__:
            return LLMTimeout(f"the LLM endpoint {url} did not answer within {self.settings.llm_timeout:g} s "
                              "(setting llm_timeout)")
        if isinstance(exc, openai.APIStatusError):
            detail = redact(str(getattr(exc, "message", "") or ""), self._secret())[:200]
            hint = " (check llm_api_key / OPENAI_API_KEY)" if exc.status_code in (401, 403) else ""
            return LLMUnavailable(f"the LLM endpoint {url} answered HTTP {exc.status_code}{hint}: {detail}",
                                  status=exc.status_code)
        if isinstance(exc, openai.APIConnectionError):
            return LLMUnavailable(f"cannot connect to the LLM endpoint {url} (is it running? setting "
                                  "llm_base_url)")
        detail = redact(str(exc), self._secret())[:200]
        # anything else came back but could not be read as a chat completion (bad JSON, no choices)
        return LLMUnavailable(f"the LLM call to {url} failed: {type(exc).__name__}: {detail}", malformed=True)

    def _call(self, fn: Callable[[], T], deadline: float | None = None,
              on_timeout: Callable[[], None] | None = None) -> T:
        """fn() in a worker thread, given up at `deadline` (time.monotonic(); default: llm_timeout
        from now), when `on_timeout` tells fn to stop. Not just ChatOpenAI's timeout: that one applies
        per read, so a slowly dripping reply would never end."""
        value: list[T] = []
        error: list[BaseException] = []
        done = threading.Event()
        ctx = contextvars.copy_context()
        wait = self.settings.llm_timeout if deadline is None else max(0.0, deadline - time.monotonic())

        def run() -> None:
            try:
                value.append(ctx.run(fn))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                error.append(exc)
            finally:
                done.set()

        threading.Thread(target=run, name="llm-call", daemon=True).start()
        if not done.wait(wait):
            if on_timeout is not None:
                on_timeout()
            raise LLMTimeout(f"the LLM endpoint {shown_url(self.settings.llm_base_url or '')} did not "
                             f"answer within {self.settings.llm_timeout:g} s (setting llm_timeout)")
        if error:
            raise self._wrap(error[0]) from None
        return value[0]

    def invoke(self, messages, deadline: float | None = None) -> str:
        """The reply's text. Requested as a stream so that giving up closes the connection: a server
        stops generating when its client goes (an abandoned plain request would run to the end).
        A connection that fails is tried again while the deadline allows."""
        import openai

        model = self.model  # created (imports and all) before the clock starts
        cancel = threading.Event()

        def run() -> str:
            for attempt in range(CONNECT_ATTEMPTS):
                parts: list[str] = []
                stream = model.stream(messages)
                try:
                    for chunk in stream:
                        if cancel.is_set():
                            break
                        parts.append(text_of(getattr(chunk, "content", chunk)))
                    return "".join(parts)
                except openai.APIConnectionError:
                    if attempt + 1 == CONNECT_ATTEMPTS or cancel.wait(CONNECT_RETRY_S):
                        raise
                finally:
                    stream.close()  # closes the HTTP response
            return ""

        return self._call(run, deadline, on_timeout=cancel.set)

    # ---- prompts -----------------------------------------------------------------------------
    def sources(self, hits: Sequence) -> list[Source]:
        return pack_sources(hits, self.settings.llm_context_tokens)

    def messages(self, question: str, sources: Sequence[Source]) -> list:
        from langchain_core.messages import HumanMessage, SystemMessage

        system = fill(self.system_prompt)
        user = fill(self.user_prompt, sources=render_sources(sources) or "（出典なし）",
                    question=neutralize(question))
        return [SystemMessage(content=system), HumanMessage(content=user)]

    # ---- answering ---------------------------------------------------------------------------
    def compose(self, question: str, hits: Sequence, offline: Composed | None = None,
                deadline: float | None = None) -> LLMComposed:
        """The model's answer from the numbered sources, with verbatim quotes; LLMError when the
        endpoint fails, the `deadline` (time.monotonic()) passes or the reply fails the checks."""
        sources = self.sources(hits)
        kind = offline.kind if offline is not None else "general"
        if not sources:
            return LLMComposed(ABSTAIN_TEXT, [], True, kind)
        reply = self.invoke(self.messages(question, sources), deadline)
        return read_reply(reply, sources, kind, self.meaning)

    def finish(self, question: str, hits: Sequence, reply: str,
               offline: Composed | None = None) -> LLMComposed:
        """A streamed reply, once complete, checked and cited like compose() does (the sources are
        packed again from the same hits, so the numbers match)."""
        return read_reply(reply, self.sources(hits), offline.kind if offline is not None else "general",
                          self.meaning)

    def stream(self, question: str, hits: Sequence, deadline: float | None = None) -> Iterator[str]:
        """The reply as text pieces while it is generated. Collect them and pass the whole text to
        finish() for citations; errors are raised as LLMError, and LLMTimeout once `deadline`
        (time.monotonic()) passes, the connection then closed so that the server stops."""
        sources = self.sources(hits)
        if not sources:
            yield ABSTAIN_TEXT
            return
        messages = self.messages(question, sources)
        stream = self.model.stream(messages)
        try:
            for chunk in stream:
                if deadline is not None and time.monotonic() > deadline:
                    raise LLMTimeout(f"the LLM endpoint {shown_url(self.settings.llm_base_url or '')} did "
                                     f"not finish within {self.settings.llm_timeout:g} s (setting llm_timeout)")
                piece = text_of(getattr(chunk, "content", chunk))
                if piece:
                    yield piece
        except LLMError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise self._wrap(exc) from None
        finally:
            stream.close()

    def condense(self, history: Sequence[str], question: str, deadline: float | None = None) -> str:
        """A follow-up question rewritten to stand alone, using the earlier questions; the question
        itself when there is no history or the model gives nothing usable."""
        from langchain_core.messages import HumanMessage

        history = [h for h in history if isinstance(h, str) and h.strip()]
        if not history:
            return question
        prompt = fill(self.condense_prompt, history="\n".join(f"- {neutralize(h)}" for h in history),
                      question=neutralize(question))
        reply = self.invoke([HumanMessage(content=prompt)], deadline)
        line = next((ln.strip() for ln in reply.splitlines() if ln.strip()), "")
        line = re.sub(r"^(?:書き直した質問|質問)\s*[:：]\s*", "", line).strip().strip("「」\"'")
        if not usable_rewrite(line, history, question, self.settings.max_question_chars):
            return question
        return line


_TEMPLATE = re.compile(r"[<>{}#]|</?\w+>|\[\d+\]")


def usable_rewrite(rewrite: str, history: Sequence[str], question: str, limit: int) -> bool:
    """Whether a model's rewrite of a follow-up can stand in for it: Japanese text, no template
    tokens (<question>, {history}, # headings, [n]), not longer than a question may be, and sharing
    a content word with the conversation (a rewrite about something else is not a rewrite)."""
    from assistant.text.japanese import tokenize

    if not rewrite or len(rewrite) > max(4 * len(question), limit) or not has_japanese(rewrite):
        return False
    if _TEMPLATE.search(rewrite):
        return False
    said = set(tokenize(" ".join([*history, question])))
    return bool(set(tokenize(rewrite)) & said)


def condense(history: Sequence[str], question: str, settings: Settings | None = None,
             composer: LLMComposer | None = None) -> str:
    """Module-level form of LLMComposer.condense (settings loaded when not given)."""
    if composer is None:
        from assistant.settings import load_settings

        composer = LLMComposer(settings or load_settings())
    return composer.condense(history, question)
