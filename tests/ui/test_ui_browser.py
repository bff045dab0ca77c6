"""The web app in a real browser: Debian's headless chromium driven by Playwright (never
`playwright install`). Screenshots go to test-artifacts/. Every request the page makes to anything
but the app is blocked and recorded, so the test also shows that the page phones nowhere."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.helpers import ROOT
from tests.helpers.app import J4CE, SOLAR, Server

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pings",
        "--disable-domain-reliability", "--disable-breakpad", "--disable-client-side-phishing-detection"]
TIMEOUT = 90_000  # ms; the first question may wait for the index to open

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium (/usr/bin/chromium) is not "
                                 "installed: apt-get install -y chromium (scripts/test.sh does this)")]


@pytest.fixture(scope="module")
def browser():
    os.environ.setdefault("PLAYWRIGHT_BROWSERS_PATH", "0")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(app, browser):
    host = urlparse(app.url).netloc
    blocked: list[str] = []
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ja-JP")

    def guard(route):
        url = route.request.url
        if urlparse(url).netloc == host or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    ctx.route("**/*", guard)
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT)
    pg.goto(app.url)
    pg.get_by_text("循環経済行動計画 Q&A").first.wait_for()
    yield pg
    ctx.close()
    assert not blocked, f"the page tried to reach outside the app: {blocked}"


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def ask(pg, question: str, turn: int) -> None:
    box = pg.locator("#question textarea")
    box.fill(question)
    pg.locator("#send").click()
    # the answer is final once the source panel holds this turn's cards (or its empty note)
    pg.locator(f"#sources #turn-{turn}").wait_for()
    pg.locator("#chat .message-row, #chat [data-testid='bot']").last.wait_for()


def test_ask_shows_answer_and_source_cards(page):
    shot(page, "01-home")
    assert page.title() == "循環経済行動計画 Q&A"
    page.get_by_text("質問の例").first.wait_for()  # rendered after the title on a busy machine
    assert page.get_by_text("質問の例").count() >= 1
    ask(page, J4CE, 1)
    chat = page.locator("#chat")
    chat.get_by_text("経団連").first.wait_for()
    cards = page.locator("#sources .src-card")
    assert cards.count() >= 1
    first = cards.first
    assert "創設団体" in first.inner_text() and "p." in first.inner_text()
    # the [1] marker is a link to its card; clicking it keeps us on the page and shows the card
    marker = chat.locator("a.cite").first
    assert marker.get_attribute("href") == "#src-1-1"
    marker.click()
    page.locator("#src-1-1.flash").wait_for(state="visible")  # scrolled to and flashed
    assert "#" not in page.url  # handled in the page, no navigation
    # the full sheet text on demand, quote highlighted
    first.locator("summary").click()
    mark = first.locator(".sheet-text mark").first
    mark.wait_for(state="visible")
    assert "経団連" in mark.inner_text()
    shot(page, "02-answer-with-sources")


def test_script_in_question_is_shown_as_text(page):
    evil = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">J4CEを発足させた組織は？"
    ask(page, evil, 1)  # waits until the answer (cited, or an abstention with nearby sheets) is final
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#chat").get_by_text("<script>window.__xss=1</script>", exact=False).count() >= 1
    assert page.locator("#chat img[src='x']").count() == 0
    assert "<script>window.__xss=1</script>" in page.locator("#sources").inner_text()
    shot(page, "03-xss-as-text")


def test_sheet_browser_tab(page):
    page.get_by_role("tab", name="施策一覧").click()
    table = page.locator("#sheet-table")
    table.locator("[role=row]").nth(3).wait_for()  # the table is virtualized: only visible rows exist
    count = page.locator("#sheet-count").inner_text()
    assert count.startswith(count.split("全 ")[-1].split(" ")[0])  # "72 件 / 全 72 件": nothing filtered
    page.locator("#sheet-search textarea, #sheet-search input").first.fill("J4CE")
    page.wait_for_function("(() => { const m = document.querySelector('#sheet-count').innerText"
                           ".match(/(\\d+) 件 \\/ 全 (\\d+)/); return m && +m[1] > 0 && +m[1] < +m[2]; })()")
    table.get_by_text("循環経済に関する日本の取組事例").filter(visible=True).first.click()
    view = page.locator("#sheet-view .sheet-view")
    view.wait_for()
    assert "経団連" in view.inner_text()
    assert view.locator("mark").count() >= 1  # the search term is highlighted
    shot(page, "04-sheet-browser")


def _count(page, elem: str) -> tuple[int, int]:
    import re

    m = re.search(r"(\d+) 件 / 全 (\d+)", page.locator(elem).inner_text())
    return int(m.group(1)), int(m.group(2))


FILTERED = ("(sel) => { const m = document.querySelector(sel).innerText.match(/(\\d+) 件 \\/ 全 (\\d+)/);"
            " return m && +m[1] < +m[2]; }")


def _search(page, elem: str, counter: str, text: str, table: str, expect: str, gone: str = "") -> None:
    """Type a search and wait until the table is filtered: `expect` is in it (and `gone` is not)."""
    page.locator(f"{elem} textarea, {elem} input").first.fill(text)
    page.wait_for_function(FILTERED, arg=counter)
    page.locator(table).get_by_text(expect).filter(visible=True).first.wait_for()
    if gone:
        page.locator(table).get_by_text(gone).first.wait_for(state="detached")


def test_sheet_search_words_glossary_and_ministries(page):
    page.get_by_role("tab", name="施策一覧").click()
    page.locator("#sheet-table [role=row]").nth(3).wait_for()
    # the glossary's サーキュラーエコノミーポート
    _search(page, "#sheet-search", "#sheet-count", "CEポート", "#sheet-table", "サーキュラーエコノミーポート")
    assert _count(page, "#sheet-count")[0] == 1
    # every word must match
    _search(page, "#sheet-search", "#sheet-count", "e-scrap 銅", "#sheet-table", "国産電解銅", "サーキュラーエコノミーポート")
    assert _count(page, "#sheet-count")[0] == 1
    # the ministry filter lists 府省庁, not organisations such as 経団連
    page.get_by_label("府省庁").click()
    options = page.locator("[role=listbox] [role=option]")
    options.first.wait_for()
    listed = options.all_inner_texts()
    assert "環境省" in listed and "経団連" not in listed
    shot(page, "04b-sheet-search")


def test_indicator_tab_table_chart_and_sources(page):
    page.get_by_role("tab", name="指標").click()
    table = page.locator("#indicator-table")
    table.locator("[role=row]").nth(3).wait_for()
    shown, total = _count(page, "#indicator-count")
    assert shown == total > 20
    chart = page.locator("#indicator-chart")
    chart.locator("img, svg, canvas").first.wait_for()  # the latest value against the target
    _search(page, "#indicator-search", "#indicator-count", "リユース", "#indicator-table", "リユース市場規模")
    table.get_by_text("リユース市場規模").filter(visible=True).first.click()
    cards = page.locator("#indicator-sources .src-card")
    cards.nth(1).wait_for()
    text = page.locator("#indicator-sources").inner_text()
    assert "34,986億円" in text and "4.6兆円" in text  # the 点検 row and the 施策集 KPI line, each in its sheet
    assert "頁番号なし" in text
    shot(page, "08-indicators")


def test_status_tab(page):
    page.get_by_role("tab", name="状態").click()
    status = page.locator("#status")
    status.get_by_text("インデックス作成日時").wait_for()
    shown = status.inner_text()
    assert "日本時間" in shown and "シート数" in shown and "指標数" in shown and "LLM" in shown
    assert "埋め込みモデル" not in shown  # the model and its settings are folded away
    status.locator("summary").click()
    status.get_by_text("埋め込みモデル").wait_for()
    shot(page, "05-status")


def test_export_offers_markdown_and_word(page):
    ask(page, J4CE, 1)
    page.locator("#export").click()
    files = page.locator("#briefing-files")
    files.get_by_text(".md").first.wait_for()
    assert files.get_by_text(".docx").count() >= 1
    shot(page, "06-briefing-files")


def test_rebuild_asks_first_then_shows_progress_and_result(page):
    page.get_by_role("tab", name="状態").click()
    page.locator("#status").get_by_text("インデックス作成日時").wait_for()
    page.locator("#rebuild").click()
    page.locator("#rebuild-cancel").click()  # nothing happens without the confirmation
    page.locator("#rebuild-confirm").wait_for(state="hidden")
    page.locator("#rebuild").click()
    page.locator("#rebuild-confirm").click()
    page.get_by_text("再構築しました").wait_for(timeout=300_000)
    assert "シート数" in page.locator("#status").inner_text()
    shot(page, "07-rebuilt")


def test_unrelated_questions_in_a_row_and_a_follow_up_read_aloud(page):
    """Staff ask unrelated questions one after another: none is read against the one before; a
    follow-up says how it was read, and one click asks it alone instead."""
    ask(page, "e-scrapを対象とする施策は？", 1)
    ask(page, J4CE, 2)
    chat = page.locator("#chat")
    chat.get_by_text("経団連").first.wait_for()
    assert chat.get_by_text("前の質問の『").count() == 0
    assert not page.locator("#ask-alone").is_visible()
    ask(page, "その参加企業・団体の数は？", 3)
    chat.get_by_text("前の質問の『").first.wait_for()
    # how each question was read, folded under its answer: opened, the follow-up says it continues
    readings = chat.locator("details:has(summary:has-text('質問の読み取り'))")
    assert readings.count() == 3
    readings.last.locator("summary").click()
    assert "前の質問の続き" in readings.last.inner_text()
    button = page.locator("#ask-alone")
    button.wait_for(state="visible")
    shot(page, "08-follow-up-read")
    button.click()
    button.wait_for(state="hidden")
    page.wait_for_function("(() => !document.querySelector('#chat').innerText.includes('前の質問の『'))()")
    shot(page, "09-asked-alone")


SAVED = "ce-plan-qa-conversation"  # assistant/ui/blocks.py SAVED_KEY: the browser's copy of the conversation


def _saved(page) -> int:
    """The size of the conversation the browser keeps (encrypted, so only its size is seen)."""
    return page.evaluate(f"() => (localStorage.getItem('{SAVED}') || '').length")


def test_search_finds_a_name_and_highlights_it_in_the_opened_sheet(page):
    """The full name of the port measure (formerly 18 sheets: any sheet with 循環経済) and its abbreviation
    each list the port sheet among a few; the opened sheet marks the words found, in the glossary's form."""
    page.get_by_role("tab", name="施策一覧").click()
    table = page.locator("#sheet-table")
    table.locator("[role=row]").nth(3).wait_for()
    headers = [h.strip() for h in table.locator("th").all_inner_texts()]
    assert "施策名" in headers and "ID" not in headers  # ids stay out of the table
    assert table.get_by_text("記載なし").count() >= 1  # the plan names no ministry in charge
    for name in ("サーキュラーエコノミーポート", "CEポート"):
        _search(page, "#sheet-search", "#sheet-count", name, "#sheet-table", "循環経済拠点港湾")
        assert 1 <= _count(page, "#sheet-count")[0] <= 3, name
    table.get_by_text("循環経済拠点港湾").filter(visible=True).first.click()
    view = page.locator("#sheet-view .sheet-view")
    view.locator("mark").first.wait_for()
    marks = set(view.locator("mark").all_inner_texts())
    assert {"サーキュラーエコノミーポート", "循環経済拠点港湾"} <= marks, marks  # typed CEポート
    assert view.get_attribute("data-sheet-id") not in view.inner_text()
    shot(page, "10-search-highlight")


