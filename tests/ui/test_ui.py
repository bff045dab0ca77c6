"""The web app, end to end: `python app.py` started in a subprocess on a free loopback port (the
session's `app`, tests/conftest.py), driven with gradio_client (plus fast unit tests of the rendering
and launch helpers; the briefing export is tests/test_briefing.py)."""
from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.helpers import DOCS, ROOT, guarded_env
from tests.helpers.app import J4CE, SOLAR, Server, free_port
from tests.helpers.app import client as new_client

PY = sys.executable


@pytest.fixture(scope="session")
def client(app, tmp_path_factory):
    return new_client(app.url, tmp_path_factory.mktemp("ui-dl"))


# ---- API ---------------------------------------------------------------------------------------
def test_api_lists_the_endpoints(client):
    names = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert {"/ask", "/sheet", "/chat", "/briefing"} <= set(names)


def test_ask_returns_the_cli_json(client):
    r = client.predict(J4CE, api_name="/ask")
    assert set(r) >= {"id", "question", "answer", "abstained", "citations", "retrieved", "timings_ms", "kind",
                      "topic", "mode", "notices"}
    assert r["question"] == J4CE and not r["abstained"]
    assert "経団連" in r["answer"]
    assert r["citations"], r
    c = r["citations"][0]
    assert set(c) == {"n", "sheet_id", "doc", "title", "section", "page", "field", "quote"}
    assert "[1]" in r["answer"]


def test_ask_takes_history_as_list_or_json(client):
    a = client.predict(SOLAR, [J4CE], "q2", api_name="/ask")
    b = client.predict(SOLAR, json.dumps([J4CE], ensure_ascii=False), api_name="/ask")
    assert a["id"] == "q2" and a["citations"] and b["citations"]
    assert "221" in a["answer"]  # 第221回国会に法案を提出


def test_empty_question_is_an_error(client):
    with pytest.raises(Exception) as err:
        client.predict("   ", api_name="/ask")
    assert "question" in str(err.value).lower() or "質問" in str(err.value)


def test_sheet_by_id_holds_the_quote(client):
    from assistant.text.normalize import norm

    c = client.predict(J4CE, api_name="/ask")["citations"][0]
    sheet = client.predict(c["sheet_id"], api_name="/sheet")
    assert sheet["id"] == c["sheet_id"] and sheet["title"] == c["title"]
    assert norm(c["quote"]) in norm(sheet["text"])
    assert {"stated", "mentioned"} == set(sheet["ministry"])
    with pytest.raises(Exception, match="シートはありません"):
        client.predict("nope:0000", api_name="/sheet")


