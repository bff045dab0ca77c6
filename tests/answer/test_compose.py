"""The offline composer on the real index: abstaining from evidence, not vocabulary; lists; names.
Questions here are written for these tests (none is copied from a gold set)."""
from __future__ import annotations

import pytest

from assistant.text.normalize import norm
from tests.helpers import checked


@pytest.mark.parametrize("question", [
    "大臣レク用に紙おむつリサイクルの施策を3行で",     # a request word no sheet uses (レク)
    "天ぷら油を航空燃料にする施策の目標は？",          # a paraphrase (天ぷら油 for 廃食用油)
    "What is the target for recycling used disposable diapers?",  # English
])
def test_words_the_documents_do_not_use_never_make_it_abstain(assistant, question):
    a = checked(assistant, question)
    assert not a.abstained and a.citations


def test_a_count_with_the_asked_counter_is_answered(assistant):
    a = checked(assistant, "CE診断・ビジョン作成は2025年度に何件行われた？")
    assert not a.abstained and "43件" in a.answer


def test_a_count_the_sheet_does_not_give_says_so_and_what_the_sheet_says(assistant):
    a = checked(assistant, "紙おむつリサイクルに取り組む企業は何社？")
    assert a.abstained
    first = a.answer.splitlines()[0]
    assert "見当たりません" in first and "社" in first and "紙おむつ" in first
    assert "このシートの記載:" in a.answer and a.citations  # what the sheet does say, quoted


def test_a_place_no_sheet_names_is_not_answered_by_another_place(assistant):
    a = checked(assistant, "ドイツの循環経済戦略では2030年に再生材を何％使う目標？")
    assert a.abstained and "「ドイツ」についての記載" in a.answer


def test_a_name_in_english_inside_a_japanese_question_must_be_written(assistant):
    # a name in English is read from the whole question (the subject may keep only part of it), and a Japanese
    # question whose subject is all Latin letters still names a specific the sheet must hold
    a = checked(assistant, "米国のNational Recycling Strategyって改定はいつ？")
    assert a.abstained and "National Recycling Strategy" in a.answer.splitlines()[0], a.answer
    a = checked(assistant, "EUのCritical Raw Materials Actはいつ施行されるの？")
    assert a.abstained and "Critical Raw Materials Act" in a.answer.splitlines()[0], a.answer


def test_a_law_by_its_short_name_is_held_where_the_plan_writes_it_out(assistant):
    # 廃掃法 is what staff call the law the plan writes as 廃棄物処理法 (docs_source/glossary.yaml)
    a = checked(assistant, "大規模認定で廃掃法の許可が要らなくなるのはどの制度？")
    assert not a.abstained and "廃棄物処理法" in a.answer, a.answer


def test_a_place_in_latin_letters_the_documents_never_write_is_not_held_against_a_sheet(assistant):
    # the sheets write バーゼル条約, never "Basel": the English name is not a missing place
    a = checked(assistant, "Basel条約のPIC手続は、いま1件にどのくらいかかる？")
    assert not a.abstained and a.citations and "Basel" not in a.answer
    assert any("バーゼル" in c.quote for c in a.citations)
    # asked in English, the question's place names are not the documents' words at all
    a = checked(assistant, "How long does a PIC notification under the Basel Convention take now?")
    assert not a.abstained and any("バーゼル" in c.quote for c in a.citations)


def test_a_year_matches_in_either_calendar(assistant):
    # the sheet says 令和8年度; the question says 2026年度
    a = checked(assistant, "2026年度予算案で計上された設備投資支援の額は？")
    assert not a.abstained and "379億円" in a.answer


@pytest.mark.parametrize("question", ["e-scrapを対象とする施策は？", "電子スクラップ（e-scrap）が関わる施策を全部挙げて",
                                      "Which measures in the plan deal with e-scrap?",
                                      "電子スクラップ（e-scrap）に関係する施策をすべて教えて"])