def test_a_conversation_survives_a_reload_until_cleared(page):
    empty = _saved(page)
    ask(page, J4CE, 1)
    page.wait_for_function(f"() => (localStorage.getItem('{SAVED}') || '').length > {empty}", polling=250)
    page.reload()
    page.locator("#sources #turn-1").wait_for()  # the source cards are back
    chat = page.locator("#chat")
    chat.get_by_text(J4CE).first.wait_for()
    assert chat.get_by_text("経団連").count() >= 1
    shot(page, "11-after-reload")
    page.locator("#clear").click()
    page.locator("#sources #turn-1").wait_for(state="detached")
    page.wait_for_function(f"() => (localStorage.getItem('{SAVED}') || '').length <= {empty}", polling=250)
    page.reload()
    page.get_by_text("循環経済行動計画 Q&A").first.wait_for()
    # a new question after the reload is the first of a new conversation: nothing came back
    ask(page, SOLAR, 1)
    assert page.locator("#sources .src-turn").count() == 1
    assert SOLAR in page.locator("#sources #turn-1 > summary").inner_text()
    assert page.locator("#chat").get_by_text(J4CE).count() == 0


class HeldLoads:
    """The page's load events (the saved conversation, the sheet table, the status) held back while
    `holding`: Playwright routes the queue's join requests."""

    def __init__(self, ctx, holding: bool = True):
        self.routes: list = []
        self.holding = holding
        ctx.route("**/queue/join*", self._route)

    def _route(self, route):
        if route.request.method == "POST" and self.holding:
            self.routes.append(route)
        else:
            route.continue_()

    def wait(self, pg, events: int = 3) -> None:
        """Until the page has sent its load events (once it is drawn: up to 30 s on a busy machine); what
        it sends next goes through."""
        for _ in range(600):
            if len(self.routes) >= events:
                break
            pg.wait_for_timeout(50)
        assert len(self.routes) >= events, f"{len(self.routes)} load events seen"
        self.holding = False

    def release(self) -> None:
        for route in self.routes:
            route.continue_()
        self.routes.clear()


