"""The web UI (Gradio Blocks): chat with streamed, cited answers beside their source cards, the sheet
browser (施策一覧), the indicator table with its chart (指標), briefing export and the status panel. ``build_ui(assistant)`` returns the Blocks;
``app.py`` launches it with the options of ``assistant/ui/launch.py`` (safe defaults, queue sizes).

API endpoints (``gradio_client``): ``/ask`` (question, optional history list or JSON → the dict of
``ask --json``), ``/sheet`` (sheet id → ``Sheet.to_json()``), ``/chat`` and ``/briefing`` (the UI's own
chat turn and export; they keep the conversation per client session).

Safety: every string from a document or a user is escaped by ``assistant/ui/render.py`` before it
enters HTML or Markdown; the chatbot additionally sanitizes HTML and renders no LaTeX."""
from __future__ import annotations

import json
import logging
import tempfile
import time
from pathlib import Path

import gradio as gr  # the package (assistant/ui/__init__.py) turned its analytics off before this

from assistant.briefing import document_names, write_briefing
from assistant.errors import AssistantError
from assistant.text import japan_time
from assistant.ui import indicators as ind_ui
from assistant.ui.catalog import Catalog, ministries, names, sheet_cells, top_section
from assistant.ui.launch import may_rebuild
from assistant.ui.render import (
    answer_markdown,
    chat_messages,
    esc,
    md_text,
    reading_note,
    sheet_html,
    sources_html,
    status_html,
)
from assistant.ui.search import words
from assistant.ui.style import ERROR, WARNING

log = logging.getLogger(__name__)

TITLE = "循環経済行動計画 Q&A"
EXAMPLES = ["e-scrapを対象とする施策は？", "循環経済パートナーシップを立ち上げたのはどこ？", "太陽光パネルのリサイクル法案はいつ出す予定？",
            "経済産業省が所管する施策は？", "リユース市場規模の2030年度目標は？"]
HEADERS = ["章・節", "施策名", "頁", "所管（明記）", "言及された府省庁", "掲載数"]
ALL = "（すべて）"

SAVED_KEY = "ce-plan-qa-conversation"  # the browser's localStorage key of the kept conversation
SAVED_TURNS = 50  # how many turns the browser keeps (a few kB each)
HISTORY_FORM = "会話の履歴は、それまでの質問のリスト、またはその JSON で指定してください。"


def _error(message: str) -> gr.Error:
    """An error shown to the user as a toast titled in Japanese."""
    return gr.Error(message, title=ERROR)


def _parse_history(history) -> list[str]:
    if history is None or history == "":
        return []
    if isinstance(history, str):
        try:
            history = json.loads(history)
        except json.JSONDecodeError:
            raise _error(HISTORY_FORM) from None
    if not isinstance(history, list):
        raise _error(HISTORY_FORM)
    return [str(h) for h in history]


def _key(turn) -> str:
    """A turn's identity across the browser's storage and the server's state: its question and answer."""
    return json.dumps([turn.get("question"), turn.get("answer"), turn.get("error")], ensure_ascii=False,
                      sort_keys=True, default=str)


def _renders(turn, lookup) -> bool:
    """Whether a turn kept in the browser has the shape the chat and the source cards read."""
    if not isinstance(turn, dict) or not isinstance(turn.get("question"), str):
        return False
    answer = turn.get("answer")
    if answer is None:
        return isinstance(turn.get("error"), str)
    if not isinstance(answer, dict) or not isinstance(answer.get("answer", ""), str) \
            or not isinstance(answer.get("citations", []), list):
        return False
    try:
        chat_messages([turn])
        sources_html([turn], lookup)
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    return True


def _clicked(candidates: list, evt: gr.SelectData):
    """The item of a clicked table row, from (item, its cells) in the table's order: the one whose
    cells are the row's (the browser may have sorted the table), else the one at the row's position."""
    shown = [str(v) for v in (evt.row_value or [])]
    for item, cells in candidates:
        if [str(c) for c in cells] == shown:
            return item
    index = evt.index[0] if isinstance(evt.index, (list, tuple)) and evt.index else None
    return candidates[index][0] if isinstance(index, int) and 0 <= index < len(candidates) else None


