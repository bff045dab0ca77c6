"""The web app in a real browser: Debian's headless chromium driven by Playwright (never
`playwright install`). Screenshots go to test-artifacts/. Every request the page makes to anything
but the app is blocked and recorded, so the test also shows that the page phones nowhere."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.ui.test_ui import J4CE, shared_server

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
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
def page(request, browser):
    app = shared_server(request.config)
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
    evil = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">J4CEの創設団体は？"
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


def test_status_tab(page):
    page.get_by_role("tab", name="状態").click()
    status = page.locator("#status")
    status.get_by_text("回答モード").wait_for()
    assert "シート数" in status.inner_text() and "埋め込みモデル" in status.inner_text()
    shot(page, "05-status")


def test_export_offers_markdown_and_word(page):
    ask(page, J4CE, 1)
    page.locator("#export").click()
    files = page.locator("#briefing-files")
    files.get_by_text(".md").first.wait_for()
    assert files.get_by_text(".docx").count() >= 1
    shot(page, "06-briefing-files")


def test_rebuild_shows_progress_and_result(page):
    page.get_by_role("tab", name="状態").click()
    page.locator("#status").get_by_text("回答モード").wait_for()
    page.locator("#rebuild").click()
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
    button = page.locator("#ask-alone")
    button.wait_for(state="visible")
    shot(page, "08-follow-up-read")
    button.click()
    button.wait_for(state="hidden")
    page.wait_for_function("(() => !document.querySelector('#chat').innerText.includes('前の質問の『'))()")
    shot(page, "09-asked-alone")
