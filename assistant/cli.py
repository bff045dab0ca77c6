"""Command line: `python -m assistant VERB …`. stdout carries data (JSON with --json), stderr logs
and progress. Errors are one line on stderr (or an `error` object in --json output)."""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from assistant.errors import AssistantError, ConfigError

EPILOG = """examples:
  python -m assistant sheets                      # readable table of every sheet
  python -m assistant sheets --json               # the catalog as JSON (contract)
  python -m assistant sheets --search "CEポート"     # the sheets a keyword search finds, best first
  python -m assistant indicators                  # the indicator table: targets and latest values
  python -m assistant indicators --json           # the same as JSON, with each value's source sheet
  python -m assistant index                       # build or refresh the index
  python -m assistant ask "e-scrapを対象とする施策は？"
  echo '{"id":"q1","question":"紙おむつリサイクルに取り組む自治体数の目標は？"}' | python -m assistant ask --json -
  python -m assistant eval ../shared/eval/dev.jsonl
  python -m assistant chat                        # conversation with follow-up questions
  printf '%s\n' "使用済紙おむつのリサイクルを進める施策は？" "その施策の所管を教えて" | python -m assistant briefing --docx b.docx -
  python -m assistant add 資料.pdf --title "題名"   # add a .pdf/.txt/.md and refresh the index
  python -m assistant remove 資料.pdf
  python -m assistant bench                       # writes BENCHMARKS.md
"""


