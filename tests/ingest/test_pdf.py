"""New documents: PDFs (and texts) added with `add`, read page by page, cited with the page their
quote is on; bad input refused with a clear message and nothing changed; `remove` takes them out.

The PDFs are made here with reportlab in the standard Japanese CID fonts (no font download). The
documents go into a copy of docs_source/ with a private index (the project's embedding cache is
copied in, so only the new text is embedded)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.answer.citations import quote_in_sheet
from assistant.errors import DocumentError
from assistant.ingest.documents import Document, load_registry
from assistant.text.normalize import norm
from tests.helpers import DOCS, ROOT, guarded_env

reportlab = pytest.importorskip("reportlab")
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

for _font in ("HeiseiMin-W3", "HeiseiKakuGo-W5"):
    pdfmetrics.registerFont(UnicodeCIDFont(_font))

RUNNING_HEADER = "循環経済 試験資料（令和9年版）"
RUNNING_FOOTER = "無断転載禁止 竹資源研究会"
META_TITLE = "竹資源循環推進計画（試験用PDF）"
MINISTRY_LINE = "経済産業省・環境省"
MEASURE_TITLE = "竹繊維複合材の再資源化実証"
P2_QUOTE = "・令和9年度予算案として竹繊維複合材の実証に12億円を計上。"
P3_QUOTE = "・2032年までに竹繊維複合材の回収率を7割にする。"
PLAN_PAGES = [
    ["竹資源循環推進計画", "令和9年3月",
     "本計画は放置竹林の竹を循環資源として活かすための試験用の文書である。"],
    [MEASURE_TITLE, MINISTRY_LINE, "【事業概要】",
     "・竹繊維複合材を回収し、再資源化する技術を実証する。", P2_QUOTE],
    ["【目指す姿／取組指標】", P3_QUOTE, "【今後の予定】", "・2028年度に竹繊維複合材の実証結果を公表する。"],
    ["竹林整備と地域連携", "農林水産省（農水）と連携し、放置竹林の整備を進める。"],
]


def make_pdf(path: Path, pages: list[list[str]], *, title: str | None = META_TITLE,
             header: str | None = RUNNING_HEADER, footer: str | None = RUNNING_FOOTER,
             page_numbers: bool = True, user_password: str | None = None, scanned: bool = False) -> Path:
    """A real PDF: each page's lines top to bottom, with a running header/footer and page numbers."""
    encrypt = None
    if user_password is not None:
        from reportlab.lib import pdfencrypt

        encrypt = pdfencrypt.StandardEncryption(user_password, ownerPassword="owner", strength=128)
    c = canvas.Canvas(str(path), encrypt=encrypt)
    if title:
        c.setTitle(title)
    for number, lines in enumerate(pages, 1):
        if scanned:  # what a scan without OCR looks like: a picture, no text layer
            from PIL import Image

            c.rect(50, 400, 300, 200, fill=1)
            c.drawInlineImage(Image.new("RGB", (40, 30), (120, 120, 120)), 60, 100, 80, 60)
        if header:
            c.setFont("HeiseiKakuGo-W5", 9)
            c.drawString(40, 810, header)
        y = 760
        for i, line in enumerate(lines):
            c.setFont("HeiseiKakuGo-W5" if i == 0 else "HeiseiMin-W3", 11)
            c.drawString(50, y, line)
            y -= 22
        if footer:
            c.setFont("HeiseiMin-W3", 8)
            c.drawString(40, 30, footer)
        if page_numbers:
            c.setFont("HeiseiMin-W3", 8)
            c.drawString(290, 30, f"- {number} -")
        c.showPage()
    c.save()
    return path


def page_text(path: Path, page: int) -> str:
    from pypdf import PdfReader

    return PdfReader(str(path)).pages[page - 1].extract_text()


def make_workspace(root: Path, cache: Path):
    """A copy of docs_source/ and a private index dir seeded with the session's embedding cache (so
    building it embeds only the added document's text)."""
    from assistant.settings import load_settings

    docs = root / "docs"
    shutil.copytree(DOCS, docs)
    index = root / "index"
    (index / "cache").mkdir(parents=True)
    shutil.copy(cache, index / "cache" / "embeddings.sqlite")
    return load_settings(docs_dir=docs, index_dir=index)


def snapshot(settings) -> dict:
    docs = Path(settings.docs_dir)
    current = Path(settings.index_dir) / "CURRENT"
    return {"files": sorted(p.name for p in docs.iterdir()),
            "registry": (docs / "registry.yaml").read_bytes(),
            "current": current.read_text() if current.exists() else None}