def _held_page(app, browser, holding: bool = True):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ja-JP")
    held = HeldLoads(ctx, holding)
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT)
    pg.goto(app.url)
    pg.get_by_text("循環経済行動計画 Q&A").first.wait_for()
    return ctx, pg, held


def test_a_question_asked_before_the_page_finished_loading_keeps_its_answer(app, browser):
    """On a busy server the page's load events (the saved conversation, the sheet table, the status)
    can finish after the first question was answered; the conversation stays. The load events are
    held back here until the answer is shown, then let through."""
    ctx, pg, held = _held_page(app, browser)
    try:
        held.wait(pg)
        ask(pg, J4CE, 1)
        held.release()
        # the queue runs the load events first, then the next question: it is the second of the same
        # conversation, the first still answered beside it
        ask(pg, SOLAR, 2)
        assert pg.locator("#sources .src-turn").count() == 2
        assert pg.locator("#chat").get_by_text("経団連").count() >= 1
    finally:
        ctx.close()


def test_a_question_asked_while_a_kept_conversation_loads_follows_it(app, browser):
    """A reload on a busy server: a question sent before the kept conversation came back is answered
    and shown after it; the kept conversation is not lost, then or after the next reload."""
    ctx, pg, held = _held_page(app, browser, holding=False)
    try:
        empty = _saved(pg)
        ask(pg, J4CE, 1)
        pg.wait_for_function(f"() => (localStorage.getItem('{SAVED}') || '').length > {empty}", polling=250)
        held.holding = True
        pg.reload()
        pg.get_by_text("循環経済行動計画 Q&A").first.wait_for()
        held.wait(pg)
        ask(pg, SOLAR, 1)  # the page shows no conversation yet: this is its first turn
        held.release()
        pg.locator("#sources #turn-2").wait_for()  # the kept conversation came back before it
        assert SOLAR in pg.locator("#sources #turn-2 > summary").inner_text()
        assert J4CE in pg.locator("#sources #turn-1 > summary").inner_text()
        # the browser's copy is encrypted: a third question makes the last copy the whole conversation,
        # whichever of the two writes before it came last
        before = _saved(pg)
        ask(pg, "使用済紙おむつリサイクルの目標を教えて", 3)
        pg.wait_for_function(f"() => (localStorage.getItem('{SAVED}') || '').length > {before}", polling=250)
        pg.reload()
        pg.locator("#sources #turn-2").wait_for()  # the kept conversation and the question sent during the load
        assert J4CE in pg.locator("#sources #turn-1 > summary").inner_text()
        assert SOLAR in pg.locator("#sources #turn-2 > summary").inner_text()
    finally:
        ctx.close()