def _out(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _assistant():
    from assistant.service import Assistant

    return Assistant.from_settings()


def _progress():
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def report(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage) or bars.setdefault(stage, tqdm(total=total, desc=stage, file=sys.stderr,
                                                             unit="chunk", leave=True))
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return report


def cmd_sheets(args) -> int:
    a = _assistant()
    sheets = a.sheets()
    found = None
    if args.search is not None:
        from assistant.text.glossary import Glossary
        from assistant.ui.search import sheet_search

        # the 施策一覧 tab's search (assistant/ui/search.py), with the glossary the index builds
        found = sheet_search(sheets, Glossary.of_sheets(sheets, a.settings.docs_dir)).find(args.search)
        listed = [sheets[f.index] for f in found]
        print(f"{len(listed)} 件 / 全 {len(sheets)} 件: {args.search}", file=sys.stderr)
    else:
        listed = sheets
    if args.json:
        out = [s.to_json() for s in listed]
        for obj, f in zip(out, found or [], strict=False):
            obj["search"] = {"score": f.score, "title_score": f.title_score, "matched": list(f.marks)}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return 0
    for s in listed:
        owners = "、".join(s.stated) or "記載なし"
        mentioned = "、".join(m.name for m in s.mentioned) or "-"
        page = s.page if s.page is not None else "-"
        guessed = s.title_source in ("subject", "derived")  # read from the text, not given by the plan
        print(f"{s.id}\tp.{page}\t{s.section}\t{s.title}{'（推定）' if guessed else ''}"
              f"\t所管:{owners}\t言及:{mentioned}\t掲載:{len(s.places) or 1}か所")
    if found is None:
        print(f"{len(sheets)} sheets", file=sys.stderr)
    return 0


def cmd_indicators(args) -> int:
    """The indicator table (assistant/indicators/): built with the index, so the index is opened."""
    a = _assistant()
    a.ensure_index(progress=_progress())
    table = a.indicators
    if args.json:
        _out({**table.to_json(), "counts": table.counts()})
        return 0
    titles = {s.id: s.title for s in a.sheets()}
    for line in indicator_lines(table, titles):
        print(line)
    c = table.counts()
    print(f"{c['rows']} indicators ({', '.join(f'{d}: {n}' for d, n in c['per_document'].items())}); "
          f"{c['joined']} joined across the documents", file=sys.stderr)
    return 0


def indicator_lines(table, titles: dict[str, str]) -> list[str]:
    """One tab-separated line per row: part, indicator, the 点検 draft's target, latest value and outlook,
    the 施策集's target, how the two were joined, and the sheets the values come from."""
    def shown(v) -> str:
        return v.shown() if v else "-"

    out = ["区分\t指標\t目標（点検）\t最新値（点検）\t見込み・傾向\t目標（施策集）\t結合\t出典"]
    for r in table.rows:
        ins, mea = r.inspection, r.measure
        sheets = "・".join(dict.fromkeys(titles.get(q.sheet_id, q.sheet_id) for q in r.sources))
        out.append("\t".join([r.part, r.name, shown(ins.target if ins else None), shown(r.latest),
                              (ins.outlook or ins.direction or "-") if ins else "-",
                              shown(mea.target if mea else None), r.join or "-", sheets]))
    return out


def cmd_index(args) -> int:
    a = _assistant()
    t = time.perf_counter()
    result = a.refresh(progress=_progress(), force=args.rebuild)
    result["seconds"] = round(time.perf_counter() - t, 2)
    what = f"rebuilt ({result['reason']})" if result["rebuilt"] else "already up to date"
    print(f"index {what}: {result['sheets']} sheets, {result['chunks']} chunks in {result['seconds']} s",
          file=sys.stderr)
    if args.json:
        _out(result)
    return 0


def _parse_line(line: str, n: int) -> tuple[str | None, object, object]:
    """(id, question, history) from a plain-text or JSON line."""
    stripped = line.strip()
    if stripped.startswith("{"):
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise AssistantError(f"line {n}: not valid JSON ({exc.msg})") from None
        if "question" not in obj:
            raise AssistantError(f"line {n}: the JSON object has no 'question' key")
        return obj.get("id"), obj["question"], obj.get("history")
    return None, line.rstrip("\n"), None


def _line_id(line: str):
    """The `id` of a JSON line that could not be answered, so that its error object can be matched."""
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    return obj.get("id") if isinstance(obj, dict) else None


def cmd_ask(args) -> int:
    a = _assistant()
    source: Iterator[tuple[int, str]]
    if args.question == ["-"]:
        source = ((i, line) for i, line in enumerate(sys.stdin, 1) if line.strip())
    else:
        source = iter([(1, " ".join(args.question))])
    status = 0
    for n, line in source:
        qid = None
        try:
            qid, question, history = _parse_line(line, n) if args.question == ["-"] else (None, line, None)
            answer = a.ask(question, history=history, id=qid)
        except ConfigError:  # a setting or config file to fix, not this question: stop (exit 2)
            raise
        except AssistantError as exc:
            status = 1
            if args.json:
                _out({"id": qid if qid is not None else _line_id(line), "question": line.strip()[:200],
                      "error": str(exc)})
            else:
                print(f"エラー: {exc}", file=sys.stderr)
            continue
        if args.json:
            _out(answer.to_json())
        else:
            print(render_text(answer))
    return status if args.question != ["-"] else 0


def render_text(answer) -> str:
    from assistant.ui.render import reading_note

    note = reading_note(answer.to_json())
    lines = ([f"（{note}）"] if note else []) + [answer.answer, ""]
    for c in answer.citations:
        page = f" p.{c.page}" if c.page is not None else ""
        lines.append(f"[{c.n}] {c.title}（{c.section}{page}・{c.field}）「{c.quote}」")
    for note in answer.notices:
        lines.append(f"※ {note}")
    return "\n".join(lines)


def cmd_chat(args) -> int:
    """An interactive conversation: follow-ups are resolved against the earlier questions."""
    a = _assistant()
    a.ensure_index(progress=_progress())
    history: list[str] = []
    print("質問を入力してください（終了: 空行または Ctrl-D）", file=sys.stderr)
    while True:
        try:
            question = input("> ")
        except EOFError:
            break
        if not question.strip():
            break
        try:
            answer = a.ask(question, history=history)
        except AssistantError as exc:
            print(f"エラー: {exc}", file=sys.stderr)
            continue
        print(render_text(answer) + "\n")
        history.append(question)
    return 0


def cmd_briefing(args) -> int:
    """A conversation from stdin (one question a line, each read against the earlier ones as in the
    chat) as the briefing the UI exports: to --docx/--md files, else Markdown on stdout."""
    from assistant import briefing

    for path in (args.md, args.docx):
        if path is not None:
            briefing.check_writable(path)  # before the questions take their time
    questions = [line.strip() for line in _question_lines(args.source) if line.strip()]
    if not questions:
        raise AssistantError("質問がありません。1行に1つずつ質問を書いて渡してください"
                             "（例: printf '%s\\n' \"質問1\" \"質問2\" | python -m assistant briefing -）。")
    a = _assistant()
    a.ensure_index(progress=_progress())
    turns: list[dict] = []
    for n, question in enumerate(questions, 1):
        print(f"質問 {n}/{len(questions)}: {question}", file=sys.stderr)
        try:
            answer = a.ask(question, history=[t["question"] for t in turns])
        except AssistantError as exc:
            raise AssistantError(f"{n}行目の質問「{question[:40]}」に回答できませんでした: {exc}") from None
        turns.append({"question": question, "answer": answer.to_json()})
    names = briefing.document_names(a.settings.docs_dir, a.sheets())
    everything = list(range(1, len(turns) + 1))
    if args.md is None and args.docx is None:
        sys.stdout.write(briefing.to_markdown(briefing.compile_briefing(turns, names, everything)))
        return 0
    for path in briefing.write_briefing(turns, names, md=args.md, docx=args.docx, picked=everything):
        print(f"書き出しました: {path}", file=sys.stderr)
    return 0


def _question_lines(source: str) -> list[str]:
    if source == "-":
        return sys.stdin.read().splitlines()
    what = "質問を1行に1つずつ書いた UTF-8 のファイルか、標準入力を表す - を指定してください。"
    try:
        return Path(source).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise AssistantError(f"{source} がありません。{what}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AssistantError(f"{source} を読めません（{getattr(exc, 'strerror', None) or exc}）。{what}") from None


def run_bench(argv: list[str]) -> int:
    """The benchmark, which lives in the project's bench/ folder (not in the installed package) and
    needs the `bench` extra."""
    import importlib.util

    from assistant.settings import PROJECT_ROOT

    missing = [m for m in ("psutil", "langchain_community", "langchain_text_splitters", "rank_bm25")
               if importlib.util.find_spec(m) is None]
    if missing:
        print(f"error: the benchmark needs {', '.join(missing)}: pip install -e '.[bench]' "
              "(bash scripts/test.sh installs it)", file=sys.stderr)
        return 2
    if not (PROJECT_ROOT / "bench" / "run.py").is_file():
        print(f"error: the benchmark is the bench/ folder of a checkout of this project; "
              f"{PROJECT_ROOT / 'bench'} is missing", file=sys.stderr)
        return 2
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    from bench import main as bench_main

    return bench_main(argv)


def cmd_bench(args) -> int:
    return run_bench(args.rest)


def cmd_eval(args) -> int:
    from assistant.evaluation import load_gold, score

    a = _assistant()
    a.ensure_index()
    gold = load_gold(Path(args.gold))
    answers = []
    for item in gold:
        try:
            answers.append(a.ask(item["question"], history=item.get("history"), id=item.get("id")).to_json())
        except AssistantError as exc:
            answers.append({"id": item.get("id"), "error": str(exc)})
    texts = {s.id: s.text for s in a.sheets()}
    report = score(gold, answers, texts)
    if args.after_unrelated:
        from assistant.evaluation import after_unrelated

        report["after_unrelated"] = after_unrelated(
            gold, answers, lambda q, h: a.ask(q, history=h).to_json(), texts)
    if args.json:
        _out(report)
    else:
        for k, v in report["metrics"].items():
            print(f"{k:22s} {v}")
        if args.after_unrelated:
            u = report["after_unrelated"]
            print(f"{'after an unrelated question':22s} {u['changed']} of {u['items']} answers changed "
                  f"({u['first_sheet_changed']} first sheets, {u['right_answer_lost']} right answers lost)")
            for r in u["rows"]:
                print("changed after an unrelated question:", json.dumps(r, ensure_ascii=False), file=sys.stderr)
        misses = [r for r in report["items"] if not r.get("hit1", True) or r.get("accuracy") is False
                  or not r["abstain_ok"] or not r["no_invented"]]
        for r in misses:
            print("miss:", json.dumps(r, ensure_ascii=False), file=sys.stderr)
    return 0


def cmd_add(args) -> int:
    """Add PDF/text documents to docs_source/ and refresh the index (only new text is embedded)."""
    from assistant.service import Assistant

    docs = Assistant.from_settings().add_documents(args.files, title=args.title, kind=args.kind,
                                                   progress=_progress())
    for d in docs:
        if args.json:
            _out({"file": d.file, "title": d.title, "kind": d.kind, "layout": d.layout})
        else:
            print(f"追加しました: {d.file}\t{d.title}\t({d.layout or d.kind})")
    return 0


def cmd_remove(args) -> int:
    """Take a document out of docs_source/ (file and registry entry) and refresh the index."""
    from assistant.service import Assistant

    d = Assistant.from_settings().remove_document(args.doc, progress=_progress())
    if args.json:
        _out({"removed": d.file, "title": d.title})
    else:
        print(f"削除しました: {d.file}\t{d.title}")
    return 0


def main(argv: list[str] | None = None) -> int:
    from assistant import environment

    environment.apply()  # the `assistant` console script enters here, not through __main__
    parser = argparse.ArgumentParser(prog="python -m assistant", epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     description="循環経済行動計画 Q&A assistant")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more to stderr")
    sub = parser.add_subparsers(dest="verb", required=True)
    p = sub.add_parser("sheets", help="list every source sheet, or those a keyword search finds (--search)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--search", metavar="WORDS",
                   help="the sheets holding these words (as written or as a glossary equivalent), best first, "
                        "as the 施策一覧 tab finds them; with --json each carries its `search` score")
    p.set_defaults(func=cmd_sheets)
    p = sub.add_parser("indicators", help="the indicator table: each indicator's target and latest value, "
                       "from the 点検 tables and the 施策集's KPI lines, joined")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_indicators)
    p = sub.add_parser("index", help="build or refresh the index")
    p.add_argument("--rebuild", action="store_true", help="rebuild even if up to date")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_index)
    p = sub.add_parser("ask", help="answer a question ('-' reads one question a line from stdin)")
    p.add_argument("--json", action="store_true")
    p.add_argument("question", nargs="+")
    p.set_defaults(func=cmd_ask)
    p = sub.add_parser("chat", help="interactive conversation in the terminal")
    p.set_defaults(func=cmd_chat)
    p = sub.add_parser("briefing", help="a conversation (one question a line) as the UI's briefing: "
                       "Markdown on stdout, or --docx / --md files")
    p.add_argument("--docx", type=Path, metavar="FILE", help="write the A4 Word document here")
    p.add_argument("--md", type=Path, metavar="FILE", help="write the Markdown here")
    p.add_argument("source", metavar="-", help="'-' reads the questions from stdin (or a UTF-8 file of them)")
    p.set_defaults(func=cmd_briefing)
    p = sub.add_parser("bench", help="measure quality and speed; writes BENCHMARKS.md")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_bench)
    p = sub.add_parser("add", help="add PDF / .txt / .md documents and refresh the index")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--title", help="the document's title (default: from the document itself)")
    p.add_argument("--kind", choices=["measures", "inspection", "text"],
                   help="parser to use (default: detected; for a PDF, a hint for its layout)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_add)
    p = sub.add_parser("remove", help="remove a document (file name, stem or title) and refresh the index")
    p.add_argument("doc")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_remove)
    p = sub.add_parser("eval", help="score a gold JSONL file")
    p.add_argument("gold")
    p.add_argument("--json", action="store_true")
    p.add_argument("--after-unrelated", action="store_true",
                   help="also ask every single-turn item after an unrelated question of the set and count "
                        "the answers that change")
    p.set_defaults(func=cmd_eval)
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:  # its own options (--quick …) go straight to the benchmark
        return run_bench(argv[1:])
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except AssistantError as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