def test_which_measure_list_holds_every_sheet_about_the_subject(assistant, question):
    """Every measure named for the subject is listed (its name may be the only place that says it), and no
    sheet that mentions it once in passing (one line, not its goal)."""
    a = checked(assistant, question)
    first = a.answer.splitlines()[0]
    def said(text: str) -> list[str]:
        return [ln for ln in text.splitlines() if "e-scrap" in norm(ln).lower() or "電子スクラップ" in norm(ln)]

    sheets = assistant.sheets()
    named = {s.name for s in sheets if said(s.name)}
    goals = {s.name: "".join(v for k, v in s.fields.items() if k.startswith("目指す姿")) for s in sheets}
    passing = {s.name for s in sheets if s.name not in named and len(said(s.text)) == 1 and not said(goals[s.name])}
    assert len(named) >= 2 and all(n in first for n in named), first
    assert passing and not any(n in first for n in passing), first
    # a measure whose goal names the subject is about it, however the question's other words ranked it
    aimed = {s.name for s in sheets if said(goals[s.name]) and s.name not in named}
    assert aimed and all(f"「{n}」" in first for n in aimed), first  # whole names (one holds another)
    assert any("電解銅" in c.title for c in a.citations)  # the copper / e-scrap sheet
    for c in a.citations:
        sheet = assistant.sheet(c.sheet_id)
        assert said(sheet.name) or said(sheet.text)


def test_names_shown_are_titles_or_table_of_contents_entries_never_cut_sentences(assistant):
    # the catalog names every sheet as the plan does (assistant/ingest/naming.py): the name shown is the title
    for sheet in assistant.sheets():
        assert sheet.name == sheet.title
        if sheet.title_source == "toc":
            assert sheet.title == sheet.toc_entry
    assert not [s for s in assistant.sheets() if s.title.endswith("環境上適正か")]
    a = checked(assistant, "e-scrapを対象とする施策は？")
    assert "環境上適正か」" not in a.answer


@pytest.mark.parametrize("text", ["？？？", "😀😀", "[1, 2]", "42"])
def test_input_with_no_words_gets_a_request_to_ask(assistant, text):
    a = assistant.ask(text)
    assert a.abstained and not a.citations and a.retrieved == []
    assert "質問" in a.answer and "入力してください" in a.answer


def test_asked_who_the_line_naming_a_body_answers(assistant):
    # the package sheet attributes each task to a ministry by a short form in brackets: (環境), (経産)
    a = checked(assistant, "膨張・変形したリチウムイオン電池の適正処理の方針策定はどこが担当？")
    first = a.answer.splitlines()[0].replace("（", "(").replace("）", ")")
    assert not a.abstained and "適正処理の方針策定(環境)" in first, first  # the first line says who


def test_a_sheet_owner_label_in_the_question_asks_for_the_owners(assistant):
    a = checked(assistant, "循環経済パートナーシップの創設団体を教えて")
    assert a.kind == "ministry" and "経団連" in a.answer and "環境省" in a.answer


def test_a_window_does_not_run_into_the_next_items_label():
    # written for this test: two hearing items, each a label line and its long description
    from assistant.answer.evidence import LineIndex, windows
    from assistant.models import Sheet

    text = ("・ 甲市\n家庭から出る小型家電を市内の回収ボックスで集め、協定を結んだ地域の事業者に引き渡し、金属とプラスチックに分けて再資源化する取組を紹介。\n"
            "・ 乙株式会社\n・ 丙協議会\n")
    sheet = Sheet(id="t:1", doc="t.txt", doc_title="T", section="Ⅲ", title="ヒアリング先", page=1, text=text)
    lines = LineIndex([sheet]).lines["t:1"]
    texts = [[ln.text for ln in w.lines] for w in windows(lines)]
    assert [lines[0].text, lines[1].text] in texts  # a label with its description
    assert not any(lines[1].text in t and lines[2].text in t for t in texts)  # not the next item's label
    assert [lines[2].text, lines[3].text] in texts  # short sibling labels still join


def test_a_body_is_a_proper_noun_few_sheets_name(assistant):
    from assistant.answer.evidence import names_a_body

    assert names_a_body(assistant.lines, "・ 北見市")  # written for this test: a city the sheets never name
    assert names_a_body(assistant.lines, "株式会社リコーによる複合機の再生")
    assert not names_a_body(assistant.lines, "日本の資源循環の取組")  # the documents' own setting
    assert not names_a_body(assistant.lines, "回収拠点の拡大を進める")