def test_an_example_is_sent_when_chosen(page):
    from assistant.ui.blocks import EXAMPLES

    founders = next(e for e in EXAMPLES if "循環経済パートナーシップ" in e)  # answered with its founders
    page.locator("#examples").get_by_text(founders).first.click()
    page.locator("#sources #turn-1").wait_for()  # answered, not only put in the box
    page.locator("#chat").get_by_text("経団連").first.wait_for()
    assert page.locator("#question textarea").input_value() == ""
    shot(page, "12-example-sent")


def test_a_toast_is_titled_in_japanese(page):
    page.locator("#send").click()  # nothing typed
    toast = page.locator("[data-testid='toast-body']").first
    toast.get_by_text("質問を入力してください").wait_for()
    title = toast.locator(".toast-title")
    # Gradio writes the level ("Warning") and ignores the title it is given: the app's CSS hides the
    # level and writes its title in its place
    assert title.evaluate("e => getComputedStyle(e, '::before').content") == '"注意"'
    assert title.evaluate("e => getComputedStyle(e).fontSize") == "0px"
    shot(page, "13-toast")


def _login(browser, url: str, user: str, password: str):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ja-JP")
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT)
    pg.goto(url)
    pg.locator("input[type=text], input:not([type])").first.fill(user)
    pg.locator("input[type=password]").first.fill(password)
    pg.locator("button[type=submit], button").filter(has_text="Login").or_(
        pg.locator("button").filter(has_text="ログイン")).first.click()
    pg.get_by_text("循環経済行動計画 Q&A").first.wait_for()
    return ctx, pg


def test_rebuild_is_for_admins_when_the_app_has_users(app, browser, tmp_path):
    server = Server(app.index_dir, tmp_path / "admins.log",
                    {"ASSISTANT_AUTH": "staff:pw-staff,boss:pw-boss", "ASSISTANT_ADMIN_USERS": "boss"},
                    ["--no-warmup"]).wait()
    try:
        for user, allowed in (("staff", False), ("boss", True)):
            ctx, pg = _login(browser, server.url, user, f"pw-{user}")
            pg.get_by_role("tab", name="状態").click()
            pg.locator("#status").get_by_text("インデックス作成日時").wait_for()
            pg.wait_for_timeout(500)  # the button's visibility comes with the status
            assert pg.locator("#rebuild").is_visible() == allowed, user
            ctx.close()
    finally:
        server.stop()
