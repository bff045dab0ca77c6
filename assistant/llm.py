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
import logging
import re
import threading
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

from .citations import Citation, field_of
from .compose import Composed
from .errors import ConfigError, LLMError
from .ministries import names_in
from .prompts import PromptTemplate, fill, load_prompt
from .settings import Settings
from .sheets import Sheet, norm
from .tokens import count_tokens

log = logging.getLogger(__name__)

ABSTAIN_TEXT = "計画文書には記載がありません。"
ABSTAIN = re.compile(r"記載(?:が|は)(?:ありません|見当たりません|ない|無い)|記載されていません")
_NUM = r"[0-9０-９]{1,3}"
_ITEM = rf"{_NUM}(?:\s*[-–~〜～]\s*{_NUM})?"
MARKER = re.compile(rf"[\[［]\s*({_ITEM}(?:\s*[,，、]\s*{_ITEM})*)\s*[\]］]")
MARKER_AT = re.compile(rf"[ \t\u3000]*{MARKER.pattern}")
ENDERS = "。！？!?"
GAP = "（中略）"
MAX_CHUNKS_PER_SHEET = 4
MAX_SOURCES = 8  # sheets given to the model; more dilute its attention more than they help
MAX_RANGE = 20
TAG = re.compile(r"<\s*(/?)\s*(source|question|history)", re.IGNORECASE)

PROMPT_SYSTEM = "answer_system"
PROMPT_USER = "answer_user"
PROMPT_CONDENSE = "condense_question"


# ---- errors and notices -----------------------------------------------------------------------
class LLMTimeout(LLMError):
    """The endpoint did not answer within settings.llm_timeout."""


class LLMUnavailable(LLMError):
    """The endpoint could not be reached or answered with an HTTP error."""


class LLMReplyError(LLMError):
    """The endpoint answered, but the reply failed the citation checks."""


def fallback_notice(exc: BaseException) -> str:
    """The notice shown with the offline answer when LLM mode failed (never contains the key)."""
    tail = "オフラインの回答を表示しています"
    if isinstance(exc, LLMTimeout):
        return f"LLM が時間内に応答しなかったため、{tail}"
    if isinstance(exc, LLMReplyError):
        reason = getattr(exc, "reason_ja", "")
        return f"LLM の回答の出典を確認できなかったため、{tail}" + (f"（{reason}）" if reason else "")
    if isinstance(exc, ConfigError):
        return f"LLM モードの設定に問題があるため、{tail}（{exc}）"
    return f"LLM が応答しなかったため、{tail}"


def _reply_error(message: str, reason_ja: str) -> LLMReplyError:
    exc = LLMReplyError(message)
    exc.reason_ja = reason_ja
    return exc


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


def _safe_url(url: str) -> str:
    """The URL without user:password@ and without a query string."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        return urlunsplit((parts.scheme, host, parts.path, "", ""))
    except ValueError:
        return "<invalid url>"


# ---- results ----------------------------------------------------------------------------------
@dataclass
class LLMComposed(Composed):
    """A Composed answer from the model; `notices` are shown with the answer (e.g. statements the
    model left without a source number)."""

    mode: str = "llm"
    notices: list[str] = field(default_factory=list)
    uncited: list[str] = field(default_factory=list)
    reply: str = ""


@dataclass
class Source:
    """One numbered source: verbatim lines of one sheet (None marks lines left out)."""

    n: int
    sheet: Sheet
    lines: list[str | None]
    fields: set[int] = field(default_factory=set)  # positions in `lines` that are 【field】 headers

    @property
    def text(self) -> str:
        return "\n".join(GAP if ln is None else ln for ln in self.lines)

    def render(self) -> str:
        s = self.sheet
        attrs = [f'n="{self.n}"', f'title="{_attr(s.title)}"']
        if s.section:
            attrs.append(f'section="{_attr(s.section)}"')
        if s.page is not None:
            attrs.append(f'page="{s.page}"')
        if s.doc_title:
            attrs.append(f'document="{_attr(s.doc_title)}"')
        body = _neutralize(self.text)
        return f"[{self.n}] 「{_attr(s.title)}」\n<source {' '.join(attrs)}>\n{body}\n</source>"

    def runs(self) -> list[list[str]]:
        """Consecutive quotable lines (field headers and gaps break runs)."""
        out: list[list[str]] = [[]]
        for i, ln in enumerate(self.lines):
            if ln is None or i in self.fields or not ln.strip():
                if out[-1]:
                    out.append([])
                continue
            out[-1].append(ln.strip())
        return [r for r in out if r]


def _attr(text: str) -> str:
    return _neutralize(str(text)).replace('"', "”").replace("\n", " ")


def _neutralize(text: str) -> str:
    """Untrusted text cannot open or close the prompt's own tags."""
    return TAG.sub(lambda m: f"＜{m.group(1)}{m.group(2)}", text)