@pytest.mark.parametrize(("question", "said"), [
    ("部会のヒアリングで大阪府が説明した取組の中身は？", "繊維製品の大量廃棄課題"),
    ("HUB & STOCKのヒアリングの内容を教えて", "未使用建材"),
])
def test_an_item_named_under_a_bullet_is_answered_with_what_is_written_under_it(assistant, question, said):
    """A list of bodies each with its points (「・ ○○」 then what it does): the answer is the named body's
    points, not its heading alone and not the points of the body before it."""
    a = checked(assistant, question)
    first = a.answer.splitlines()[0]
    assert not a.abstained and said in first, first


def test_a_line_under_an_item_heading_is_answered_with_the_item_it_is_said_of(assistant):
    """Which body does a thing: the line that says it is under 「・ ○○市」, and the first line names ○○市."""
    a = checked(assistant, "詰め替えパックを品目別に集めるステーションを置いた自治体は？")
    first = a.answer.splitlines()[0]
    assert not a.abstained and first.startswith("回答: 神戸市：") and "エコノバ" in first, first


def test_a_date_clause_whose_line_goes_on_to_name_what_is_asked_leads(assistant):
    # 「2026年2月、…会合を開催し、…。（同会合において、○○の立上げも発表）」: the date is in the first clause,
    # what is asked about in the second; the line's words count for the date clause
    a = checked(assistant, "戦略地政学的関与に関するフォーラムはいつ発足が発表された？")
    first = a.answer.splitlines()[0]
    assert not a.abstained and first.startswith("時期: 2026年2月"), first


def test_items_listed_under_the_heading_the_question_names_lead(assistant):
    # the KPI field lists two targets, each a heading over its bulleted items (食品ロス by household and
    # business, then 再生利用等実施率 by industry); the question names the second heading's words only
    a = checked(assistant, "食品関連の再生利用等の実施率、業種ごとの目標値を並べて")
    first = a.answer.splitlines()[0]
    assert not a.abstained and all(x in first for x in ("95%", "75%", "50%")), first
    assert "家庭系" not in first, first


def test_an_item_is_said_with_the_heading_that_dates_it(assistant):
    # 「・外食産業50%」 gives no year: its heading 「再生利用等実施率目標（2029年度までに）」 does
    a = checked(assistant, "外食向けの再生利用等の実施率は、いつまでに何%を目指す？")
    first = a.answer.splitlines()[0]
    assert not a.abstained and "50%" in first and "2029年度" in first, first


def test_a_rate_written_as_a_fraction_answers_a_rate(assistant):
    # the sheet gives the grant's rate as 「公費助成の1/2」: a share, as 50% is
    a = checked(assistant, "ローカル1万プロジェクトで国が自治体に交付する率はどれくらい？")
    first = a.answer.splitlines()[0]
    assert not a.abstained and "1/2" in first, first


def test_two_parts_from_one_sheet_quote_each_passage_once(assistant):
    # both parts are answered from the CE-port sheet; the second's window lies inside the first's
    a = checked(assistant, "CEポートはどんな段取りで選定して、最後は何港になる予定？")
    assert len(a.request["parts"]) == 2 and not a.abstained
    quotes = [(c.sheet_id, norm(c.quote)) for c in a.citations]
    assert not [q for q in quotes if any(q != o and q[0] == o[0] and q[1] in o[1] for o in quotes)], quotes
    evidence = [ln for ln in a.answer.splitlines()[1:] if ln.startswith("- ")]
    assert len(evidence) == len(set(evidence))


def test_a_line_of_several_sentences_answers_in_the_one_that_says_what_is_asked(assistant):
    # the line opens with what the measure supports; its second sentence names the priority fields
    a = checked(assistant, "再資源化困難物の技術実証、重点分野として何を想定？")
    first = a.answer.splitlines()[0]
    assert not a.abstained and "複合系" in first and "土石系" in first, first