# ---- library and parsing (no index) ----------------------------------------------------------
TRICKY = ["ｅ－ｓｃｒａｐ、～、〜、−、ー、…、・、※、○、◯、●、■、◆、▶、→",
          "①②③、Ⅲ-1、㈱、㎡、℃、％、（全角）(半角)「」『』〔〕",
          "髙橋、﨑、德、瀨、𠮷野家、剝離、頰、令和８年度予算案として３７９億円を計上。",
          "ｱｲｳｴｵｶﾞﾊﾟ アイウエオ ヴ ヶ ゝゞヽヾ 々 〆 【目指す姿／取組指標】"]


@pytest.mark.parametrize("font", ["HeiseiMin-W3", "HeiseiKakuGo-W5"])
def test_pypdf_gives_japanese_back_exactly(tmp_path, font):
    """Why pypdf: it returns these lines unchanged (pdfminer.six folds －/～ and prints (cid:N))."""
    from assistant.ingest.parsing.pdf_text import read_pdf

    c = canvas.Canvas(str(tmp_path / "t.pdf"))
    for i, line in enumerate(TRICKY):
        c.setFont(font, 10)
        c.drawString(20, 800 - 20 * i, line)
    c.save()
    assert read_pdf(tmp_path / "t.pdf").pages == [TRICKY]


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory) -> Path:
    return make_pdf(tmp_path_factory.mktemp("src") / "take_plan.pdf", PLAN_PAGES)


def test_pdf_sheets_pages_measure_grouping_and_owners(plan_pdf):
    from assistant.ingest.parsing.pdf import pdf_sheets

    doc = Document(plan_pdf.name, "", "pdf", plan_pdf)
    sheets = pdf_sheets(doc)
    assert doc.title == META_TITLE
    assert [s.page for s in sheets] == [1, 2, 4]  # pages 2-3 are one measure sheet
    measure = sheets[1]
    assert measure.kind == "measure" and measure.title == MEASURE_TITLE and not measure.title_derived
    assert measure.stated == ["経済産業省", "環境省"]
    assert set(measure.fields) == {"事業概要", "目指す姿／取組指標", "今後の予定"}
    assert "7割" in measure.fields["目指す姿／取組指標"]
    lines = measure.text.splitlines()
    assert len(lines) == len(measure.line_pages)
    assert measure.line_pages[lines.index(P2_QUOTE)] == 2
    assert measure.line_pages[lines.index(P3_QUOTE)] == 3
    assert measure.page_of(P3_QUOTE) == 3 and measure.page_of(P2_QUOTE) == 2
    assert "【目指す姿／取組指標】" in lines
    for s in sheets:
        assert RUNNING_HEADER not in s.text and RUNNING_FOOTER not in s.text
        assert not [ln for ln in s.text.splitlines() if ln.startswith("- ") and ln.endswith(" -")]
        assert s.doc_title == META_TITLE
    last = sheets[2]
    assert last.kind == "section" and last.title == "竹林整備と地域連携"
    assert [m.name for m in last.mentioned] == ["農林水産省"] and last.stated == []
    # ids are stable: the same document parses to the same ids
    assert [s.id for s in pdf_sheets(Document(plan_pdf.name, "", "pdf", plan_pdf))] == [s.id for s in sheets]


def test_wrapped_lines_are_joined_within_a_page_only(tmp_path):
    from assistant.ingest.parsing.pdf import pdf_sheets

    pages = [["竹の利用拡大", "竹チップを燃料や建材として利用する取組を、地域の事業者と協力して全国",
              "に広げることを目指す。", "・短い項目"],
             ["次のページ", "別の内容を記載する。"]]
    path = make_pdf(tmp_path / "wrap.pdf", pages, header=None, footer=None)
    sheets = pdf_sheets(Document(path.name, "", "pdf", path))
    assert "竹チップを燃料や建材として利用する取組を、地域の事業者と協力して全国に広げることを目指す。" \
        in sheets[0].text.splitlines()
    assert "・短い項目" in sheets[0].text.splitlines()
    assert sheets[1].text.splitlines()[0] == "次のページ"


