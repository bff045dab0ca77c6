"""Chunking on made-up sheets: never across fields or sheets, whole lines only, sized in tokens, a table
continued under its header, stable ids."""
from __future__ import annotations

from dataclasses import replace

from assistant.index.chunking import chunk_sheet, chunk_sheets
from assistant.models import Sheet
from assistant.text.tokens import count_tokens

OVERVIEW = ["国産電解銅の再生原料比率を高めるため、e-scrap等の処理量を増やす。",
            "製錬所の受入設備を増強し、海外からの回収も進める。",
            "【参考】関連する施策の一覧"]  # not one of the sheet's fields: an ordinary line
TABLE = ["年度\t取組\t目標", "2026\t受入設備の増強\t10万トン", "2027\t海外回収の拡大\t15万トン",
         "2028\t処理量の倍増\t20万トン", "2029\t再生原料比率の向上\t3割"]
TEXT = "\n".join(["国産電解銅の再生原料比率の向上", "経済産業省", "【事業概要】", *OVERVIEW,
                  "【今後の予定】", *TABLE])
SHEET = Sheet(id="m:1", doc="m.txt", doc_title="施策集", section="1. 章", title="国産電解銅の再生原料比率の向上",
              page=12, text=TEXT, fields={"事業概要": "\n".join(OVERVIEW), "今後の予定": "\n".join(TABLE)},
              title_source="title", heading="国産電解銅の再生原料比率の向上")


def lines_of(chunks, field):
    return [ln for c in chunks if c.field == field for ln in c.text.split("\n")]


def test_a_chunk_holds_one_field_and_the_fields_lines_in_order():
    chunks = chunk_sheet(SHEET, 1000)
    assert [c.field for c in chunks] == ["概要", "事業概要", "今後の予定"]
    assert lines_of(chunks, "概要") == ["国産電解銅の再生原料比率の向上", "経済産業省"]  # the header block
    assert lines_of(chunks, "事業概要") == OVERVIEW
    assert lines_of(chunks, "今後の予定") == TABLE
    assert not any("【事業概要】" in c.text or "【今後の予定】" in c.text for c in chunks)  # markers go


def test_small_budgets_split_at_whole_lines_within_the_budget():
    budget = count_tokens(TABLE[0]) + count_tokens(TABLE[1]) + 1
    chunks = chunk_sheet(SHEET, budget)
    table = [c for c in chunks if c.field == "今後の予定"]
    assert len(table) >= 2 and lines_of(chunks, "今後の予定") == TABLE  # nothing lost, nothing cut
    assert lines_of(chunks, "事業概要") == OVERVIEW
    for c in chunks:
        lines = c.text.split("\n")
        assert len(lines) == 1 or sum(count_tokens(ln) for ln in lines) <= budget, c.text


def test_a_line_longer_than_the_budget_is_kept_whole_in_its_own_chunk():
    chunks = chunk_sheet(SHEET, 5)
    assert all("\n" not in c.text for c in chunks)
    assert [c.text for c in chunks if c.field == "事業概要"] == OVERVIEW


def test_a_table_continued_in_a_later_chunk_carries_its_header_row():
    chunks = [c for c in chunk_sheet(SHEET, count_tokens(TABLE[0]) + count_tokens(TABLE[1]) + 1)
              if c.field == "今後の予定"]
    first, later = chunks[0], chunks[1:]
    assert first.text.startswith(TABLE[0]) and first.context == ""  # it starts with the header itself
    assert later and all(c.context == TABLE[0] for c in later)
    assert all(c.indexed_text.split("\n")[:2] == [SHEET.title, TABLE[0]] for c in later)
    prose = [c for c in chunk_sheet(SHEET, 5) if c.field == "事業概要"]
    assert all(c.context == "" for c in prose)


def test_indexed_text_is_headed_by_the_sheets_own_name():
    own = chunk_sheet(SHEET, 1000)[1]
    assert own.title == SHEET.title and own.indexed_text == f"{SHEET.title}\n{own.text}"
    # a name made from a table-of-contents entry shared by several sheets does not head the chunks:
    # the sheet's own heading does, with the TOC's name for it as context
    toc_named = replace(SHEET, title="J4CE、CPs等を活用した取組", title_source="toc", toc_label="J4CE等の活用")
    c = chunk_sheet(toc_named, 1000)[1]
    assert c.title == SHEET.heading
    assert c.indexed_text == f"{SHEET.heading}\nJ4CE等の活用\n{c.text}"
    same = replace(toc_named, toc_label=SHEET.heading)  # not said twice
    assert chunk_sheet(same, 1000)[1].indexed_text == f"{SHEET.heading}\n{c.text}"


def test_ids_are_stable_and_unique_and_metadata_names_the_sheet():
    a, b = chunk_sheet(SHEET, 20), chunk_sheet(SHEET, 20)
    assert [c.id for c in a] == [c.id for c in b]
    assert len({c.id for c in a}) == len(a) and all(c.id.startswith("m:1#") for c in a)
    other = replace(SHEET, id="m:2")  # the same text in another sheet is another chunk
    assert not {c.id for c in a} & {c.id for c in chunk_sheet(other, 20)}
    edited = replace(SHEET, text=SHEET.text.replace("10万トン", "12万トン"))
    changed = {c.id for c in chunk_sheet(edited, 20)} ^ {c.id for c in a}
    assert len(changed) == 2  # only the chunk holding the edited line gets a new id
    meta = a[0].metadata()
    assert meta == {"sheet_id": "m:1", "field": "概要", "title": SHEET.title, "section": "1. 章", "page": 12,
                    "doc": "m.txt"}
    assert chunk_sheet(replace(SHEET, page=None), 1000)[0].metadata()["page"] == -1  # Chroma takes no None


def test_chunk_sheets_keeps_sheets_apart_and_in_order():
    other = Sheet(id="i:1", doc="i.txt", doc_title="点検", section="Ⅲ-1", title="(1) 背景", page=None,
                  text="第一の段落。\n第二の段落。", kind="inspection", title_source="part")
    chunks = chunk_sheets([SHEET, other], 1000)
    assert [c.sheet_id for c in chunks] == ["m:1", "m:1", "m:1", "i:1"]
    assert chunks[-1].field == "概要" and chunks[-1].text == "第一の段落。\n第二の段落。"
    assert chunk_sheets([], 100) == []