@pytest.mark.parametrize("question", ["太陽光パネルリサイクル設備への補助率は？", "紙おむつリサイクルへの補助率はどれくらい？"])
def test_a_rate_asked_by_its_noun_is_not_answered_by_another_rate(assistant, question):
    """A rate asked by a noun that says of what (補助率) is answered only by that rate: a sheet that gives
    other shares (利用率, 割合) says it does not give it."""
    a = checked(assistant, question)
    assert a.abstained and "補助率" in a.answer.splitlines()[0], a.answer[:200]


def test_a_rate_the_sheet_gives_is_answered(assistant):
    a = checked(assistant, "生活者のリユース実施率はどこまで上げるのが目標？")
    assert not a.abstained and "50%" in a.answer.splitlines()[0], a.answer[:200]


@pytest.mark.parametrize("question", ["Ⅲ-2の今後の方向性、部長向けに要点を4つ", "点検Ⅲ-2で今後取り組む方向は？箇条書きで"])
def test_a_footnote_is_no_point_of_a_briefing(assistant, question):
    # the 点検's case table ends in footnotes (「*2：…HP <https://…> (閲覧日 …)」): sources, not what the plan says
    import re

    a = checked(assistant, question)
    points = [ln for ln in a.answer.split("\n") if ln.startswith("- ")]
    assert points and not a.abstained
    assert not any(re.match(r"- [*＊※]\s*[0-9]+\s*[：:]", ln) or "http" in ln for ln in points), a.answer


def test_a_table_rows_count_is_read_under_its_column_names(assistant):
    # the 点検's case table names 参加企業数 only in its header; the row asked for (by the short name in its
    # long name cell) comes first, though the cell is cut for the first line
    a = checked(assistant, "事例表に載ってるCLOMA、参加企業数はいくつ？")
    first = a.answer.split("\n")[0]
    assert "481" in first.split("／")[0] and "CLOMA" in first.split("／")[0], a.answer


def test_a_date_asked_of_a_sheet_that_dates_nothing_says_so_first(assistant):
    # the CE commerce sheet names no year: the decline model is told no line gives the date asked, and the
    # first line says the date is not stated before what the sheet does say
    from assistant.answer.decline import recording

    with recording() as seen:
        a = checked(assistant, "CEコマースの市場を広げる取組って、いつから始めるの？")
    assert seen and seen[0]["answers"] == 0.0
    assert a.answer.startswith("時期の記載なし") or a.abstained, a.answer
    with recording() as seen:
        dated = checked(assistant, "太陽光パネルのリサイクル義務化はいつから？")
    assert seen and seen[0]["answers"] == 1.0 and not dated.abstained


def test_countries_asked_for_are_answered_by_the_line_naming_them(assistant):
    # the sheet's first lines name ASEAN and 日本 (bodies, the scene); the countries asked for are those a
    # line lists by name
    a = checked(assistant, "E-wasteのリサイクル体制づくりで日本が協力する相手国って、具体的にはどの国？")
    first = a.answer.splitlines()[0]
    assert not a.abstained and all(x in first for x in ("インドネシア", "タイ", "フィリピン", "マレーシア", "ベトナム")), first


def test_a_value_asked_in_lines_is_answered_as_the_value(assistant):
    # 「N行で」 asks how long the answer is; the target asked is the first line, not the sheet's N pillars
    a = checked(assistant, "永久磁石リサイクルの施策を3行で。数値の目標も必ず書いて")
    first = a.answer.splitlines()[0]
    assert not a.abstained and first.startswith("目標") and "約3割" in first, first


def test_a_suffix_the_documents_never_count_in_asks_which_not_how_many(assistant):
    # 系 after 何 is a kind (複合系, 土石系), not a counter: no sheet writes a numeral before it
    a = checked(assistant, "困難物の再資源化モデル実証は、何系の分野を重点にする想定？")
    assert not a.abstained and all(x in a.answer.splitlines()[0] for x in ("複合系", "土石系", "化石系")), a.answer
    # 複数 is no number of 複: the measure named by what it does is answered, not declined for a count
    b = checked(assistant, "インフラを複数まとめて群として管理する取組の名前は？")
    assert not b.abstained and "群マネ" in b.answer, b.answer
    # 隻 is a counter by the dictionary: a count in it that no sheet gives is still declined
    c = checked(assistant, "施策集にある海ごみ回収船の支援、目標の隻数は？")
    assert c.abstained, c.answer


