"""The briefing (assistant/briefing.py) through both its doors: `python -m assistant briefing` in a
subprocess over the session's index, and the web app's export (/briefing); the files read back with
python-docx. The CLI runs with the clock in UTC and without the system's zone database (PYTHONTZPATH
empty), as on a slim server: the date must still be Japan time, from the `tzdata` package."""
from __future__ import annotations

import html
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import DOCS, ROOT
from tests.helpers.app import client as new_client

# A conversation written for this test: a question, then two follow-ups that name no subject of their own.
# Its answers share quotes and a line (the target's line is cited by the second and third answers).
# the third question asks the second's again: two answers that share their lines and quotes, which the
# briefing must write once
CONVERSATION = ["下水汚泥の肥料利用についての施策は？", "その施策の目標を教えて", "その目標をもう一度教えて"]
DATE = re.compile(r"作成日: (\d{4})年(\d{1,2})月(\d{1,2})日 (\d{2}):(\d{2})（日本時間）")
SOURCE_LINE = re.compile(r"出典\[(\d+)\]: ")
MARKER = re.compile(r"\[(\d+)\]")
# What staff call the documents of the registry's kinds (docs_source/registry.yaml)
STAFF_NAMES = {"measures": "施策集", "inspection": "点検資料"}


def run(args, env, stdin="", timeout=600):
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=timeout)


@pytest.fixture(scope="module")
def answers(assistant) -> list[dict]:
    """The conversation as the chat answers it: each question read against the earlier ones."""
    return [assistant.ask(q, history=CONVERSATION[:i]).to_json() for i, q in enumerate(CONVERSATION)]


@pytest.fixture(scope="module")
def written(cli_env, tmp_path_factory):
    """`briefing --docx --md -` on a UTC clock without a zone database: (docx paragraphs, docx, md text,
    the time just before and after)."""
    from docx import Document

    folder = tmp_path_factory.mktemp("briefing")
    before = datetime.now(UTC)
    proc = run(["briefing", "--docx", str(folder / "b.docx"), "--md", str(folder / "b.md"), "-"],
               {**cli_env, "TZ": "UTC", "PYTHONTZPATH": ""}, "\n".join(CONVERSATION) + "\n")
    after = datetime.now(UTC)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""  # the files hold the briefing; stderr says what was written
    doc = Document(str(folder / "b.docx"))
    return [p.text for p in doc.paragraphs], doc, (folder / "b.md").read_text(encoding="utf-8"), before, after


def entries(paragraphs: list[str]) -> dict[int, list[str]]:
    """Question number -> the paragraphs under its heading."""
    out: dict[int, list[str]] = {}
    current = None
    for p in paragraphs:
        m = re.match(r"Q(\d+)\. ", p)
        if m and p[m.end():] in CONVERSATION:
            current = int(m.group(1))
            out[current] = []
        elif current is not None:
            out[current].append(p)
    return out


def test_the_cli_writes_an_a4_docx_dated_in_japan_time(written):
    paragraphs, doc, _, before, after = written
    section = doc.sections[0]
    assert abs(section.page_width.mm - 210) < 1 and abs(section.page_height.mm - 297) < 1
    dates = [m for m in map(DATE.search, paragraphs) if m]
    assert len(dates) == 1, paragraphs[:3]
    tokyo = ZoneInfo("Asia/Tokyo")
    shown = datetime(*map(int, dates[0].groups()), tzinfo=tokyo)
    # to the minute it shows; the server's clock (UTC) is nine hours behind
    assert before.astimezone(tokyo).replace(second=0, microsecond=0) <= shown <= after.astimezone(tokyo)
    created = doc.core_properties.created.replace(tzinfo=UTC)  # the .docx keeps it in UTC
    assert abs(created - shown) < timedelta(minutes=1)
    assert sorted(entries(paragraphs)) == [1, 2, 3]


