"""The BM25 index on a few made-up lines: what it finds, in which order, expansion terms weighing
less, and saving, loading and refusing files it cannot trust."""
from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.index.sparse import EXTRA_WEIGHT, META, SparseIndex
from assistant.text.japanese import TOKENIZER_VERSION

TEXTS = ["太陽光パネルのリサイクルを推進する。",
         "使用済太陽光パネルの回収と再資源化の義務化を検討する。",
         "国産電解銅の再生原料比率を高める。",
         "食品ロスの削減に向けた国民運動を展開する。"]


@pytest.fixture(scope="module")
def index():
    return SparseIndex.build(TEXTS)


def test_only_documents_sharing_a_word_are_found_best_first(index):
    hits = index.search("太陽光パネルの回収と再資源化", 10)
    assert [i for i, _ in hits] == [1, 0]  # 回収 and 再資源化 are only in the second (the longer one)
    assert hits[0][1] > hits[1][1] > 0
    assert [i for i, _ in index.search("電解銅", 10)] == [2]
    assert index.search("宇宙開発", 10) == []  # no shared word: nothing, not every document at 0


def test_k_limits_and_may_exceed_the_corpus(index):
    assert len(index.search("太陽光パネル", 1)) == 1
    assert len(index.search("太陽光パネル", 100)) == 2
    assert index.search("太陽光パネル", 0) == [] and len(index) == 4


def test_ties_keep_document_order():
    twins = SparseIndex.build(["銅の回収を進める。", "銅の回収を進める。", "紙の回収を進める。"])
    assert [i for i, _ in twins.search("銅", 5)] == [0, 1]


def test_a_word_repeated_in_the_question_counts_once(index):
    assert np.array_equal(index.scores("食品ロス 食品ロス 食品ロス"), index.scores("食品ロス"))


def test_expansion_terms_count_for_less_than_the_users_own_words(index):
    own = index.scores("太陽光パネル")
    expanded = index.scores("ソーラーパネル", extra_terms=["太陽光パネル"])
    hit = own > 0
    assert hit.sum() == 2
    # パネル is also the user's own word (full weight); 太陽光 and its pieces only come from the expansion
    assert np.all(expanded[hit] < own[hit]) and np.all(expanded[hit] > EXTRA_WEIGHT * own[hit] - 1e-9)
    only_expansion = index.scores("宇宙開発", extra_terms=["電解銅"])
    assert np.allclose(only_expansion, EXTRA_WEIGHT * index.scores("電解銅"))
    # a word both asked and expanded to keeps its full weight
    assert np.allclose(index.scores("電解銅", extra_terms=["電解銅"]), index.scores("電解銅"))


def test_an_index_of_empty_texts_matches_nothing():
    empty = SparseIndex.build(["", "   "])
    assert len(empty) == 2 and empty.search("太陽光パネル", 5) == []
    assert SparseIndex.build([]).search("太陽光パネル", 5) == []


def test_save_and_load_give_the_same_scores(index, tmp_path):
    index.save(tmp_path / "sparse")
    meta = json.loads((tmp_path / "sparse" / META).read_text(encoding="utf-8"))
    assert meta == {"n_docs": 4, "tokenizer": TOKENIZER_VERSION}
    loaded = SparseIndex.load(tmp_path / "sparse")
    assert len(loaded) == 4
    for q in ("太陽光パネルの回収", "電解銅", "食品ロス"):
        assert np.array_equal(loaded.scores(q), index.scores(q))
        assert loaded.search(q, 3) == index.search(q, 3)


def test_an_index_built_with_another_tokenizer_is_refused(index, tmp_path):
    index.save(tmp_path)
    (tmp_path / META).write_text(json.dumps({"n_docs": 4, "tokenizer": "sudachi-old"}), encoding="utf-8")
    with pytest.raises(ValueError, match="tokenizer 'sudachi-old'"):
        SparseIndex.load(tmp_path)


def test_files_that_disagree_on_the_corpus_are_refused(index, tmp_path):
    index.save(tmp_path)
    (tmp_path / META).write_text(json.dumps({"n_docs": 7, "tokenizer": TOKENIZER_VERSION}), encoding="utf-8")
    with pytest.raises(ValueError, match="number of documents"):
        SparseIndex.load(tmp_path)