def test_a_tables_group_is_listed_whole_and_ranked_by_the_column_asked(assistant):
    # the 点検 draft's table of partnerships writes each group (素材) once over the rows it spans: the rows
    # of the group named are listed, each cited, with the number of its column
    a = checked(assistant, "点検資料の連携事例の表で、横断分野の取組を挙げて")
    first = a.answer.splitlines()[0]
    assert not a.abstained and "J4CE" in first and "CPS" in first and "CLOMA" not in first, first
    assert len(a.citations) == 2
    # a follow-up naming the column of numbers ranks the rows of the group listed, the most first
    history = ["点検資料の連携事例の表で、繊維製品の取組を挙げて"]
    b = checked(assistant, "このうち参加企業数が多いのはどっち？", history=history)
    first = b.answer.splitlines()[0]
    assert first.index("FASHION ALLIANCE") < first.index("プラットフォーム協議会") and "75" in first, first
    assert "CLOMA" not in first
    # the group named in the follow-up itself, after the whole table: ranked within it, not read as the one
    # row whose name also writes the group's word
    c = checked(assistant, "このうち繊維製品で参加企業数が最も多いのは？", history=["点検資料の連携事例の表を全部見せて"])
    assert c.answer.startswith("参加企業数の多い順（繊維製品）: JAPAN SUSTAINABLE FASHION ALLIANCE"), c.answer


def test_the_number_a_table_gives_the_rows_named(assistant):
    # a row named by a word of its name that no other row writes, and the table's column named: its number
    a = checked(assistant, "点検資料の表だと、SUREコンソーシアムは参加企業数いくつ？")
    assert not a.abstained and a.answer.splitlines()[0].startswith("参加企業数") and "91" in a.answer.splitlines()[0]
    b = checked(assistant, "点検の連携事例で、GSHIPとBLUE Plasticsは参加企業数がそれぞれ何社？")
    first = b.answer.splitlines()[0]
    assert "151" in first and "BLUE Plastics" in first and "CLOMA" not in first, first


def test_a_figure_answered_only_with_the_figure_the_question_gives_is_not_stated(assistant):
    # a share of a total the sheet gives only as a whole: quoting the whole back is no answer
    a = checked(assistant, "再資源化設備の投資支援379億円、そのうち選別設備の分はいくら？")
    assert a.abstained and "見当たりません" in a.answer.splitlines()[0]
    # a part the sheet does give (a row under the total) is still answered
    b = checked(assistant, "CPsの会員840者のうち大学は何機関？")
    assert not b.abstained and "28" in b.answer


def test_a_month_asked_is_the_month_written_with_what_the_subject_names(assistant):
    # the sheet dates another document 「2026年3月に策定」 on the line beside the guideline, which it dates by
    # no month: the month asked is not stated
    a = checked(assistant, "衣類の行政回収ガイドラインは何月に作る予定？")
    assert a.abstained and "見当たりません" in a.answer.splitlines()[0]
    b = checked(assistant, "重要鉱物閣僚会合は何月に開かれた？")
    assert not b.abstained and "2026年2月" in b.answer.splitlines()[0]


def test_a_value_past_the_glance_length_of_its_clause_is_shown_in_the_first_line(assistant):
    # the share stands at the end of a long sentence: the first line shows the piece that holds it
    a = checked(assistant, "OECD加盟国の中で日本の電子スクラップ処理のシェアはどのくらい？")
    assert not a.abstained and "5割弱" in a.answer.splitlines()[0]


