"""Reading an LLM reply: each statement must carry [n] markers of sources it was given; every quote
is then taken verbatim from the sheet (the source line that best supports the statement), never from
the model's words."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.answer.citations import field_of
from assistant.answer.evidence import ENUMERATOR
from assistant.errors import LLMReplyError
from assistant.ingest.ministries import names_in
from assistant.llm.meaning import Meaning
from assistant.llm.sources import Source
from assistant.models import Citation, Composed
from assistant.text.era import ERAS, western
from assistant.text.normalize import norm
from assistant.text.sentences import sentences
from assistant.text.similarity import norm_bigrams

ABSTAIN_TEXT = "計画文書には記載がありません。"
ABSTAIN = re.compile(r"記載(?:が|は)(?:ありません|見当たりません|ない|無い)|記載されていません")
_NUM = r"[0-9０-９]{1,3}"
_ITEM = rf"{_NUM}(?:\s*[-–~〜～]\s*{_NUM})?"
MARKER = re.compile(rf"[\[［]\s*({_ITEM}(?:\s*[,，、]\s*{_ITEM})*)\s*[\]］]")
ENDERS = "。！？!?"
# A statement is supported when its figures are in the cited source, the source's best line covers
# MIN_SUPPORT of its wording (character bigrams) and that line is MIN_MEANING close in meaning
# (cosine of their embeddings). Both fitted by scripts/fit_support.py on 816 statements that helper
# sessions wrote as a model would, for 102 dev + dev2 questions (good: paraphrase, summary; bad:
# wrong source, changed figure or actor, invented, overreach): held-out balanced accuracy 0.86, the
# bounds chosen in 5-fold 0.38 and 0.89–0.90 (BENCHMARKS.md). A check that passes the good
# statements and few of the bad ones, not a proof: a swapped actor in matching wording still passes
MIN_SUPPORT = 0.38
MIN_MEANING = 0.89
MAX_RANGE = 20  # a range of source numbers longer than this is two numbers, not a range
SEPARATORS = str.maketrans({"，": ",", "、": ","})
DASHES = str.maketrans({"–": "-", "~": "-", "〜": "-", "～": "-"})


def _reply_error(message: str, reason_ja: str) -> LLMReplyError:
    exc = LLMReplyError(message)
    exc.reason_ja = reason_ja
    return exc


# ---- results ----------------------------------------------------------------------------------
@dataclass
class LLMComposed(Composed):
    """A Composed answer from the model; `notices` are shown with the answer (e.g. that statements
    without a supporting source were left out)."""

    mode: str = "llm"  # the default of Composed is "offline"
    notices: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # statements left out: no source number, or unsupported
    reply: str = ""

# ---- reading the reply ------------------------------------------------------------------------
def _numbers(group: str) -> list[int]:
    out: list[int] = []
    for item in group.translate(SEPARATORS).split(","):
        ends = "".join(item.split()).translate(DASHES).split("-")
        if len(ends) == 2 and all(e.isdigit() for e in ends):  # a range: [1-3]
            a, b = int(ends[0]), int(ends[1])
            nums = list(range(a, b + 1)) if 0 <= b - a <= MAX_RANGE else [a, b]
        else:
            nums = [int(ends[0])] if len(ends) == 1 and ends[0].isdigit() else []
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
                while True:  # the markers after the sentence end belong to it
                    k = j
                    while k < end and text[k] in " \t\u3000":
                        k += 1
                    m = MARKER.match(text, k)
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
    return strip_markers(text).lstrip(" \t\n\u3000-–・*•●○◆■#>").strip()


def is_heading(text: str) -> bool:
    bare = _bare(text)
    return bare.endswith((":", "：")) or bare.startswith("「") and bare.endswith(("によると", "によれば"))


# figures: arabic numerals (after NFKC), with thousands commas and decimals, and an era prefix
FIGURE = re.compile(r"(?:令和|平成|R|H)?\d+(?:[.,]\d+)*")


def figures(text: str) -> set[str]:
    """The figures a statement states, each in its western form (令和12 = R12 = 2030); a leading
    list number (「1. 」) is not a figure."""
    out: set[str] = set()
    for m in FIGURE.finditer(ENUMERATOR.sub("", norm(strip_markers(text)))):
        f = m.group(0).replace(",", "")
        era = next((e for e in ERAS if f.startswith(e)), None)
        if era:  # 令和12 = R12 = 2030, 平成30 = 2018
            f = str(western(era, f[len(era):].split(".")[0]))
        out.add(f)
    return out


def unheld_figures(statement: str, sources: Sequence[Source]) -> set[str]:
    """Figures of a statement that none of the cited sources states: a changed number, year or
    amount is not supported however much of the wording matches."""
    held: set[str] = set()
    for s in sources:
        held |= _source_figures(s.text)
    return figures(statement) - held


@lru_cache(maxsize=64)
def _source_figures(text: str) -> frozenset[str]:
    return frozenset(figures(text))  # a reply's statements cite the same few sources


def _candidates(source: Source, max_lines: int = 3, max_chars: int = 240) -> list[str]:
    """Quotable pieces of a source: each line, each sentence of a long line, and short runs of
    consecutive lines (a label on one line, its value on the next)."""
    out: list[str] = []
    for run in source.runs():
        for i, line in enumerate(run):
            out.append(line)
            parts = [s for s in sentences(line) if len(norm(s)) >= 4]
            if len(parts) > 1:
                out += parts
            group = [line]
            for nxt in run[i + 1:i + max_lines]:
                group.append(nxt)
                if sum(len(x) for x in group) > max_chars:
                    break
                out.append(" ".join(group))
    return list(dict.fromkeys(out))


def support(claim: str, candidate: str) -> tuple[float, float]:
    """(score, recall) of a candidate quote for a claim: character-bigram overlap, recall-weighted
    F2, so that the quote holding most of the statement wins and shorter quotes win ties."""
    s, c = norm_bigrams(claim, single=True), norm_bigrams(candidate, single=True)
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


def text_of(content) -> str:
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


# the prompt's own structure: its source tags, its markdown headings, the question tag
PROMPT_TAGS = re.compile(r"</?(?:source|question)\b", re.IGNORECASE)


def prompt_echo(text: str, sources: Sequence[Source]) -> str | None:
    """What of the prompt a reply reproduces (source tags, headings, a source's header line), or
    None. A small or base model often echoes its prompt; such text is not an answer."""
    if PROMPT_TAGS.search(text):
        return "source or question tags"
    if any(line.lstrip().startswith("#") for line in text.splitlines()):  # a Markdown heading
        return "the prompt's headings"
    headers = {norm(s.render().splitlines()[0]) for s in sources}
    if any(norm(line) in headers for line in text.splitlines() if norm(line)):
        return "a numbered source's header line"
    return None


def is_supported(claim: str, cited: Sequence[Source], meaning: Meaning | None = None,
                 quotes: Sequence[tuple[str, float]] | None = None) -> bool:
    """Whether the cited sources support a statement: every figure it states is in them, the best
    line of one covers MIN_SUPPORT of its wording, and (when `meaning` is given) that line is at
    least MIN_MEANING close to it in meaning. `quotes`: best_quote of each cited source, when the
    caller has them already."""
    if not cited or unheld_figures(claim, cited):
        return False
    quote, recall = max(quotes or [best_quote(claim, s) for s in cited], key=lambda qr: qr[1])
    if recall < MIN_SUPPORT:
        return False
    close = meaning(claim, quote) if meaning is not None else None
    return close is None or close >= MIN_MEANING


def read_reply(reply: str, sources: Sequence[Source], kind: str = "general",
               meaning: Meaning | None = None) -> LLMComposed:
    """Validate a reply against its numbered sources and turn it into a cited answer.

    Raises LLMReplyError when the reply is empty, cites a number that was not given, cites nothing
    while not saying the documents are silent, or names a ministry that no source names. One function:
    the checks read as the ordered list of reasons a reply is refused (issue 15 splits them)."""
    text = (reply or "").strip()
    if not text:
        raise _reply_error("the LLM returned an empty reply", "空の回答")
    echo = prompt_echo(text, sources)
    if echo:
        raise _reply_error(f"the LLM reply repeats the prompt ({echo})", "プロンプトの複製")
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
        # an abstention only when the whole reply is the prompt's abstention: junk that happens to
        # contain 「記載がありません」 is not one
        said = [s.strip() for s in statements if not is_heading(s) and norm(s)]
        if said and all(ABSTAIN.search(s) and len(norm(s)) <= 2 * len(norm(ABSTAIN_TEXT)) for s in said):
            return LLMComposed(" ".join(said), [], True, kind, reply=reply)
        raise _reply_error("the LLM reply has no source numbers and is not the abstention form",
                           "出典番号のない回答")

    # a ministry may be named only as the sheets the reply cites name it
    allowed: set[str] = set()
    for n in used:
        s = by_n[n]
        allowed |= set(names_in(s.text)) | set(s.sheet.stated) | {m.name for m in s.sheet.mentioned}
    invented = [n for n in names_in(text) if n not in allowed]
    if invented:
        raise _reply_error(f"the LLM reply names {', '.join(invented)}, which no cited source names",
                           "引用した出典にない省庁名 " + "、".join(invented))

    # each statement must carry a source number, and the line it cites must support it (share its
    # wording); unsupported statements are dropped when the supported ones still outnumber them
    claims: dict[tuple[int, int], list[tuple[re.Match, list[tuple[int, str]]]]] = {}
    unsupported: list[str] = []
    supported = 0
    for a, b in spans:
        groups = list(MARKER.finditer(text, a, b))
        statement = text[a:b]
        if not groups:
            bare = _bare(statement)
            if not is_heading(statement) and len(norm(bare)) > 4 and not ABSTAIN.search(statement):
                unsupported.append(bare)
                claims[(a, b)] = []
            continue
        found: list[tuple[re.Match, list[tuple[int, str]]]] = []
        backed = False
        clause_start = a
        for m in groups:
            claim = strip_markers(text[clause_start:m.start()])
            if len(norm(claim)) < 6:
                claim = strip_markers(statement)
            cited = [by_n[n] for n in _numbers(m.group(1))]
            best = [best_quote(claim, s) for s in cited]
            backed = backed or is_supported(claim, cited, meaning, best)
            found.append((m, [(s.n, q) for s, (q, _) in zip(cited, best, strict=False) if q]))
            clause_start = m.end()
        if not backed:
            unsupported.append(_bare(strip_markers(statement)))
            claims[(a, b)] = []
        else:
            supported += 1
            claims[(a, b)] = found
    if unsupported and (not supported or len(unsupported) > supported):
        raise _reply_error(f"{len(unsupported)} of the reply's {len(unsupported) + supported} statements are not "
                           "supported by a cited source", f"出典で裏付けられない文が多い回答（{len(unsupported)}文）")

    citations: list[Citation] = []
    numbers: dict[tuple[int, str], int] = {}
    out, last = [], 0
    for (a, b), found in sorted(claims.items()):
        out.append(text[last:a])
        last = b
        if not found:
            continue  # dropped: not supported
        pos = a
        for m, quotes in found:
            new: list[int] = []
            for n, quote in quotes:
                key = (n, quote)
                if key not in numbers:
                    sheet = by_n[n].sheet
                    numbers[key] = len(citations) + 1
                    page = sheet.page_of(quote) if hasattr(sheet, "page_of") else sheet.page
                    citations.append(Citation(numbers[key], sheet.id, sheet.doc, sheet.title, sheet.section,
                                              page, field_of(quote, sheet), quote))
                if numbers[key] not in new:
                    new.append(numbers[key])
            out.append(text[pos:m.start()])
            out.append("".join(f"[{k}]" for k in new))
            pos = m.end()
        out.append(text[pos:b])
    out.append(text[last:])
    answer = "".join(out)
    while "\n\n\n" in answer:  # markers taken out may leave empty lines
        answer = answer.replace("\n\n\n", "\n\n")
    answer = answer.strip()
    notices: list[str] = []
    if unsupported:
        shown = "」「".join(u[:40] + ("…" if len(u) > 40 else "") for u in unsupported[:3])
        more = f" ほか{len(unsupported) - 3}文" if len(unsupported) > 3 else ""
        notices.append(f"出典番号のない文・出典で裏付けられない文を表示していません: 「{shown}」{more}")
    # an answer that opens by saying the documents are silent (then perhaps points at related
    # sheets) is an abstention, as the offline composer's is
    first = next((s for s in statements if not is_heading(s)), "")
    abstained = bool(ABSTAIN.search(first)) and not MARKER.search(first)
    return LLMComposed(answer, citations, abstained, kind, notices=notices, dropped=unsupported, reply=reply)