def test_continuation_page_repeating_the_title_joins_the_sheet(tmp_path):
    from assistant.ingest.parsing.pdf import pdf_sheets

    pages = [["竹炭の土壌改良材利用", "農林水産省", "【事業概要】", "・竹炭を土壌改良材として使う。"],
             ["竹炭の土壌改良材利用（続き）", "【目指す姿／取組指標】", "・2030年に竹炭の利用量を倍にする。"],
             ["竹炭の土壌改良材利用（続き）", "【今後の予定】", "・2027年度に効果を検証する。"],
             ["別の施策", "【事業概要】", "・別の内容。"]]
    path = make_pdf(tmp_path / "cont.pdf", pages)
    sheets = pdf_sheets(Document(path.name, "", "pdf", path))
    assert [(s.title, s.page) for s in sheets] == [("竹炭の土壌改良材利用", 1), ("別の施策", 4)]
    first = sheets[0]
    assert first.stated == ["農林水産省"] and "（続き）" not in first.text
    assert first.page_of("・2030年に竹炭の利用量を倍にする。") == 2
    assert first.page_of("・2027年度に効果を検証する。") == 3
    assert list(first.fields) == ["事業概要", "目指す姿／取組指標", "今後の予定"]


def test_pdf_locked_only_against_copying_is_read(tmp_path):
    """Encrypted with an owner password only (opens without one): read; one that needs a password
    to open is refused (see the bad-input tests)."""
    from reportlab.lib import pdfencrypt

    from assistant.ingest.parsing.pdf import pdf_sheets

    path = tmp_path / "nocopy.pdf"
    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0))
    c.setFont("HeiseiMin-W3", 12)
    c.drawString(50, 700, "コピー禁止の資料です。")
    c.save()
    assert pdf_sheets(Document(path.name, "", "pdf", path))[0].text == "コピー禁止の資料です。"


def test_load_registry_picks_up_unregistered_pdfs(tmp_path, plan_pdf):
    shutil.copy(plan_pdf, tmp_path / "extra.pdf")
    (tmp_path / "notes.txt").write_text("メモ\n本文。\n", encoding="utf-8")
    docs = {d.file: d for d in load_registry(tmp_path)}
    assert docs["extra.pdf"].kind == "pdf" and docs["notes.txt"].kind == "auto"
    with pytest.raises(DocumentError, match="extra.pdf"):
        docs["extra.pdf"].read()


def test_registry_writes_keep_comments_and_round_trip(tmp_path):
    import yaml

    from assistant.ingest.add import _free_name, write_registry

    original = ("# header comment\n# second line\n\ndocuments:\n  # a note inside the list\n"
                "  - file: a.txt\n    title: Ａ\n    kind: text  # inline note\n")
    reg = tmp_path / "registry.yaml"
    reg.write_text(original, encoding="utf-8")
    write_registry(tmp_path, add=[{"file": "b.pdf", "title": "竹の計画", "kind": "pdf"}])
    text = reg.read_text(encoding="utf-8")
    assert text.startswith(original) and "# inline note" in text
    assert [e["file"] for e in yaml.safe_load(text)["documents"]] == ["a.txt", "b.pdf"]
    write_registry(tmp_path, remove=["b.pdf"])
    assert reg.read_text(encoding="utf-8") == original
    # a layout the in-place edit does not handle is rewritten below the same comment header
    reg.write_text("# kept\ndocuments: [{file: a.txt, title: A, kind: text}]\n", encoding="utf-8")
    write_registry(tmp_path, add=[{"file": "c.md", "title": "C", "kind": "text"}])
    text = reg.read_text(encoding="utf-8")
    assert text.startswith("# kept\n") and [e["file"] for e in yaml.safe_load(text)["documents"]] == ["a.txt", "c.md"]
    # no registry yet: one is created with the documented header
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    write_registry(fresh, add=[{"file": "d.pdf", "title": "D", "kind": "pdf"}])
    assert (fresh / "registry.yaml").read_text(encoding="utf-8").startswith("# The documents")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    (tmp_path / "plan.pdf").write_bytes(b"%PDF")
    assert _free_name(tmp_path, "plan.pdf", set()) == "plan-2.pdf"
    assert _free_name(tmp_path, "other.pdf", {"other.pdf"}) == "other-2.pdf"


# ---- adding, asking, bad input, removing (a private index) -------------------------------------
@pytest.fixture(scope="module")
def workspace(tmp_path_factory, embedding_cache):
    return make_workspace(tmp_path_factory.mktemp("ingest"), embedding_cache)