def test_chat_then_briefing_markdown_and_docx(app, tmp_path):
    cl = new_client(app.url, tmp_path)
    out1 = cl.predict(J4CE, api_name="/chat")
    out2 = cl.predict(SOLAR, api_name="/chat")
    box, chat, sources = out2
    assert box == "" and len(chat) == 4
    assert "src-card" in sources and "src-2-1" in sources and "<mark>" in sources
    assert "経団連" in json.dumps(out1[1], ensure_ascii=False)
    # by default only the last answer goes into the briefing
    last = cl.predict([], api_name="/briefing")
    md_last = next(Path(f) for f in last if str(f).endswith(".md")).read_text(encoding="utf-8")
    assert SOLAR in md_last and J4CE not in md_last
    files = cl.predict([f"Q1. {J4CE[:40]}", f"Q2. {SOLAR[:40]}"], api_name="/briefing")
    md_path = next(Path(f) for f in files if str(f).endswith(".md"))
    docx_path = next(Path(f) for f in files if str(f).endswith(".docx"))
    md = md_path.read_text(encoding="utf-8")
    answer = cl.predict(J4CE, api_name="/ask")
    assert J4CE in md and SOLAR in md
    assert html.escape(answer["citations"][0]["quote"], quote=False) in md
    assert "経団連" in md and "出典[1]" in md
    assert "\n- " in md and not any(line.startswith("- - ") for line in md.splitlines())

    from docx import Document
    from docx.shared import Mm

    doc = Document(str(docx_path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert J4CE in text and "経団連" in text and answer["citations"][0]["quote"] in text
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)  # A4
    assert doc.core_properties.author != "python-docx"
    styles = {p.style.name for p in doc.paragraphs}
    assert {"List Bullet", "List Bullet 2"} <= styles
    assert not any(p.text.startswith("- ") for p in doc.paragraphs)


def test_chat_streams_the_answer_in_pieces(app, tmp_path):
    job = new_client(app.url, tmp_path).submit("e-scrapを対象とする施策は？", api_name="/chat")
    final = job.result(timeout=120)
    outputs = job.outputs()
    assert len(outputs) >= 4, "expected a placeholder, several growing pieces and the final answer"
    texts = [json.dumps(o[1][-1], ensure_ascii=False) for o in outputs]
    assert "文書を検索しています" in texts[0]
    assert any("▌" in t for t in texts[1:-1]) and "▌" not in json.dumps(final[1], ensure_ascii=False)
    assert "src-card" in final[2]


def test_conversation_is_kept_per_session(app, tmp_path):
    a, b = new_client(app.url, tmp_path / "a"), new_client(app.url, tmp_path / "b")
    a.predict(J4CE, api_name="/chat")
    _, chat_b, _ = b.predict(SOLAR, api_name="/chat")
    assert len(chat_b) == 2  # b does not see a's turn
    _, chat_a, sources_a = a.predict(SOLAR, api_name="/chat")
    assert len(chat_a) == 4 and "Q2." in sources_a


def test_chat_escapes_user_and_document_text(app, tmp_path):
    cl = new_client(app.url, tmp_path)
    _, chat, sources = cl.predict('<script>window.__xss=1</script><img src=x onerror="alert(1)"> J4CEを発足させた組織は？',
                                  api_name="/chat")
    shown = json.dumps(chat, ensure_ascii=False)
    assert "<script>" not in shown and "<img" not in shown
    assert "&lt;script&gt;" in shown
    assert "<script" not in sources and "<img" not in sources


# ---- launch safety -----------------------------------------------------------------------------
def _run_app(args, env_extra, timeout=90):
    env = guarded_env({k: v for k, v in os.environ.items()
                       if k not in ("ASSISTANT_AUTH", "ASSISTANT_HOST", "ASSISTANT_PORT")})
    env.update(env_extra)
    return subprocess.run([PY, "app.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def test_non_loopback_without_auth_refuses_to_start():
    r = _run_app(["--host", "0.0.0.0", "--port", str(free_port())], {})
    assert r.returncode == 2
    assert "refusing to listen on 0.0.0.0" in r.stderr and "ASSISTANT_AUTH" in r.stderr


def test_non_loopback_from_env_refuses_too():
    r = _run_app([], {"ASSISTANT_HOST": "192.0.2.10", "ASSISTANT_PORT": str(free_port())})
    assert r.returncode == 2 and "ASSISTANT_AUTH" in r.stderr


def test_malformed_auth_refuses_to_start():
    r = _run_app(["--port", str(free_port())], {"ASSISTANT_AUTH": "no-password-here"})
    assert r.returncode == 2 and "user:password" in r.stderr


def test_auth_from_environment_rejects_anonymous_requests(app, tmp_path):
    from gradio_client import Client
    from gradio_client.exceptions import AuthenticationError

    server = Server(app.index_dir, tmp_path / "auth.log",
                    {"ASSISTANT_AUTH": "analyst:s3cret:pw,second:other"}, ["--no-warmup"]).wait()
    try:
        assert httpx.get(server.url + "config", timeout=10).status_code == 401
        r = httpx.post(server.url + "gradio_api/call/sheet", json={"data": ["x"]}, timeout=10)
        assert r.status_code == 401
        with pytest.raises(AuthenticationError):
            Client(server.url, verbose=False, analytics_enabled=False)
        with pytest.raises(ValueError, match="Could not login"):
            Client(server.url, auth=("analyst", "wrong"), verbose=False, analytics_enabled=False)
        ok = Client(server.url, auth=("analyst", "s3cret:pw"), verbose=False, analytics_enabled=False, download_files=str(tmp_path))
        sheets = ok.view_api(print_info=False, return_format="dict")["named_endpoints"]
        assert "/sheet" in sheets
    finally:
        server.stop()


# ---- unit: launch options, rendering, export ---------------------------------------------------
def test_launch_options_are_safe():
    from assistant.ui import launch as ul

    assert os.environ.get("GRADIO_ANALYTICS_ENABLED") == "False"
    opts = ul.launch_options(ul.parse_args([]), environ={})
    assert opts["server_name"] == "127.0.0.1" and opts["server_port"] == 7860
    assert opts["share"] is False and opts["auth"] is None and opts["ssr_mode"] is False
    for host in ("localhost", "127.0.0.2", "::1"):
        assert ul.is_loopback(host)
    for host in ("0.0.0.0", "192.168.1.5", "example.org", "::"):
        assert not ul.is_loopback(host)
    with pytest.raises(ul.LaunchRefused):
        ul.launch_options(ul.parse_args(["--host", "0.0.0.0"]), environ={})
    opts = ul.launch_options(ul.parse_args(["--host", "0.0.0.0"]), environ={"ASSISTANT_AUTH": "u:p,v:a:b"})
    assert opts["auth"] == [("u", "p"), ("v", "a:b")]
    assert ul.launch_options(ul.parse_args(["--host", "0.0.0.0", "--insecure"]), environ={})["auth"] is None
    for bad in ("user", "user:", ":pw", "u:p,"):
        with pytest.raises(ul.LaunchRefused):
            ul.parse_auth(bad)


def test_rendering_escapes_and_links_markers():
    from assistant.ui.render import answer_markdown, highlight, md_text

    md = answer_markdown("<b>x</b> ![i](http://e/x.png) 環境省 [1]\n- 次 [2]", 3)
    assert "<b>" not in md and "&lt;b&gt;" in md and "\\!\\[i\\]" in md
    assert '<a class="cite" href="#src-3-1"' in md and 'href="#src-3-2"' in md
    assert md_text("<script>") == "&lt;script&gt;"
    assert highlight("前文 創設団体 : 環境省、経団連 <x>", ["創設団体:環境省、経団連"]) == \
        "前文 <mark>創設団体 : 環境省、経団連</mark> &lt;x&gt;"
    assert highlight("<b>", ["not there"]) == "&lt;b&gt;"


def test_a_line_after_a_bullet_that_is_none_starts_its_own_paragraph():
    # a second part's 「…」より: under the first part's last bullet was shown as that bullet's continuation
    from assistant.ui.render import answer_markdown

    md = answer_markdown("① 目標: 10% [1]\n「A」より:\n- 一 [1]\n「B」より:\n- 二 [2]", 1)
    assert "\n\n「B」より:\n- 二" in md and md.startswith("① 目標") and "\n「A」より:\n- 一" in md


def test_source_cards_and_sheet_view_escape_document_text(catalog):
    from assistant.models import Mention
    from assistant.ui.render import sheet_html, sources_html

    sheet = catalog.sheets[0]
    evil = type(sheet)(**{**sheet.__dict__, "title": "<img src=x onerror=alert(1)>", "text": "<script>x</script>本文",
                          "mentioned": [Mention("環境省", '"><script>')]})
    turns = [{"question": "<script>q</script>", "answer": {"citations": [
        {"n": 1, "sheet_id": evil.id, "doc": evil.doc, "title": evil.title, "section": evil.section,
         "page": evil.page, "field": "概要", "quote": "本文"}]}}]
    out = sources_html(turns, lambda _id: evil) + sheet_html(evil)
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;q&lt;/script&gt;" in out and "<mark>本文</mark>" in out and 'id="src-1-1"' in out


def test_status_panel_speaks_to_staff_and_folds_the_details():
    from types import SimpleNamespace

    from assistant.ui.render import built_at_jst, status_html

    status = {"mode": "llm", "llm_model": "gpt-x", "index": {"built_at": "2026-01-01T00:00:00+0000",
                                                            "documents": ["a.txt"], "sheets": 3, "chunks": 9,
                                                            "embedding_model": "e5"}}
    settings = SimpleNamespace(llm_base_url="http://u:secret@127.0.0.1:8000/v1?k=1", embedding_query_prefix="query: ",
                               embedding_passage_prefix="passage: ", chunk_tokens=200, indicator_join_threshold=0.9)
    out = status_html(status, settings, {"a.txt": "文書<A>"}, {"a.txt": 3}, {"rows": 5, "joined": 2})
    head, details = out.split("<details", 1)
    assert "2026年1月1日 09:00（日本時間）" in head and "文書&lt;A&gt;（3 シート）" in head
    assert "<b>シート数</b>: 3" in head and "<b>指標数</b>: 5" in head and "LLM</b>: 設定あり" in head
    assert "e5" not in head and "gpt-x" in details and "e5" in details and "passage: " in details
    assert "127.0.0.1:8000/v1" in details and "secret" not in out
    offline = status_html({"mode": "offline", "index": {}})
    assert "設定なし" in offline and "未作成" in offline
    assert built_at_jst("2026-12-02T02:38:16+0000") == "2026年12月2日 11:38（日本時間）"


def test_inspection_cards_say_the_document_has_no_page_numbers(catalog):
    from assistant.ui.render import page_label, sheet_html

    section = next(s for s in catalog.sheets if s.kind == "inspection" and s.page is None)
    assert "頁番号なし" in sheet_html(section) and "頁不明" not in sheet_html(section)
    assert page_label(None, "measure") == "頁不明" and page_label(4) == "p.4"


def test_only_named_admins_may_rebuild_when_the_app_has_users():
    from assistant.ui.launch import may_rebuild

    assert may_rebuild(None, "")  # no authentication: the local user
    assert may_rebuild("boss", "boss, other") and not may_rebuild("staff", "boss,other")
    assert not may_rebuild("staff", "")


def test_keyword_search_takes_several_words_and_glossary_equivalents(catalog):
    from assistant.text.glossary import Glossary
    from assistant.ui.search import sheet_search

    search = sheet_search(catalog.sheets, Glossary.of_sheets(catalog.sheets, DOCS))

    def titles(query):
        return [catalog.sheets[f.index].title for f in search.find(query)]

    assert titles("CEポート") == ["循環経済拠点港湾（サーキュラーエコノミーポート）の選定・整備"]
    assert titles("e-scrap 銅") == ["国産電解銅の再生原料比率の向上に向けたe-scrap等の処理量増加"]
    assert len(titles("リユース")) > len(titles("リユース 市場規模")) > 0


def test_ministry_filter_lists_ministries_only(catalog):
    from assistant.ui.catalog import ministries as _ministries

    j4ce = next(s for s in catalog.sheets if "創設団体 : 環境省、経済産業省、経団連" in s.text)
    assert "経団連" in j4ce.stated and _ministries(j4ce) == ["環境省", "経済産業省"]


def test_indicator_tab_rows_cards_and_chart(assistant):
    from assistant.ui import indicators as iu

    table = assistant.indicators
    search = iu.search(table)
    rows = iu.filtered(table, iu.ALL, iu.ALL, iu.ALL, "リユース 市場規模", search)
    assert rows[0].name == "リユース市場規模"  # named by the query; rows that only mention both words follow
    cells = iu.row_cells(rows[0])
    assert cells[3].startswith("34,986億円") and cells[5].endswith("4.6兆円") and cells[6] == "点検資料・施策集"
    assert len(cells) == len(iu.HEADERS) and rows[0].id not in cells  # ids stay out of the table
    assert all(r.part == "Ⅲ-1" for r in iu.filtered(table, "Ⅲ-1", iu.ALL, iu.ALL, "", search))
    cards = iu.cards_html(rows[0], assistant.sheet_map.get)
    assert cards.count('class="src-card"') == 2 and "<mark>" in cards
    fig = iu.chart(table.rows)
    assert fig is not None and len(fig.axes[0].patches) == len(iu.comparable(table.rows)) >= 4
    assert iu.chart([r for r in table.rows if r.latest is None]) is None