def test_every_source_line_names_its_document_sheet_section_and_page(written, answers):
    from assistant.ingest.documents import load_registry

    kinds = {d.file: d.kind for d in load_registry(DOCS)}
    cited = {}
    for a in answers:
        for c in a["citations"]:
            cited.setdefault(c["title"], c)
    assert {kinds[c["doc"]] for c in cited.values()} == {"measures", "inspection"}  # both documents cited
    lines = [p for p in written[0] if SOURCE_LINE.match(p)]
    assert lines
    for line in lines:
        sheet = re.search(r"シート: (.+?)、章・節: ", line)
        assert sheet, line
        c = cited[sheet.group(1)]
        assert f"（文書: {STAFF_NAMES[kinds[c['doc']]]}、" in line
        assert f"章・節: {c['section']}、" in line
        assert (f"、p.{c['page']}、" if c["page"] is not None else "、頁番号なし、") in line
    named = {re.search(r"文書: ([^、]+)", line).group(1) for line in lines}
    assert named == {"施策集", "点検資料"}


def test_a_follow_up_says_what_it_was_read_as(written, answers):
    under = entries(written[0])
    assert answers[0]["topic"] is None and not any("前の質問" in p for p in under[1])
    for n in (2, 3):
        a = answers[n - 1]
        assert a["topic"] and a["carried"] == ["topic"], a
        assert a["topic_question"].rstrip("?？") == CONVERSATION[0].rstrip("?？")  # set by the first question
        assert under[n][0] == f"（前の質問 Q1 の『{a['topic']}』についての質問として回答）"


def test_no_statement_or_source_is_written_twice(written, answers):
    # what the answers themselves repeat: a quote cited by two answers, a line two answers make
    quotes = [c["quote"] for a in answers for c in a["citations"]]
    lines = [MARKER.sub("", line.removeprefix("- ")).strip() for a in answers
             for line in a["answer"].splitlines() if MARKER.search(line)]
    assert len(set(quotes)) < len(quotes) and len(set(lines)) < len(lines)

    paragraphs = written[0]
    text = "\n".join(paragraphs)
    for quote in set(quotes):
        assert text.count(quote) == 1, quote  # written out once: in a statement or in its source line
    listed = [int(SOURCE_LINE.match(p).group(1)) for p in paragraphs if SOURCE_LINE.match(p)]
    assert len(listed) == len(set(listed)) and sorted(listed) == list(range(1, len(listed) + 1))
    statements = [MARKER.sub("", p).strip() for p in paragraphs
                  if MARKER.search(p) and not p.startswith("出典[") and "に掲載" not in p]
    assert len(statements) == len(set(statements))
    for p in paragraphs:  # every source a line points to is listed
        if not SOURCE_LINE.match(p):
            assert {int(n) for n in MARKER.findall(p)} <= set(listed), p
    # the repeated line is referred to, with its source
    assert any(re.fullmatch(r"（Q\d に掲載した記載です。出典(\[\d+\])+）", p) for p in paragraphs)


def markdown_lines(md: str) -> list[str]:
    """The Markdown's lines as the .docx's paragraphs read: marks and escapes taken off."""
    out = []
    for line in md.splitlines():
        line = re.sub(r"^(#+ |\s*- |> )", "", line.strip())
        line = line[2:-2] if line.startswith("**") and line.endswith("**") else line
        if line:
            out.append(html.unescape(line))
    return out


def test_the_markdown_says_what_the_docx_says(written):
    paragraphs, _, md, _, _ = written
    assert markdown_lines(md) == [p for p in paragraphs if p]
    assert "\n- " in md and "\n  - 出典[" in md


def test_the_ui_export_and_the_cli_give_the_same_briefing(app, cli_env, written, tmp_path):
    from docx import Document

    cl = new_client(app.url, tmp_path)
    for q in CONVERSATION:
        cl.predict(q, api_name="/chat")
    files = cl.predict([f"Q{i}. {q[:40]}" for i, q in enumerate(CONVERSATION, 1)], api_name="/briefing")
    ui_md = next(Path(f) for f in files if str(f).endswith(".md")).read_text(encoding="utf-8")
    ui_docx = Document(str(next(Path(f) for f in files if str(f).endswith(".docx"))))
    printed = run(["briefing", "-"], cli_env, "\n".join(CONVERSATION) + "\n")  # no file: Markdown on stdout
    assert printed.returncode == 0, printed.stderr

    def undated(lines):
        return [x for x in lines if not DATE.search(x)]

    assert DATE.search(ui_md) and DATE.search(printed.stdout)
    assert undated(ui_md.splitlines()) == undated(printed.stdout.splitlines())
    assert undated(p.text for p in ui_docx.paragraphs) == undated(written[0])