@pytest.fixture(scope="module")
def added(workspace, plan_pdf):
    from assistant.service import Assistant

    a = Assistant(workspace)
    stages = []
    docs = a.add_documents([plan_pdf], progress=lambda stage, done, total: stages.append(stage))
    return a, docs, stages


def test_add_copies_registers_and_indexes(workspace, added, plan_pdf):
    a, docs, stages = added
    assert [d.file for d in docs] == ["take_plan.pdf"] and docs[0].title == META_TITLE
    target = Path(workspace.docs_dir) / "take_plan.pdf"
    assert target.read_bytes() == plan_pdf.read_bytes()
    registry = (Path(workspace.docs_dir) / "registry.yaml").read_text(encoding="utf-8")
    original = (DOCS / "registry.yaml").read_text(encoding="utf-8")
    assert registry.startswith(original.split("documents:")[0])  # the comment header is kept
    assert "file: take_plan.pdf" in registry and META_TITLE in registry
    assert not [p for p in Path(workspace.docs_dir).iterdir() if p.name.startswith(".")]
    assert "embed" in stages and "check" in stages
    assert {s.doc for s in a.sheets()} >= {"take_plan.pdf", "002_dc7e15a85d2a7a74.txt"}
    assert a.status()["index"]["documents"][-1] == "take_plan.pdf"


def _pdf_citations(answer):
    return [c for c in answer.citations if c.doc == "take_plan.pdf"]


def _check_page_true(a, plan_pdf, citations):
    sheets = a.sheet_map
    for c in citations:
        assert quote_in_sheet(c.quote, sheets[c.sheet_id]), c
        assert norm(c.quote) in norm(page_text(plan_pdf, c.page)), (c.page, c.quote)


def test_quote_on_the_second_page_cites_the_second_page(added, plan_pdf):
    a, _, _ = added
    answer = a.ask("竹繊維複合材の回収率の目標は？")
    cites = _pdf_citations(answer)
    assert not answer.abstained and cites
    target = [c for c in cites if "7割" in c.quote]
    assert target and target[0].page == 3 and target[0].field == "目指す姿／取組指標"
    assert target[0].quote == P3_QUOTE
    _check_page_true(a, plan_pdf, cites)


def test_quote_on_the_first_page_cites_the_first_page(added, plan_pdf):
    a, _, _ = added
    answer = a.ask("竹繊維複合材の再資源化実証の予算は？")
    cites = [c for c in _pdf_citations(answer) if "12億円" in c.quote]
    assert cites and cites[0].page == 2 and cites[0].title == MEASURE_TITLE
    _check_page_true(a, plan_pdf, _pdf_citations(answer))


def test_stated_ministry_from_the_header_line(added, plan_pdf):
    a, _, _ = added
    sheet = next(s for s in a.sheets() if s.doc == "take_plan.pdf" and s.title == MEASURE_TITLE)
    assert sheet.stated == ["経済産業省", "環境省"] and sheet.page == 2
    answer = a.ask("竹繊維複合材の再資源化実証の所管省庁は？")
    assert "経済産業省" in answer.answer and "環境省" in answer.answer
    _check_page_true(a, plan_pdf, _pdf_citations(answer))


def test_headers_and_footers_absent_from_indexed_sheets(added):
    a, _, _ = added
    for s in a.sheets():
        if s.doc == "take_plan.pdf":
            assert RUNNING_HEADER not in s.text and RUNNING_FOOTER not in s.text
            assert len(s.line_pages) == len(s.text.splitlines())


def _bad_inputs(src: Path, plan_pdf: Path) -> dict[str, tuple[Path, str]]:
    return {
        "encrypted": (make_pdf(src / "locked.pdf", PLAN_PAGES[:1], user_password="secret"), "encrypted"),
        "scanned": (make_pdf(src / "scan.pdf", [[], []], header=None, footer=None, page_numbers=False,
                             scanned=True), "no text layer"),
        "scanned_with_page_numbers": (make_pdf(src / "scan2.pdf", [[], [], []], header=None, footer=None,
                                               scanned=True), "no text"),
        "empty": (_write(src / "empty.pdf", b""), "empty"),
        "empty_text": (_write(src / "empty.txt", b""), "empty"),
        "duplicate": (_copy(plan_pdf, src / "same_content_other_name.pdf"), "already present"),
        "duplicate_text": (_copy(DOCS / "002_dc7e15a85d2a7a74.txt", src / "copy.md"), "already present"),
        "docx": (_write(src / "plan.docx", b"PK\x03\x04 not really"), "not supported"),
        "xlsx": (_write(src / "table.xlsx", b"PK\x03\x04 not really"), "not supported"),
        "exe": (_write(src / "setup.exe", b"MZ\x90\x00"), "not supported"),
        "missing": (src / "nowhere.pdf", "no such file"),
        "not_a_pdf": (_write(src / "fake.pdf", "これはPDFではない".encode()), "not a PDF"),
        "not_utf8": (_write(src / "sjis.txt", "循環経済の計画".encode("shift_jis")), "UTF-8"),
    }


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _copy(src: Path, dst: Path) -> Path:
    shutil.copy(src, dst)
    return dst