def test_a_law_named_by_its_short_form_is_the_sheets_law():
    from assistant.answer.specifics import shortened

    # invented names: whole words dropped from the middle make the short form; words apart in a sentence do not
    assert shortened("海洋資源保全", "海洋ごみ資源等保全法に基づく")
    assert not shortened("海洋資源保全", "海洋ごみの削減に向けて、資源の保全を進める")
    assert not shortened("海洋資源保全", "海洋に関わる多くの主体が資源の循環と環境の保全")


def test_a_question_naming_a_law_by_its_short_form_is_answered(assistant):
    got = assistant.ask("再資源化高度化法で3年に認める件数")
    assert not got.abstained and "100件" in got.answer.split("\n")[0], got.answer


def test_a_tables_rows_are_a_list_under_the_total_they_break_down(assistant):
    """The items asked of a figure a table breaks down: its rows, each cited, after the line with the total."""
    got = assistant.ask("CPsに参加している会員の構成は？")
    first = got.answer.split("\n")[0]
    assert "840者" in first and "685 社" in first and "56 機関" in first, first
    assert sum("\t" in c.quote for c in got.citations) == 5 and not got.abstained


def test_a_numbered_list_keeps_its_items_over_the_bullets_under_each(assistant):
    """On the real sheets: a numbered list whose items each have bullets under them (「1. …」「・…」「2. …」) is
    one list of its numbered items, the bullets being each item's body."""
    from assistant.answer.lists import enumeration

    assistant.ask("テスト")  # (the index and the composer are loaded)
    composer = assistant.served.composer
    for sheet in assistant.sheets():
        lines = composer.index.lines.get(sheet.id, [])
        numbered = [ln for ln in lines if ln.text[:2] in ("1.", "2.", "3.", "4.")]
        bullets_between = any(ln.text.startswith("・") for ln in lines
                              if numbered and numbered[0].order < ln.order < numbered[-1].order)
        if [ln.text[:2] for ln in numbered] == ["1.", "2.", "3.", "4."] and bullets_between \
                and len({ln.field for ln in numbered}) == 1:
            found = enumeration(composer, sheet, [], 4)
            assert [ln.text[:2] for ln in found] == ["1.", "2.", "3.", "4."], (sheet.name, [ln.text for ln in found])
            return
    pytest.fail("no sheet has a numbered list of four items with bullets under them")


def test_a_brief_of_one_part_of_a_measure_starts_from_that_part(assistant):
    # the subject names a thing the sheet's title does not (the volunteers): the one line is about them, not
    # the measure's opening sentence; a brief of the whole measure still opens with what the measure is
    a = checked(assistant, "園芸博覧会のボランティアが着るものについて一言で")
    first = a.answer.splitlines()[0]
    assert not a.abstained and "ボランティア" in first, first
    b = checked(assistant, "園芸博覧会での資源循環の取組を一言で")
    assert not b.abstained and "ボランティア" not in b.answer.splitlines()[0], b.answer


def test_a_part_answered_as_points_under_a_heading_says_them_on_the_first_line():
    # written for this test: two parts, the first a sheet's points under a heading, the second a value
    from assistant.answer.compose import merge
    from assistant.models import Citation, Composed

    def cite(n: int, quote: str) -> Citation:
        return Citation(n, "t:1", "t.txt", "T", "Ⅲ", 1, "", quote)

    points = Composed("「甲の取組」（Ⅲ）の要点（2点）:\n- 回収拠点を増やす。 [1]\n- 再生材の用途を広げる。 [2]",
                      [cite(1, "回収拠点を増やす。"), cite(2, "再生材の用途を広げる。")], False, "summary")
    value = Composed("目標: 30件 [1]\n「甲の取組」より:\n- 30件 [1]", [cite(1, "30件")], False, "target")
    first, *body = merge([points, value]).text.split("\n")
    assert first.startswith("① 「甲の取組」（Ⅲ）の要点（2点）: 回収拠点を増やす。 [1]／再生材の用途を広げる。 [2]")
    assert "② 目標: 30件 [3]" in first
    # the evidence keeps the heading over its points
    assert body[:3] == ["「甲の取組」（Ⅲ）の要点（2点）:", "- 回収拠点を増やす。 [1]", "- 再生材の用途を広げる。 [2]"]