# ---- packing ----------------------------------------------------------------------------------
def _locate(sheet_lines: list[str], block: list[str], start_hint: int = 0) -> int | None:
    if not block:
        return None
    n = len(block)
    for base in (start_hint, 0):
        for j in range(base, len(sheet_lines) - n + 1):
            if sheet_lines[j] == block[0] and sheet_lines[j:j + n] == block:
                return j
    return None


class _SheetPack:
    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.lines = sheet.text.splitlines()
        self.chosen: set[int] = set()
        self.headers: dict[int, int] = {}  # line index -> index of its 【field】 header line
        current = None
        for i, raw in enumerate(self.lines):
            t = raw.strip()
            if t.startswith("【") and t.endswith("】") and t[1:-1] in sheet.fields:
                current = i
            elif current is not None:
                self.headers[i] = current

    def positions(self, chunk) -> list[int]:
        block = chunk.text.splitlines()
        j = _locate(self.lines, block)
        pos = list(range(j, j + len(block))) if j is not None else []
        if chunk.context and pos:
            h = _locate(self.lines, [chunk.context])
            if h is not None and h < pos[0]:
                pos.insert(0, h)
        return pos

    def with_field_headers(self, chosen: set[int]) -> set[int]:
        return chosen | {self.headers[i] for i in chosen if i in self.headers}

    def source(self, n: int, chosen: set[int] | None = None) -> Source:
        idx = sorted(self.with_field_headers(self.chosen if chosen is None else chosen))
        header_lines = set(self.headers.values())
        lines: list[str | None] = []
        fields: set[int] = set()
        prev = None
        for i in idx:
            if prev is not None and i != prev + 1:
                lines.append(None)
            if i in header_lines:
                fields.add(len(lines))
            lines.append(self.lines[i])
            prev = i
        return Source(n, self.sheet, lines, fields)


def pack_sources(hits: Sequence, budget: int, max_chunks: int = MAX_CHUNKS_PER_SHEET,
                 max_sources: int = MAX_SOURCES) -> list[Source]:
    """Numbered sources from the retrieval hits, best sheet first, within `budget` o200k tokens
    (counted over the rendered sources), at most `max_sources` sheets. The top sheet's best chunks
    come first, then the best chunk of every other sheet, then their second best, and so on; a
    chunk that does not fit is taken line by line as far as it fits. Lines keep their sheet order,
    each run under its 【field】 header."""
    packs: list[_SheetPack] = []
    candidates: list[tuple[tuple, int, object]] = []
    for hit in hits:
        if len(packs) >= max_sources:
            break
        if not getattr(hit, "chunks", None):
            continue
        packs.append(_SheetPack(hit.sheet))
        p = len(packs) - 1
        ranked = sorted(hit.chunks, key=lambda cs: -cs[1])[:max_chunks]
        for r, (chunk, _score) in enumerate(ranked):
            key = (0, r) if p == 0 else (1 + r, p)
            candidates.append((key, p, chunk))
    candidates.sort(key=lambda c: c[0])

    cost: dict[int, int] = {}

    def total() -> int:
        return sum(cost.values())

    def measure(p: int, chosen: set[int]) -> int:
        # the source number only changes a digit or two; count with a stable placeholder
        return count_tokens(packs[p].source(p + 1, chosen).render()) + 1

    for _key, p, chunk in candidates:
        pack = packs[p]
        pos = [i for i in pack.positions(chunk) if i not in pack.chosen]
        if not pos:
            continue
        trial = pack.chosen | set(pos)
        c = measure(p, trial)
        if total() - cost.get(p, 0) + c <= budget:
            pack.chosen, cost[p] = trial, c
            continue
        for i in pos:  # as many whole lines as fit
            trial = pack.chosen | {i}
            c = measure(p, trial)
            if total() - cost.get(p, 0) + c > budget:
                break
            pack.chosen, cost[p] = trial, c
    sources: list[Source] = []
    for pack in packs:
        if pack.chosen:
            sources.append(pack.source(len(sources) + 1))
    return sources


