"""citations.check on a made-up sheet: what is kept, dropped and renumbered, and how quotes match."""
from __future__ import annotations

from assistant.answer.citations import check, field_of, quote_in_sheet
from assistant.models import Citation, Sheet

TEXT = ("再生材の利用拡大\n【事業概要】\n再生材の利用率を２０３０年までに３０％に引き上げる。\n"
        "回収拠点を全国に\n整備する。\n【今後の予定】\n令和８年度に実証を開始する。")
SHEET = Sheet(id="d:1", doc="d.txt", doc_title="文書", section="1. 章", title="再生材の利用拡大", page=3, text=TEXT,
              fields={"事業概要": "再生材の利用率を２０３０年までに３０％に引き上げる。\n回収拠点を全国に\n整備する。",
                      "今後の予定": "令和８年度に実証を開始する。"})
OTHER = Sheet(id="d:2", doc="d.txt", doc_title="文書", section="2. 章", title="別の施策", page=9,
              text="点検の結果を公表する。", kind="inspection")
SHEETS = {SHEET.id: SHEET, OTHER.id: OTHER}


def cite(n: int, quote: str, sheet: Sheet = SHEET) -> Citation:
    return Citation(n, sheet.id, sheet.doc, sheet.title, sheet.section, sheet.page, "事業概要", quote)


def test_citations_whose_quotes_are_in_their_sheets_are_kept_as_they_are():
    cites = [cite(1, "令和８年度に実証を開始する。"), cite(2, "点検の結果を公表する。", OTHER)]
    text, kept, problems = check("実証は令和8年度から [1]。結果は公表 [2]。", cites, SHEETS)
    assert text == "実証は令和8年度から [1]。結果は公表 [2]。"
    assert kept == cites and problems == []


def test_a_quote_not_in_its_sheet_is_dropped_and_the_rest_renumbered():
    cites = [cite(1, "令和８年度に実証を開始する。"),
             cite(2, "再生材の利用率を５０％に引き上げる。"),  # not what the sheet says
             cite(3, "点検の結果を公表する。", OTHER)]
    text, kept, problems = check("実証 [1]。目標 [2]。公表 [3]。再び [3]。", cites, SHEETS)
    assert text == "実証 [1]。目標 。公表 [2]。再び [2]。"
    assert [(c.n, c.sheet_id, c.quote) for c in kept] == [(1, "d:1", "令和８年度に実証を開始する。"),
                                                          (2, "d:2", "点検の結果を公表する。")]
    # everything but the number is carried over
    assert kept[1].title == "別の施策" and kept[1].section == "2. 章" and kept[1].page == 9
    assert problems == ["出典 [2] の引用がシートに見つからないため、その出典を外しました。",
                        "回答中の [2] に対応する出典がないため、その番号を外しました。"]


def test_a_quote_from_another_sheet_or_an_unknown_sheet_is_dropped():
    wrong_sheet = Citation(1, OTHER.id, OTHER.doc, OTHER.title, OTHER.section, OTHER.page, "本文",
                           "令和８年度に実証を開始する。")  # the text is SHEET's, not OTHER's
    unknown = Citation(2, "nope:0", "x.txt", "?", "?", None, "概要", "点検の結果を公表する。")
    text, kept, problems = check("a [1] b [2]", [wrong_sheet, unknown], SHEETS)
    assert kept == [] and text == "a  b "
    assert len(problems) == 4


def test_a_marker_without_a_citation_is_removed_and_reported():
    text, kept, problems = check("答え [1]。根拠なし [7]。", [cite(1, "令和８年度に実証を開始する。")], SHEETS)
    assert text == "答え [1]。根拠なし 。" and len(kept) == 1
    assert problems == ["回答中の [7] に対応する出典がないため、その番号を外しました。"]


def test_quotes_match_across_width_and_line_breaks_but_not_when_changed():
    assert quote_in_sheet("再生材の利用率を2030年までに30%に引き上げる。", SHEET)  # half width
    assert quote_in_sheet("回収拠点を全国に整備する。", SHEET)  # the sheet breaks the line inside it
    assert quote_in_sheet("回収拠点を 全国に　整備する", SHEET)
    assert not quote_in_sheet("回収拠点を全国に整備した。", SHEET)
    assert not quote_in_sheet("", SHEET) and not quote_in_sheet(" \n", SHEET)


def test_field_of_names_the_field_holding_the_quote():
    assert field_of("実証を開始する", SHEET) == "今後の予定"
    assert field_of("2030年までに30%", SHEET) == "事業概要"
    assert field_of("再生材の利用拡大", SHEET) == "概要"  # the title line, before any field
    assert field_of("点検の結果", OTHER) == "本文"  # a 点検 section has no fields


def test_a_quote_joined_from_lines_apart_keeps_its_longest_verbatim_run():
    # two lines of the 事業概要 joined without the line between them: not verbatim as a whole
    joined = "再生材の利用率を２０３０年までに３０％に引き上げる。 整備する。"
    text, kept, problems = check("目標 [1]。", [cite(1, joined)], SHEETS)
    assert text == "目標 [1]。" and problems == []
    assert [c.quote for c in kept] == ["再生材の利用率を２０３０年までに３０％に引き上げる。"]
    assert quote_in_sheet(kept[0].quote, SHEET) and kept[0].field == "事業概要"


def test_a_quote_whose_verbatim_runs_are_all_fragments_is_still_dropped():
    _, kept, problems = check("目標 [1]。", [cite(1, "回収拠点を 全く別の文を 整備")], SHEETS)
    assert kept == [] and len(problems) == 2