def test_errors_are_one_japanese_line_and_exit_2(cli_env, tmp_path):
    cases = [(["briefing", "-"], "\n  \n", "質問がありません"),
             (["briefing", "--docx", str(tmp_path / "none" / "b.docx"), "-"], CONVERSATION[0], "フォルダ"),
             (["briefing", "--md", str(tmp_path), "-"], CONVERSATION[0], "フォルダです")]
    for args, stdin, words in cases:
        proc = run(args, cli_env, stdin, timeout=120)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stdout == ""
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("エラー: ") and words in lines[0], proc.stderr
    assert list(tmp_path.iterdir()) == []  # nothing was written


# ---- unit: what the briefing says ---------------------------------------------------------------
def test_documents_sharing_a_kind_are_named_by_their_titles(tmp_path):
    from assistant.briefing import document_names

    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (tmp_path / name).write_text("本文\n", encoding="utf-8")
    (tmp_path / "registry.yaml").write_text(
        "documents:\n"
        "  - {file: a.txt, title: 施策集（第一版）, kind: measures}\n"
        "  - {file: b.txt, title: 施策集（第二版）, kind: measures}\n"
        "  - {file: c.txt, title: 点検の資料, kind: inspection}\n", encoding="utf-8")
    names = document_names(tmp_path, [])
    assert {f: n.short for f, n in names.items()} == {
        "a.txt": "施策集（第一版）", "b.txt": "施策集（第二版）", "c.txt": "点検資料", "d.txt": "d.txt"}
    assert names["c.txt"].title == "点検の資料"


def test_a_follow_up_names_its_earlier_question_in_words_when_that_one_is_not_exported():
    from assistant.briefing import DocumentName, compile_briefing, to_markdown

    cite = {"n": 1, "sheet_id": "a:1", "doc": "a.txt", "title": "施策A", "section": "1. 章", "page": 3,
            "field": "概要", "quote": "施策Aを進める。"}
    turns = [{"question": "施策Aとは？", "answer": {"answer": "施策Aを進める。 [1]", "citations": [cite]}},
             {"question": "その目標は何か", "answer": {"answer": "施策Aを進める。 [1]", "citations": [cite],
                                                 "topic": "施策A", "topic_question": "施策Aとは?",
                                                 "carried": ["topic", "aspect"], "aspect": "target"}},
             {"question": "施策Bのほうは？", "answer": {"answer": "なし", "citations": [],
                                                  "carried": ["aspect"], "aspect": "target"}}]
    names = {"a.txt": DocumentName("施策集", "施策集の題名")}
    alone = compile_briefing(turns, names, picked=[2, 3])
    assert alone.entries[0].reading == ("（前の質問「施策Aとは？」の『施策A』について、前の質問と同じ点（目標）を"
                                        "尋ねる質問として回答）")
    assert alone.entries[1].reading == "（前の質問と同じ点（目標）についての質問として回答）"
    both = to_markdown(compile_briefing(turns, names, picked=[1, 2]))
    assert "前の質問 Q1 の『施策A』" in both
    assert both.count("施策Aを進める。") == 1 and "（Q1 に掲載した記載です。出典[1]）" in both


def test_briefing_markdown_escapes_html(tmp_path):
    from assistant.briefing import compile_briefing, to_markdown, write_briefing

    turns = [{"question": "<b>質問</b>", "answer": {"answer": "答え [1]", "abstained": False, "notices": [],
                                                   "citations": [{"n": 1, "sheet_id": "d:1", "doc": "d.txt",
                                                                  "title": "施策", "section": "1. 章", "page": 3,
                                                                  "field": "概要", "quote": "引用 <i>"}]}}]
    md = to_markdown(compile_briefing(turns, {}))
    assert "&lt;b&gt;質問&lt;/b&gt;" in md and "「引用 &lt;i&gt;」" in md and "p.3" in md
    assert "出典[1]" in md and "答え [1]" in md and "文書: d.txt" in md
    paths = write_briefing(turns, {}, md=tmp_path / "b.md", docx=tmp_path / "b.docx")
    assert [p.suffix for p in paths] == [".md", ".docx"] and all(p.stat().st_size for p in paths)