def build_ui(assistant) -> gr.Blocks:
    """The whole app. Long on purpose: Gradio's Blocks context lays out the tabs and wires their events
    in one scope (the handlers close over the components they update); the logic lives in
    assistant/ui/render.py and the Assistant."""
    catalog = Catalog(assistant)

    # ---- chat ----------------------------------------------------------------------------------
    def respond(message, turns):
        """One chat turn. The chat is a view of ``turns`` (the per-tab state), so the API's /chat
        keeps its conversation per client session just as a browser tab does."""
        question = (message or "").strip()
        turns = list(turns or [])
        if not question:
            gr.Warning("質問を入力してください。", title=WARNING)
            yield message, chat_messages(turns), turns, gr.skip()
            return
        n = len(turns) + 1
        chat = chat_messages(turns) + [{"role": "user", "content": md_text(question)},
                                       {"role": "assistant", "content": "文書を検索しています…"}]
        yield "", chat, turns, gr.skip()
        history = [t["question"] for t in turns if "answer" in t]
        answer = None
        try:
            for event, value in assistant.ask_stream(question, history=history):
                if event == "answer":
                    answer = value
                    break
                chat[-1] = {"role": "assistant", "content": answer_markdown(value, n) + " ▌"}
                yield "", chat, turns, gr.skip()
        except AssistantError as exc:
            turns.append({"question": question, "error": str(exc)})
            yield "", chat_messages(turns), turns, gr.skip()
            return
        except Exception:
            log.exception("ask failed")
            turns.append({"question": question, "error": "内部エラーが発生しました。サーバーのログを確認してください。"})
            yield "", chat_messages(turns), turns, gr.skip()
            return
        turns.append({"question": question, "answer": answer.to_json()})
        yield "", chat_messages(turns), turns, sources_html(turns, catalog.get)

    def ask_alone(turns):
        """The last question asked again as a new question, without the conversation (for a
        follow-up read against the wrong topic); it replaces the last turn."""
        turns = list(turns or [])
        if not turns or "answer" not in turns[-1]:
            raise _error("聞き直す質問がありません。")
        question = turns.pop()["question"]
        try:
            answer = assistant.ask(question, history=[])
        except AssistantError as exc:
            raise _error(str(exc)) from None
        turns.append({"question": question, "answer": answer.to_json(), "alone": True})
        return chat_messages(turns), turns, sources_html(turns, catalog.get), gr.Button(visible=False)

    def alone_button(turns):
        last = (turns or [{}])[-1]
        return gr.Button(visible=bool("answer" in last and reading_note(last["answer"])))

    def clear():
        return [], [], sources_html([], catalog.get), None, gr.Column(visible=False), gr.Button(visible=False)

    def keep(turns):
        """The conversation as the browser keeps it (the last SAVED_TURNS turns)."""
        return list(turns or [])[-SAVED_TURNS:]

    def restore(saved, current):
        """The conversation the browser kept, shown again after a reload (a turn that does not render,
        e.g. one edited in the browser's storage, is left out). On a busy server the page's load events
        can finish after a first question was answered: that question and its answer follow the kept
        conversation, neither is lost."""
        turns = [t for t in (saved if isinstance(saved, list) else []) if _renders(t, catalog.get)]
        if not turns:
            # nothing kept: nothing is shown. (Events run side by side: a restore of an empty conversation
            # that read the state before a first answer was stored would otherwise write the page back empty.)
            return (gr.skip(),) * 6
        if current:
            asked = {_key(t) for t in current}
            earlier = [t for t in turns if _key(t) not in asked]
            if not earlier:
                return (gr.skip(),) * 6
            turns = earlier + list(current)
        # the browser's copy is written here, only when something was restored (a write after a restore that
        # changed nothing could put back a copy older than a first answer's)
        return (turns, chat_messages(turns), sources_html(turns, catalog.get), alone_button(turns),
                export_choices(turns), keep(turns))

    def export(turns, picked=None):
        """The chosen answers (by their Q numbers; default: the last one) as .md and .docx."""
        turns = list(turns or [])
        if not any("answer" in t for t in turns):
            raise _error("書き出す回答がありません。先に質問してください。")
        numbers = [int(str(p).split(".")[0].lstrip("Q")) for p in picked or [] if str(p).startswith("Q")]
        made = japan_time.now()
        stem = Path(tempfile.mkdtemp(prefix="briefing-")) / f"briefing-{made:%Y%m%d-%H%M%S}"
        names = document_names(assistant.settings.docs_dir, catalog.all())
        try:
            written = write_briefing(turns, names, md=stem.with_suffix(".md"), docx=stem.with_suffix(".docx"),
                                     picked=numbers or None, now=made)
        except AssistantError as exc:
            raise _error(str(exc)) from None
        return [str(p) for p in written]

    def export_choices(turns):
        """The answered questions to choose from, the last one chosen."""
        labels = [f"Q{i}. {t['question'][:40]}" for i, t in enumerate(turns or [], 1) if "answer" in t]
        return gr.Dropdown(choices=labels, value=labels[-1:])

    # ---- sheet browser -------------------------------------------------------------------------
    def filter_rows(query, doc, section, ministry):
        """The sheets under the filters, and the keyword search's finds among them, best first
        (assistant/ui/search.py); the table shows no ids, the state beside it keeps them, and the words
        to highlight, in the table's order."""
        import pandas as pd

        sheets = catalog.all()
        shown = [i for i, s in enumerate(sheets)
                 if (doc in (None, "", ALL) or s.doc_title == doc)
                 and (section in (None, "", ALL) or top_section(s.section) == section)
                 and (ministry in (None, "", ALL) or ministry in names(s))]
        note = ""
        if words(query or ""):
            found = catalog.search().find(query, among=shown)
            picked = [(sheets[f.index], list(f.marks)) for f in found]
            if found and found[0].score < 1:
                note = "（キーワードをすべて含むシートはないため、一部を含むシートを表示しています）"
        else:
            picked = [(sheets[i], []) for i in shown]
        frame = pd.DataFrame([sheet_cells(s) for s, _ in picked], columns=HEADERS)
        return (frame, f"{len(picked)} 件 / 全 {len(sheets)} 件{note}",
                [{"id": s.id, "marks": marks} for s, marks in picked])

    def load_all():
        sheets = catalog.all()
        docs = [ALL, *dict.fromkeys(s.doc_title for s in sheets)]
        sections = [ALL, *dict.fromkeys(top_section(s.section) for s in sheets)]
        names = [ALL, *sorted({n for s in sheets for n in ministries(s)})]
        table, count, rows = filter_rows("", ALL, ALL, ALL)
        return (gr.update(choices=docs, value=ALL), gr.update(choices=sections, value=ALL),
                gr.update(choices=names, value=ALL), table, count, rows)

    def open_row(rows, evt: gr.SelectData):
        """The clicked sheet in full, the words the search found in it highlighted."""
        candidates = [(r, sheet_cells(s)) for r in rows or [] if (s := catalog.get(r["id"])) is not None]
        row = _clicked(candidates, evt)
        return sheet_html(catalog.get(row["id"]) if row else None, row["marks"] if row else ())

    # ---- indicators ----------------------------------------------------------------------------
    def indicator_table():
        """The index's indicator table (the index is opened, or built, the first time it is asked for)."""
        return assistant.indicators

    def filter_indicators(query, part, doc, ministry):
        import pandas as pd

        table = indicator_table()
        search = catalog.indicator_search(table) if words(query or "") else None
        rows = ind_ui.filtered(table, part, doc, ministry, query or "", search)
        frame = pd.DataFrame([ind_ui.row_cells(r) for r in rows], columns=ind_ui.HEADERS)
        count = f"{len(rows)} 件 / 全 {len(table)} 件"
        return frame, count, ind_ui.chart(rows), [r.id for r in rows]

    def load_indicators():
        try:
            parts, docs, names = ind_ui.choices(indicator_table())
        except AssistantError as exc:
            raise _error(f"指標表を読み込めません: {exc}") from None
        frame, count, fig, ids = filter_indicators("", ALL, ALL, ALL)
        return (gr.update(choices=parts, value=ALL), gr.update(choices=docs, value=ALL),
                gr.update(choices=names, value=ALL), frame, count, fig, ids)

    def open_indicator(ids, evt: gr.SelectData):
        by_id = {r.id: r for r in indicator_table().rows}
        row = _clicked([(by_id[i], ind_ui.row_cells(by_id[i])) for i in ids or [] if i in by_id], evt)
        return ind_ui.cards_html(row, catalog.get)

    # ---- status --------------------------------------------------------------------------------
    def status_text():
        try:
            sheets = catalog.all()
            titles = {s.doc: s.doc_title for s in sheets}
            per_doc: dict[str, int] = {}
            for s in sheets:
                per_doc[s.doc] = per_doc.get(s.doc, 0) + 1
            return status_html(assistant.status(), assistant.settings, titles, per_doc,
                               assistant.indicators.counts() if assistant.is_open else None)
        except Exception as exc:  # the status panel must never break the page
            return f"<p>状態を取得できません: {esc(exc)}</p>"

    def admin(request: gr.Request | None) -> bool:
        return may_rebuild(getattr(request, "username", None), assistant.settings.admin_users)

    def show_status(request: gr.Request):
        """The panel, and the rebuild button only for those allowed to use it."""
        return status_text(), gr.Button(visible=admin(request))

    def ask_rebuild(request: gr.Request):
        if not admin(request):
            raise _error("インデックスの再構築は管理者だけが行えます（ASSISTANT_ADMIN_USERS）。")
        return gr.Row(visible=True)

    def rebuild(request: gr.Request, progress=gr.Progress()):  # noqa: B008 - how gradio injects a progress bar
        if not admin(request):  # checked again: the event can be called without the button
            raise _error("インデックスの再構築は管理者だけが行えます（ASSISTANT_ADMIN_USERS）。")

        def report(stage, done, total):
            progress((done, total) if total else None, desc=f"インデックス作成中: {stage}", unit="件")

        progress(0, desc="再構築を開始します")
        t = time.perf_counter()
        try:
            result = assistant.refresh(progress=report, force=True)
        except AssistantError as exc:
            raise _error(f"再構築に失敗しました: {exc}") from None
        msg = (f"再構築しました（{result.get('sheets', 0)} シート、{result.get('chunks', 0)} チャンク、"
               f"{time.perf_counter() - t:.1f} 秒）")
        return status_text(), esc(msg), gr.Row(visible=False)

    # ---- API -----------------------------------------------------------------------------------
    def api_ask(question: str, history: list[str] | str | None = None, id: str | None = None) -> dict:
        """Answer one question; returns the same object as `python -m assistant ask --json`."""
        try:
            return assistant.ask(question, history=_parse_history(history), id=id or None).to_json()
        except AssistantError as exc:
            raise _error(str(exc)) from None

    def api_sheet(sheet_id: str) -> dict:
        """One sheet by id (as `python -m assistant sheets --json` lists it)."""
        sheet = catalog.get((sheet_id or "").strip())
        if sheet is None:
            raise _error(f"ID「{sheet_id}」のシートはありません。シートの ID は、シート一覧の JSON 出力で確認できます。")
        return sheet.to_json()

    # ---- layout --------------------------------------------------------------------------------
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        turns = gr.State([])
        # the same conversation kept in the browser (encrypted in its localStorage), so that reloading
        # the page shows it again until it is cleared; `turns` stays what the events and the API read
        saved = gr.BrowserState([], storage_key=SAVED_KEY)
        gr.Markdown(f"# {TITLE}\n国の循環経済行動計画（施策集・点検資料）に質問できます。回答には出典シートと原文の"
                    "引用が付きます。文書に記載がない場合は、その旨を回答します。")
        with gr.Tabs():
            with gr.Tab("質問", id="chat"), gr.Row(equal_height=False):
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(label="対話", height=560, elem_id="chat", sanitize_html=True,
                                         latex_delimiters=[], allow_tags=False, feedback_options=None,
                                         buttons=["copy"], placeholder="質問を入力するか、下の例を選んでください。")
                    with gr.Row():
                        box = gr.Textbox(show_label=False, placeholder="質問を入力（例: SAFの2030年の置き換え目標は？）",
                                         scale=5, lines=1, max_lines=4, elem_id="question")
                        send = gr.Button("送信", variant="primary", scale=1, elem_id="send")
                    alone_btn = gr.Button("↪ 前の質問と切り離して、新しい質問として聞き直す", visible=False,
                                          size="sm", elem_id="ask-alone")
                    examples = gr.Examples([[q] for q in EXAMPLES], inputs=[box], label="質問の例（選ぶと送信します）",
                                           elem_id="examples")
                    # a multiselect that accepts values it did not list: the /briefing API names the
                    # questions by number (Q1, Q2…) for a session whose choices it never saw
                    picked = gr.Dropdown([], value=[], multiselect=True, allow_custom_value=True,
                                         label="書き出す回答（既定: 最新の回答）", elem_id="export-pick")
                    with gr.Row():
                        export_btn = gr.Button("ブリーフィングを書き出す（Markdown・Word）", elem_id="export")
                        clear_btn = gr.Button("会話をクリア", elem_id="clear")
                    with gr.Column(visible=False) as files_box:
                        files = gr.File(label="ダウンロード（Markdown・Word）", file_count="multiple",
                                        interactive=False, elem_id="briefing-files")
                with gr.Column(scale=2):
                    gr.Markdown("### 出典カード")
                    sources = gr.HTML(sources_html([], catalog.get), elem_id="sources", js_on_load=None)
            with gr.Tab("施策一覧", id="sheets", elem_id="tab-sheets"):
                with gr.Row():
                    query = gr.Textbox(label="キーワード検索", placeholder="例: 太陽光、J4CE、経済産業省", scale=2,
                                       elem_id="sheet-search")
                    doc_f = gr.Dropdown([ALL], value=ALL, label="文書", scale=2)
                    sec_f = gr.Dropdown([ALL], value=ALL, label="章", scale=2)
                    min_f = gr.Dropdown([ALL], value=ALL, label="府省庁", scale=1)
                count = gr.Markdown(elem_id="sheet-count")
                table = gr.Dataframe(headers=HEADERS, interactive=False, wrap=True, max_height=480,
                                     elem_id="sheet-table", column_widths=["26%", "36%", "5%", "13%", "14%", "6%"])
                sheet_rows = gr.State([])  # the table's sheets (ids, words to highlight), in its order
                gr.Markdown("行を選ぶと、そのシートの全文を表示します（検索語は強調表示）。")
                sheet_view = gr.HTML(sheet_html(None), elem_id="sheet-view", js_on_load=None)
            with gr.Tab("指標", id="indicators", elem_id="tab-indicators") as ind_tab:
                gr.Markdown("点検資料の指標表（指標の設定状況・進捗状況）と施策集の取組指標を、同じ指標どうし"
                            "対応づけた一覧です。行を選ぶと、値の出典（シートと該当行）を表示します。")
                with gr.Row():
                    ind_query = gr.Textbox(label="キーワード検索", placeholder="例: リユース、焼却量", scale=2,
                                           elem_id="indicator-search")
                    ind_part = gr.Dropdown([ALL], value=ALL, label="区分", scale=2, elem_id="indicator-part")
                    ind_doc = gr.Dropdown([ALL], value=ALL, label="文書", scale=1, elem_id="indicator-doc")
                    ind_min = gr.Dropdown([ALL], value=ALL, label="府省庁", scale=1, elem_id="indicator-ministry")
                ind_count = gr.Markdown(elem_id="indicator-count")
                ind_table = gr.Dataframe(headers=ind_ui.HEADERS, interactive=False, wrap=True, max_height=420,
                                         elem_id="indicator-table",
                                         column_widths=["14%", "28%", "13%", "13%", "11%", "13%", "8%"])
                ind_ids = gr.State([])  # the table's rows, in its order
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        ind_chart = gr.Plot(label="最新値と目標（同じ単位の数値がある指標）", elem_id="indicator-chart")
                    with gr.Column(scale=2):
                        ind_cards = gr.HTML(ind_ui.cards_html(None, catalog.get), elem_id="indicator-sources",
                                            js_on_load=None)
            with gr.Tab("状態", id="status"):
                status = gr.HTML(elem_id="status")
                rebuild_btn = gr.Button("インデックスを再構築…", elem_id="rebuild", visible=False)
                with gr.Row(visible=False) as confirm_row:
                    gr.Markdown("インデックスを作り直します。数十秒から数分かかり、その間の質問は待たされます。"
                                "よろしいですか？")
                    confirm_btn = gr.Button("再構築する", variant="stop", elem_id="rebuild-confirm")
                    cancel_btn = gr.Button("キャンセル", elem_id="rebuild-cancel")
                rebuild_msg = gr.Markdown()

        chat_in, chat_out = [box, turns], [box, chatbot, turns, sources]

        def after_turn(event):
            return event.then(alone_button, turns, alone_btn, api_visibility="private") \
                .then(export_choices, turns, picked, api_visibility="private") \
                .then(keep, turns, saved, api_visibility="private")

        after_turn(send.click(respond, chat_in, chat_out, api_name="chat"))
        after_turn(box.submit(respond, chat_in, chat_out, api_visibility="private"))
        # an example is sent as it is chosen, not only put in the box
        after_turn(examples.load_input_event.then(respond, chat_in, chat_out, api_visibility="private"))
        alone_btn.click(ask_alone, turns, [chatbot, turns, sources, alone_btn], api_visibility="private") \
            .then(export_choices, turns, picked, api_visibility="private") \
            .then(keep, turns, saved, api_visibility="private")
        # the button, and the chat's own bin icon, clear the conversation everywhere it is kept
        for cleared in (clear_btn.click, chatbot.clear):
            cleared(clear, None, [chatbot, turns, sources, files, files_box, alone_btn], api_visibility="private") \
                .then(export_choices, turns, picked, api_visibility="private") \
                .then(keep, turns, saved, api_visibility="private")
        demo.load(restore, [saved, turns], [turns, chatbot, sources, alone_btn, picked, saved], api_visibility="private")
        export_btn.click(export, [turns, picked], files, api_name="briefing") \
            .success(lambda: gr.Column(visible=True), None, files_box, api_visibility="private")
        filters: list[gr.Textbox | gr.Dropdown] = [query, doc_f, sec_f, min_f]
        for comp in filters:
            comp.change(filter_rows, filters, [table, count, sheet_rows], api_visibility="private",
                        trigger_mode="always_last")
        table.select(open_row, sheet_rows, sheet_view, api_visibility="private")
        demo.load(load_all, None, [doc_f, sec_f, min_f, table, count, sheet_rows], api_visibility="private")
        demo.load(show_status, None, [status, rebuild_btn], api_visibility="private")
        ind_filters: list[gr.Textbox | gr.Dropdown] = [ind_query, ind_part, ind_doc, ind_min]
        ind_outputs = [ind_table, ind_count, ind_chart, ind_ids]
        ind_tab.select(load_indicators, None, [ind_part, ind_doc, ind_min, *ind_outputs], api_visibility="private")
        for comp in ind_filters:
            comp.change(filter_indicators, ind_filters, ind_outputs, api_visibility="private",
                        trigger_mode="always_last")
        ind_table.select(open_indicator, ind_ids, ind_cards, api_visibility="private")
        rebuild_btn.click(ask_rebuild, None, confirm_row, api_visibility="private")
        cancel_btn.click(lambda: gr.Row(visible=False), None, confirm_row, api_visibility="private")
        confirm_btn.click(rebuild, None, [status, rebuild_msg, confirm_row], concurrency_limit=1,
                          api_visibility="private") \
            .then(filter_rows, filters, [table, count, sheet_rows], api_visibility="private")
        gr.api(api_ask, api_name="ask")
        gr.api(api_sheet, api_name="sheet")
    return demo
