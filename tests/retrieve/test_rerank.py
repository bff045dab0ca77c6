"""The fitted reranker (assistant/retrieve/rerank.py) on the real index: it puts first the sheet that holds
what the part names when fusion ranked a background section above it, and leaves fusion's order alone
otherwise. The questions are written for these tests."""
from __future__ import annotations

from assistant.query.read import Models
from assistant.retrieve.followup import search_text
from assistant.retrieve.rerank import TOP, features, rerank


def _read(assistant, question):
    reader = assistant.reader
    req = reader.queries.read_alone(question)
    return reader, req, reader.retrieve(search_text(req))


def test_the_sheet_holding_the_named_target_comes_first(assistant):
    reader, req, fused = _read(assistant, "木材の利用量の目標は何万立方メートル？")
    ranked = rerank(fused, req, req.parts[0], reader.queries.models.rerank, reader.sheet_tokens, reader.idf)
    assert fused.hits[0].sheet.kind == "inspection"  # fusion: a background section of the 点検
    assert ranked.hits[0].sheet.kind == "measure" and "木造" in ranked.hits[0].sheet.title
    a = assistant.ask("木材の利用量の目標は何万立方メートル？")
    assert not a.abstained and "2600万" in a.answer.split("\n")[0]


def test_reranking_moves_one_sheet_and_keeps_the_scores_in_their_places(assistant):
    reader, req, fused = _read(assistant, "木材の利用量の目標は何万立方メートル？")
    ranked = rerank(fused, req, req.parts[0], reader.queries.models.rerank, reader.sheet_tokens, reader.idf)
    assert [h.score for h in ranked.hits] == [h.score for h in fused.hits]
    assert {h.sheet.id for h in ranked.hits} == {h.sheet.id for h in fused.hits}
    rest = [h.sheet.id for h in ranked.hits[1:]]
    assert rest == [h.sheet.id for h in fused.hits if h.sheet.id != ranked.hits[0].sheet.id]
    # the retriever's cached ranking is not changed
    assert reader.retrieve(search_text(req)).hits[0].sheet.id == fused.hits[0].sheet.id


def test_a_sheet_named_by_its_title_stays_first(assistant):
    reader, req, fused = _read(assistant, "使用済紙おむつリサイクルの推進とはどんな取組か概要を")
    f = features(req, req.parts[0], fused.hits, reader.sheet_tokens, reader.idf)
    assert len(f) == min(TOP, len(fused.hits)) and f[0]["title_cover"] > 0.5
    ranked = rerank(fused, req, req.parts[0], reader.queries.models.rerank, reader.sheet_tokens, reader.idf)
    assert ranked.hits[0].sheet.id == fused.hits[0].sheet.id and "紙おむつ" in ranked.hits[0].sheet.title


def test_an_unfitted_model_leaves_fusions_order(assistant, tmp_path):
    from assistant.query.linear import load, save

    save(tmp_path / "rerank.json", ["0"], {}, [0.0], {"bootstrap": True})
    load.cache_clear()
    try:
        one_class = load("rerank", str(tmp_path))
        reader, req, fused = _read(assistant, "木材の利用量の目標は何万立方メートル？")
        assert rerank(fused, req, req.parts[0], one_class, reader.sheet_tokens, reader.idf) is fused
    finally:
        load.cache_clear()
    assert isinstance(Models.load(), Models)


def test_what_a_sheet_could_answer_is_read_from_the_sheet(assistant):
    from assistant.retrieve.rerank import holds
    from assistant.text.figures import western_year, years

    sheets = assistant.sheets()
    stating = next(s for s in sheets if s.stated)
    silent = next(s for s in sheets if not s.stated)
    assert "owner" in holds(stating) and "owner" not in holds(silent)
    for s in sheets:  # a target is a figure beside a year the plan sets
        planned = any((western_year(y) or 0) >= 2025 for y in years(s.text))
        assert ("date" in holds(s)) == planned
        assert "target" not in holds(s) or {"date", "figure"} <= holds(s)
    assert any("target" in holds(s) for s in sheets) and any("target" not in holds(s) for s in sheets)
