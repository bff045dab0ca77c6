"""Japanese tokenisation, the mined/curated glossary and the BM25 index, on the real plan texts."""
from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest

from assistant.index.sparse import SparseIndex
from assistant.text import japanese
from assistant.text.glossary import Glossary, load_glossary, mine_glossary
from assistant.text.japanese import normalize, tokenize
from tests.helpers import checked

DOCS = Path(__file__).resolve().parents[2] / "docs_source"
MEASURES = DOCS / "002_dc7e15a85d2a7a74.txt"  # 施策集
INSPECTION = DOCS / "000_1412c9d0e289725a.txt"  # 点検


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [MEASURES.read_text(encoding="utf-8"), INSPECTION.read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def paragraphs(texts) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", texts[0]) if p.strip()]


@pytest.fixture(scope="module")
def index(paragraphs) -> SparseIndex:
    return SparseIndex.build(paragraphs)


@pytest.fixture(scope="module")
def glossary(texts) -> Glossary:
    return Glossary.build(texts, DOCS / "glossary.yaml")


# ---- normalize / tokenize ----------------------------------------------------------------------
def test_normalize():
    assert normalize("ＳＡＦ（持続可能な航空燃料）") == "saf(持続可能な航空燃料)"
    assert normalize("**重要鉱物**\t行動\n\n計画\x00 ") == "重要鉱物 行動 計画"
    assert normalize("e\u200b-scrap") == "e-scrap"  # zero-width space inside a word
    # beyond the BMP: a language tag (format) goes, a supplementary-plane letter stays
    assert normalize("J4CE\U000E0001の\U00020BB7野家") == "j4ceの\U00020BB7野家"
    assert normalize("行動\u2028計画\u00ad案\x85") == "行動 計画案"


def test_tokenize_known_phrases():
    toks = tokenize("太陽光パネルのリサイクル")
    assert {"太陽光", "パネル", "リサイクル"} <= set(toks)
    assert "の" not in toks
    toks = tokenize("リチウムイオン電池総合対策パッケージ")
    assert {"リチウム", "イオン", "電池", "総合", "対策", "パッケージ"} <= set(toks)
    assert {"太陽光", "太陽"} <= set(tokenize("太陽光"))  # a word and its mode-A pieces
    toks = tokenize("国産電解銅の約3割を、e-scrap等の再生原料由来に")
    assert "e-scrap" in toks and "国産" in toks and "電解" in toks
    assert {"saf", "j4ce", "cloma", "elv"} <= set(tokenize("SAF、J4CE、CLOMA及びELV"))
    assert "pla-netj" in tokenize("情報流通プラットフォーム（PLA-NETJ）")


def test_tokenize_drops_function_words_and_unifies_variants():
    toks = tokenize("どこの省が担当していますか？教えてください。")
    assert "省" in toks and "担当" in toks
    assert not {"どこ", "が", "て", "ます", "か", "?", "する", "いる", "くださる"} & set(toks)
    assert tokenize("強靱化") == tokenize("強靭化")
    assert tokenize("使用済み紙おむつ") == tokenize("使用済紙おむつ")
    assert tokenize("令和8年度予算案として379億円を計上") == tokenize("令和８年度予算案として３７９億円を計上")


def test_tokenize_real_text_is_fast_and_keeps_ascii_terms(texts):
    japanese._ja_tokens.cache_clear()
    start = time.perf_counter()
    toks = [t for text in texts for t in tokenize(text)]
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0, f"tokenizing the corpus took {elapsed:.2f}s"
    vocab = set(toks)
    assert {"e-scrap", "saf", "j4ce", "cloma", "elv", "太陽光", "リチウム", "電池"} <= vocab
    assert not any(t.strip() == "" or t in "、。()「」・" for t in vocab)


def test_content_words_are_the_tokens_with_the_text_they_were_read_from(paragraphs):
    """The keyword search looks tokens up as `tokenize` gives them and highlights the surfaces."""
    for p in paragraphs[:200]:
        found = japanese.content_words(p)
        assert [t for t, _ in found] == tokenize(p, subtokens=False)
        assert all(s in normalize(p) for _, s in found)
    assert japanese.content_words("使用済み紙おむつ") == [("使用", "使用"), ("済み", "済み"), ("紙御襁褓", "紙おむつ")]


def test_tokenize_is_thread_safe(paragraphs):
    sample = paragraphs[:300]
    expected = [tokenize(p) for p in sample]
    japanese._ja_tokens.cache_clear()  # make the threads really run Sudachi
    results: dict[int, list[list[str]]] = {}
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            results[n] = [tokenize(p) for p in (sample if n % 2 else sample[::-1])]
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for n, got in results.items():
        assert got == (expected if n % 2 else expected[::-1])


# ---- glossary ----------------------------------------------------------------------------------
def test_mined_glossary_from_real_texts(texts):
    g = mine_glossary(texts)
    for short, long in [("e-scrap", "電子スクラップ"), ("saf", "持続可能な航空燃料"),
                        ("j4ce", "循環経済パートナーシップ"), ("cps", "サーキュラーパートナーズ"),
                        ("群マネ", "地域インフラ群再生戦略マネジメント"), ("elv", "使用済自動車"),
                        ("cloma", "japan clean ocean material alliance")]:
        assert long in g.get(short, set()), (short, g.get(short))
        assert short in g.get(long, set()), (long, g.get(long))
    # the noun phrase right before the parenthesis, not the sentence
    assert all(len(k) <= 30 for k in g if not k.isascii())
    assert not any("、" in k or "。" in k for k in g)
    # ministry tags after many measures ((環境), (経産)) and dates are not aliases
    assert "環境" not in g and "経産" not in g
    assert not any(re.search(r"\d{4}", k) for k in g)


def test_glossary_yaml_loads_symmetric():
    g = load_glossary(DOCS / "glossary.yaml")
    assert "食品ロス" in g["フードロス"] and "フードロス" in g["食品ロス"]
    assert "リチウムイオン電池" in g["lib"]
    assert "太陽光パネル" in g["ソーラーパネル"]
    assert load_glossary(DOCS / "no-such-glossary.yaml") == {}


def test_glossary_expand(glossary):
    assert "食品ロス" in glossary.expand("フードロス削減の施策は？")
    assert "リチウムイオン電池" in glossary.expand("LiBのリサイクル")
    assert "持続可能な航空燃料" in glossary.expand("国産ＳＡＦの製造")
    assert {"e-scrap", "電子スクラップ"} <= set(glossary.expand("電子基板スクラップ等の再生原料"))
    assert glossary.expand("再生材の品質") == [] or "再生材" not in glossary.expand("再生材の品質")
    # terms the query already contains are not repeated; ASCII keys match whole words only
    assert "saf" not in glossary.expand("SAF（持続可能な航空燃料）")
    assert Glossary({"saf": {"持続可能な航空燃料"}}).expand("safety data") == []


def test_a_word_spelled_in_kana_is_expanded_to_the_way_the_documents_write_it(glossary):
    assert "紙おむつ" in glossary.expand("かみおむつのリサイクル")
    assert "長期優良住宅" in glossary.expand("ちょうきゆうりょうじゅうたくを増やす")
    assert glossary.variants("かみおむつの回収")[-1] == "紙おむつの回収"
    # a reading inside other words, or one that is a particle and a noun, spells nothing: 「している」 holds
    # the reading of 指定, 「のうち」 that of 農地
    assert glossary.expand("所管している施策のうち最新のもの") == []
    assert not any(w.isascii() for ws in glossary.kana.values() for w in ws)  # 'recycle' is read リサイクル


def test_a_word_typed_in_katakana_or_as_two_nouns_in_hiragana_is_read_as_the_documents_write_it(glossary):
    # katakana spells what hiragana does (the fold keeps positions); two nouns the dictionary reads apart
    # are one word to whoever types them in kana
    assert glossary.respelled("カミオムツを集める") == "紙おむつを集める"
    assert glossary.respelled("すくらっぷやーどの届出") == "スクラップヤードの届出"
    # a reading inside other words spells nothing, whatever its script
    assert glossary.respelled("所管シテイル施策") == "所管シテイル施策"


def test_a_question_typed_in_kana_is_read_and_answered_in_the_documents_words(assistant):
    a = checked(assistant, "すくらっぷやーどの規制、準備はいつまでに進める？")
    assert a.request["parts"][0]["query"].startswith("スクラップヤード"), a.request["parts"][0]
    assert not a.abstained and "2027年度" in a.answer.splitlines()[0], a.answer.splitlines()[0]


def test_a_measure_asked_in_kana_is_answered(assistant):
    a = checked(assistant, "かみおむつのリサイクル、取り組む自治体数の目標は？")
    assert not a.abstained and "150" in a.answer.splitlines()[0]


# ---- sparse index ------------------------------------------------------------------------------
def test_budget_question_finds_the_379_line(index, paragraphs, glossary):
    for q in ("設備投資支援の令和8年度予算", "再生材供給の強靱化に向けた設備投資への令和8年度の計上額"):
        hits = index.search(q, 5, glossary.expand(q))
        assert any("379億円" in paragraphs[i] for i, _ in hits[:2]), [paragraphs[i][:40] for i, _ in hits]
    first = index.search("設備投資支援の令和8年度予算", 5)[0][0]
    assert "379億円" in paragraphs[first]


def test_expansion_finds_saf_paragraphs(index, paragraphs, glossary):
    q = "持続可能な航空燃料"
    extra = glossary.expand(q)
    assert "saf" in extra
    # a heading that says only "SAF" shares no word with the long form: found only via expansion
    only_abbrev = [i for i, p in enumerate(paragraphs) if p == "1. 国産SAFの国際認証取得"]
    assert only_abbrev
    plain = dict(index.search(q, len(paragraphs)))
    expanded = dict(index.search(q, len(paragraphs), extra))
    assert not any(i in plain for i in only_abbrev)
    assert all(i in expanded for i in only_abbrev)
    saf_top = [i for i, _ in index.search(q, 10, extra)]
    assert sum("SAF" in paragraphs[i] for i in saf_top) > sum("SAF" in paragraphs[i] for i in list(plain)[:10])
    top = index.search("持続可能な航空燃料の市場規模", 3, glossary.expand("持続可能な航空燃料の市場規模"))
    assert "SAF" in paragraphs[top[0][0]]


def test_search_edge_cases(index, paragraphs):
    assert index.search("", 5) == []
    assert index.search("、。？", 5) == []
    assert index.search("zzqxv qqqz", 5) == []  # tokens absent from the vocabulary
    assert index.search("太陽光パネル", 0) == []
    hits = index.search("太陽光パネル", 10 * len(paragraphs))
    assert 0 < len(hits) < len(paragraphs)
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    small = SparseIndex.build(["太陽光パネル", "", "リチウムイオン電池"])
    assert [i for i, _ in small.search("電池 パネル", 100)] in ([0, 2], [2, 0])


def test_save_load_round_trip(index, paragraphs, glossary, tmp_path):
    index.save(tmp_path / "sparse")
    loaded = SparseIndex.load(tmp_path / "sparse")
    assert len(loaded) == len(paragraphs)
    for q in ("設備投資支援の令和8年度予算", "持続可能な航空燃料", "e-scrapの調達", "群マネ"):
        extra = glossary.expand(q)
        assert loaded.search(q, 20, extra) == index.search(q, 20, extra)


def test_english_function_words_are_not_tokens_but_capital_acronyms_are():
    # written for this test: an English question, and Japanese text with acronyms that are stopwords in lower case
    assert tokenize("How many ports will the plan select?", subtokens=False) == ["many", "ports", "plan", "select"]
    assert "it" in tokenize("IT人材の育成", subtokens=False)
    assert tokenize("the Circular Economy", subtokens=False) == ["circular", "economy"]