def render_sources(sources: Iterable[Source]) -> str:
    return "\n\n".join(s.render() for s in sources)


# ---- reading the reply ------------------------------------------------------------------------
def _numbers(group: str) -> list[int]:
    out: list[int] = []
    for item in re.split(r"\s*[,，、]\s*", group.strip()):
        m = re.fullmatch(rf"({_NUM})\s*[-–~〜～]\s*({_NUM})", item)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            nums = list(range(a, b + 1)) if 0 <= b - a <= MAX_RANGE else [a, b]
        else:
            nums = [int(item)] if item else []
        out += [n for n in nums if n not in out]
    return out


def markers(text: str) -> list[int]:
    """Every source number the text cites, in order of first use."""
    seen: list[int] = []
    for m in MARKER.finditer(text):
        seen += [n for n in _numbers(m.group(1)) if n not in seen]
    return seen


def strip_markers(text: str) -> str:
    return MARKER.sub("", text)


def statement_spans(text: str) -> list[tuple[int, int]]:
    """Sentences (and bullet lines) of a reply as spans; markers right after a sentence's 。 belong
    to it (「…です。[1]」 as well as 「…です[1]。」)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        seg, i = start, start
        while i < end:
            if text[i] in ENDERS:
                j = i + 1
                while j < end and text[j] in ENDERS:
                    j += 1
                while True:
                    m = MARKER_AT.match(text, j)
                    if not m or m.end() > end:
                        break
                    j = m.end()
                spans.append((seg, j))
                seg = i = j
            else:
                i += 1
        if seg < end:
            spans.append((seg, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _bare(text: str) -> str:
    """A statement without markers, bullets and surrounding space."""
    return re.sub(r"^[\s\-–・*•●○◆■#>]+", "", strip_markers(text)).strip()


def is_heading(text: str) -> bool:
    bare = _bare(text)
    return bare.endswith((":", "：")) or bare.startswith("「") and bare.endswith(("によると", "によれば"))


def _bigrams(text: str) -> set[str]:
    t = norm(text)
    return {t[i:i + 2] for i in range(len(t) - 1)} if len(t) > 1 else ({t} if t else set())


def _candidates(source: Source, max_lines: int = 3, max_chars: int = 240) -> list[str]:
    """Quotable pieces of a source: each line, each sentence of a long line, and short runs of
    consecutive lines (a label on one line, its value on the next)."""
    out: list[str] = []
    for run in source.runs():
        for i, line in enumerate(run):
            out.append(line)
            sentences = [s for s in re.findall(r"[^。]+。?", line) if len(norm(s)) >= 4]
            if len(sentences) > 1:
                out += [s.strip() for s in sentences]
            group = [line]
            for nxt in run[i + 1:i + max_lines]:
                group.append(nxt)
                if sum(len(x) for x in group) > max_chars:
                    break
                out.append(" ".join(group))
    seen: set[str] = set()
    return [c for c in out if not (c in seen or seen.add(c))]


def support(claim: str, candidate: str) -> tuple[float, float]:
    """(score, recall) of a candidate quote for a claim: character-bigram overlap, recall-weighted
    F2, so that the quote holding most of the statement wins and shorter quotes win ties."""
    s, c = _bigrams(claim), _bigrams(candidate)
    if not s or not c:
        return 0.0, 0.0
    inter = len(s & c)
    if not inter:
        return 0.0, 0.0
    recall, precision = inter / len(s), inter / len(c)
    return 5 * precision * recall / (4 * precision + recall), recall


def best_quote(claim: str, source: Source) -> tuple[str, float]:
    """The verbatim piece of `source` with the highest character overlap with `claim`, and the
    share of the claim it covers."""
    best, best_score, best_recall = "", -1.0, 0.0
    for cand in _candidates(source):
        score, recall = support(claim, cand)
        if score > best_score or score == best_score and len(cand) < len(best):
            best, best_score, best_recall = cand, score, recall
    return best, best_recall


def _text_of(content) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for block in content:
            if isinstance(block, str):
                parts.append(block)
            elif isinstance(block, dict) and block.get("type") in (None, "text"):
                parts.append(str(block.get("text", "")))
        return "".join(parts)
    return "" if content is None else str(content)


def read_reply(reply: str, sources: Sequence[Source], kind: str = "general") -> LLMComposed:
    """Validate a reply against its numbered sources and turn it into a cited answer.

    Raises LLMReplyError when the reply is empty, cites a number that was not given, cites nothing
    while not saying the documents are silent, or names a ministry that no source names."""
    text = (reply or "").strip()
    if not text:
        raise _reply_error("the LLM returned an empty reply", "空の回答")
    by_n = {s.n: s for s in sources}
    used = markers(text)
    missing = [n for n in used if n not in by_n]
    if missing:
        given = f"[1]–[{len(sources)}]" if sources else "none"
        raise _reply_error(f"the LLM reply cites source {', '.join(f'[{n}]' for n in missing)}, but "
                           f"only {given} were given", "存在しない出典番号 " +
                           "".join(f"[{n}]" for n in missing))
    spans = statement_spans(text)
    statements = [text[a:b] for a, b in spans]
    if not used:
        silent = [s.strip() for s in statements if ABSTAIN.search(s)]
        if silent:
            dropped = len([s for s in statements if s.strip() not in silent])
            notices = ([f"LLM の回答のうち出典のない {dropped} 文を表示していません"] if dropped else [])
            return LLMComposed(" ".join(silent), [], True, kind, notices=notices, reply=reply)
        raise _reply_error("the LLM reply has no source numbers and does not say the documents are "
                           "silent", "出典番号のない回答")

    allowed: set[str] = set()
    for s in sources:
        allowed |= set(names_in(s.text)) | set(s.sheet.stated) | {m.name for m in s.sheet.mentioned}
    invented = [n for n in names_in(text) if n not in allowed]
    if invented:
        raise _reply_error(f"the LLM reply names {', '.join(invented)}, which no source names",
                           "出典にない省庁名 " + "、".join(invented))

    citations: list[Citation] = []
    numbers: dict[tuple[int, str], int] = {}
    replace: dict[tuple[int, int], str] = {}
    notices: list[str] = []
    uncited: list[str] = []
    weak: list[int] = []
    for a, b in spans:
        groups = list(MARKER.finditer(text, a, b))
        statement = text[a:b]
        if not groups:
            bare = _bare(statement)
            if not is_heading(statement) and len(norm(bare)) > 4 and not ABSTAIN.search(statement):
                uncited.append(bare)
            continue
        clause_start = a
        for m in groups:
            claim = strip_markers(text[clause_start:m.start()])
            if len(norm(claim)) < 6:
                claim = strip_markers(statement)
            new: list[int] = []
            for n in _numbers(m.group(1)):
                source = by_n[n]
                quote, recall = best_quote(claim, source)
                if not quote:
                    continue
                if recall < 0.15 and n not in weak:
                    weak.append(n)
                key = (n, quote)
                if key not in numbers:
                    sheet = source.sheet
                    numbers[key] = len(citations) + 1
                    page = sheet.page_of(quote) if hasattr(sheet, "page_of") else sheet.page
                    citations.append(Citation(numbers[key], sheet.id, sheet.doc, sheet.title, sheet.section,
                                              page, field_of(quote, sheet), quote))
                if numbers[key] not in new:
                    new.append(numbers[key])
            replace[(m.start(), m.end())] = "".join(f"[{k}]" for k in new)
            clause_start = m.end()
    out, last = [], 0
    for (s0, e0), rep in sorted(replace.items()):
        out.append(text[last:s0])
        out.append(rep)
        last = e0
    out.append(text[last:])
    answer = "".join(out)
    if uncited:
        shown = "」「".join(u[:40] + ("…" if len(u) > 40 else "") for u in uncited[:3])
        more = f" ほか{len(uncited) - 3}文" if len(uncited) > 3 else ""
        notices.append(f"出典番号のない文があります（計画文書で確認できていません）: 「{shown}」{more}")
    if weak:
        notices.append("出典 " + "".join(f"[{n}]" for n in weak) + " に、対応する文を裏付ける記載が"
                       "ほとんど見つかりません。引用を確認してください")
    # an answer that opens by saying the documents are silent (then perhaps points at related
    # sheets) is an abstention, as the offline composer's is
    first = next((s for s in statements if not is_heading(s)), "")
    abstained = bool(ABSTAIN.search(first)) and not MARKER.search(first)
    return LLMComposed(answer, citations, abstained, kind, notices=notices, uncited=uncited, reply=reply)


# ---- the composer -----------------------------------------------------------------------------
class LLMComposer:
    """Answers from an OpenAI-compatible chat endpoint (settings.llm_base_url), cited and checked."""

    def __init__(self, settings: Settings, model=None):
        if not settings.llm_base_url:
            raise ConfigError("LLM mode needs llm_base_url (ASSISTANT_LLM_BASE_URL), e.g. "
                              "http://127.0.0.1:8000/v1")
        scheme = urlsplit(settings.llm_base_url).scheme
        if scheme not in ("http", "https"):
            raise ConfigError(f"llm_base_url must start with http:// or https:// (got "
                              f"{_safe_url(settings.llm_base_url)!r})")
        self.settings = settings
        d = settings.prompts_dir
        self.system_prompt: PromptTemplate = load_prompt(d, PROMPT_SYSTEM)
        self.user_prompt: PromptTemplate = load_prompt(d, PROMPT_USER)
        self.condense_prompt: PromptTemplate = load_prompt(d, PROMPT_CONDENSE)
        # fail at start-up, not on the first question, when a template lacks what we fill
        fill(self.user_prompt, sources="", question="")
        fill(self.condense_prompt, history="", question="")
        self._model = model
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        url = _safe_url(self.settings.llm_base_url or "")
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
                self._model = ChatOpenAI(model=s.llm_model, base_url=s.llm_base_url, api_key=key,
                                         timeout=s.llm_timeout, max_retries=0, use_responses_api=False,
                                         **extra)
            return self._model

    def warm(self) -> "LLMComposer":
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

        url = _safe_url(self.settings.llm_base_url or "")
        if isinstance(exc, (openai.APITimeoutError, TimeoutError)) or "Timeout" in type(exc).__name__:
            return LLMTimeout(f"the LLM endpoint {url} did not answer within {self.settings.llm_timeout:g} s "
                              "(setting llm_timeout)")
        if isinstance(exc, openai.APIStatusError):
            detail = redact(str(getattr(exc, "message", "") or ""), self._secret())[:200]
            hint = " (check llm_api_key / OPENAI_API_KEY)" if exc.status_code in (401, 403) else ""
            return LLMUnavailable(f"the LLM endpoint {url} answered HTTP {exc.status_code}{hint}: {detail}")
        if isinstance(exc, openai.APIConnectionError):
            return LLMUnavailable(f"cannot connect to the LLM endpoint {url} (is it running? setting "
                                  "llm_base_url)")
        detail = redact(str(exc), self._secret())[:200]
        return LLMUnavailable(f"the LLM call to {url} failed: {type(exc).__name__}: {detail}")

    def _call(self, fn: Callable[[], object]) -> object:
        """fn() in a worker thread, given up after settings.llm_timeout seconds in all (the HTTP
        client's own timeout applies per read, so a slowly dripping reply is also cut off)."""
        box: dict[str, object] = {}
        done = threading.Event()
        ctx = contextvars.copy_context()

        def run() -> None:
            try:
                box["value"] = ctx.run(fn)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                box["error"] = exc
            finally:
                done.set()

        threading.Thread(target=run, name="llm-call", daemon=True).start()
        if not done.wait(self.settings.llm_timeout):
            raise LLMTimeout(f"the LLM endpoint {_safe_url(self.settings.llm_base_url or '')} did not "
                             f"answer within {self.settings.llm_timeout:g} s (setting llm_timeout)")
        if "error" in box:
            raise self._wrap(box["error"]) from None  # type: ignore[arg-type]
        return box["value"]

    def invoke(self, messages) -> str:
        model = self.model  # created (imports and all) before the clock starts
        result = self._call(lambda: model.invoke(messages))
        return _text_of(getattr(result, "content", result))

    # ---- prompts -----------------------------------------------------------------------------
    def sources(self, hits: Sequence) -> list[Source]:
        return pack_sources(hits, self.settings.llm_context_tokens)

    def messages(self, question: str, sources: Sequence[Source]) -> list:
        from langchain_core.messages import HumanMessage, SystemMessage

        system = fill(self.system_prompt)
        user = fill(self.user_prompt, sources=render_sources(sources) or "（出典なし）",
                    question=_neutralize(question))
        return [SystemMessage(content=system), HumanMessage(content=user)]

    # ---- answering ---------------------------------------------------------------------------
    def compose(self, question: str, hits: Sequence, offline: Composed | None = None) -> LLMComposed:
        """The model's answer from the numbered sources, with verbatim quotes; LLMError when the
        endpoint fails or the reply does not pass the checks."""
        sources = self.sources(hits)
        kind = offline.kind if offline is not None else "general"
        if not sources:
            return LLMComposed(ABSTAIN_TEXT, [], True, kind)
        reply = self.invoke(self.messages(question, sources))
        return read_reply(reply, sources, kind)

    def finish(self, question: str, hits: Sequence, reply: str,
               offline: Composed | None = None) -> LLMComposed:
        """A streamed reply, once complete, checked and cited like compose() does (the sources are
        packed again from the same hits, so the numbers match)."""
        return read_reply(reply, self.sources(hits), offline.kind if offline is not None else "general")

    def stream(self, question: str, hits: Sequence) -> Iterator[str]:
        """The reply as text pieces while it is generated. Collect them and pass the whole text to
        finish() for citations; errors are raised as LLMError."""
        sources = self.sources(hits)
        if not sources:
            yield ABSTAIN_TEXT
            return
        messages = self.messages(question, sources)
        try:
            for chunk in self.model.stream(messages):
                piece = _text_of(getattr(chunk, "content", chunk))
                if piece:
                    yield piece
        except LLMError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise self._wrap(exc) from None

    def condense(self, history: Sequence[str], question: str) -> str:
        """A follow-up question rewritten to stand alone, using the earlier questions; the question
        itself when there is no history or the model gives nothing usable."""
        from langchain_core.messages import HumanMessage

        history = [h for h in history if isinstance(h, str) and h.strip()]
        if not history:
            return question
        prompt = fill(self.condense_prompt, history="\n".join(f"- {_neutralize(h)}" for h in history),
                      question=_neutralize(question))
        reply = self.invoke([HumanMessage(content=prompt)])
        line = next((ln.strip() for ln in reply.splitlines() if ln.strip()), "")
        line = re.sub(r"^(?:書き直した質問|質問)\s*[:：]\s*", "", line).strip().strip("「」\"'")
        if not line or len(line) > max(4 * len(question), self.settings.max_question_chars):
            return question
        return line


def condense(history: Sequence[str], question: str, settings: Settings | None = None,
             composer: LLMComposer | None = None) -> str:
    """Module-level form of LLMComposer.condense (settings loaded when not given)."""
    if composer is None:
        from .settings import load_settings

        composer = LLMComposer(settings or load_settings())
    return composer.condense(history, question)