BAD = ["encrypted", "scanned", "scanned_with_page_numbers", "empty", "empty_text", "duplicate",
       "duplicate_text", "docx", "xlsx", "exe", "missing", "not_a_pdf", "not_utf8"]


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_refused_and_nothing_changes(added, workspace, plan_pdf, tmp_path, case):
    a, _, _ = added
    path, message = _bad_inputs(tmp_path, plan_pdf)[case]
    before = snapshot(workspace)
    sheets_before = [s.id for s in a.sheets()]
    with pytest.raises(DocumentError) as err:
        a.add_documents([path])
    assert path.name in str(err.value) and message in str(err.value), str(err.value)
    assert snapshot(workspace) == before
    assert [s.id for s in a.sheets()] == sheets_before


def test_one_bad_file_stops_the_whole_batch(added, workspace, tmp_path):
    good = make_pdf(tmp_path / "good.pdf", [["別の計画", "竹以外の資源についての記載。"]])
    before = snapshot(workspace)
    with pytest.raises(DocumentError, match="nowhere.txt"):
        added[0].add_documents([good, tmp_path / "nowhere.txt"])
    assert snapshot(workspace) == before


def test_remove_takes_the_document_out(added, workspace):
    a, _, _ = added
    with pytest.raises(DocumentError, match="no such document"):
        a.remove_document("nothing.pdf")
    removed = a.remove_document("take_plan.pdf")
    assert removed.file == "take_plan.pdf"
    assert not (Path(workspace.docs_dir) / "take_plan.pdf").exists()
    registry = (Path(workspace.docs_dir) / "registry.yaml").read_text(encoding="utf-8")
    assert registry == (DOCS / "registry.yaml").read_text(encoding="utf-8")
    assert not [s for s in a.sheets() if s.doc == "take_plan.pdf"]
    assert "take_plan.pdf" not in a.status()["index"]["documents"]
    answer = a.ask("竹繊維複合材の回収率の目標は？")
    assert not _pdf_citations(answer)


# ---- the CLI -------------------------------------------------------------------------------------
@pytest.mark.slow
def test_cli_add_and_remove(tmp_path, plan_pdf, embedding_cache):
    settings = make_workspace(tmp_path, embedding_cache)
    env = guarded_env({**os.environ, "ASSISTANT_DOCS_DIR": str(settings.docs_dir),
                       "ASSISTANT_INDEX_DIR": str(settings.index_dir)})
    note = tmp_path / "memo.md"
    note.write_text("# 竹炭の活用メモ\n\n竹炭を土壌改良材として使う試験を行う。\n", encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True,
                              cwd=ROOT, env=env, timeout=600)

    proc = run("add", "--json", str(plan_pdf), str(note))
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(o["file"], o["title"]) for o in out] == [("take_plan.pdf", META_TITLE), ("memo.md", "竹炭の活用メモ")]
    assert "embed" in proc.stderr  # progress on stderr
    proc = run("ask", "--json", "竹繊維複合材の回収率の目標は？")
    cites = [c for c in json.loads(proc.stdout)["citations"] if c["doc"] == "take_plan.pdf"]
    assert any(c["page"] == 3 and "7割" in c["quote"] for c in cites), proc.stdout
    proc = run("add", str(tmp_path / "missing.pdf"))
    assert proc.returncode == 2 and "missing.pdf" in proc.stderr and "no such file" in proc.stderr
    proc = run("remove", "memo.md")
    assert proc.returncode == 0, proc.stderr
    assert "memo.md" in proc.stdout
    assert not (Path(settings.docs_dir) / "memo.md").exists()
    proc = run("sheets", "--json")
    docs = {s["doc"] for s in json.loads(proc.stdout)}
    assert "memo.md" not in docs and "take_plan.pdf" in docs
