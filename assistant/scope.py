"""Whether a question is about something the documents never mention: a noun in the question that
no sheet uses and the glossary does not map to the documents' words (インフレ抑制法, 会長, 東京都…)
means the plan cannot answer a factual question about it."""
from __future__ import annotations

import re
import unicodedata

from .japanese import morphemes, tokenize

# Words of asking rather than of the subject: never evidence that a question is out of scope.
QUESTION_WORDS = set(tokenize(
    "何 幾つ いくつ いくら いま 今 現在 タイミング ブリーフィング 要点 要約 簡潔 まとめる 担当 府省 省庁 "
    "最終的 選ぶ 扱う 防ぐ それぞれ 其々 出る 名前 教える 知る 思う 内容 詳細 具体 概要 ポイント 状況 "
    "方 ところ 感じ 場合 全部 全て すべて 一覧 リスト 説明 理由 背景 関係 関連 どこ どれ だれ 誰 時期 "
    "件数 数 量 額 割合 率 値 目標 目標値 最新値 実績 予定 施策 取組 取り組み 事業 資料 文書 計画 点検 部会 "
    "シート 個票 KPI 指標 何人 何件 何か所 何％ 何年"))
INTERROGATIVE = re.compile(r"^(?:何|いつ|どの|どこ|どれ|どちら|だれ|誰|いくら|いくつ)")  # 何人, いつ頃, どの程度…
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-・][A-Za-z0-9]+)*")
SECTION_LABEL = re.compile(r"^(?:i{1,3}|iv|v|vi{0,3})-\d+$|^[\d.,%]+$")


def unknown_terms(question: str, vocabulary: set[str], glossary) -> list[str]:
    """Nouns of the question that appear in no sheet, after glossary expansion."""
    q = unicodedata.normalize("NFKC", question)
    expanded: set[str] = set()
    for term in glossary.expand(q) if glossary else []:
        expanded |= set(tokenize(term))
    unknown: list[str] = []
    for word in LATIN.findall(q):  # Latin terms as the index sees them (e-scrap, J4CE), not as morphemes
        toks = [t for t in tokenize(word) if t not in QUESTION_WORDS and not SECTION_LABEL.match(t)]
        if toks and not any(t in vocabulary for t in toks) and not (glossary and glossary.expand(word)):
            unknown.append(word)
    for surface, pos in morphemes(LATIN.sub(" ", q)):
        if pos[0] != "名詞" or pos[1] in ("数詞", "助動詞語幹") or len(surface) < 2 or INTERROGATIVE.match(surface):
            continue
        toks = [t for t in tokenize(surface) if t not in QUESTION_WORDS and not SECTION_LABEL.match(t)]
        if not toks or any(t in vocabulary for t in toks):
            continue
        if glossary and glossary.expand(surface):
            continue  # a synonym the documents do use (ソーラーパネル → 太陽光パネル)
        unknown.append(surface)
    return list(dict.fromkeys(unknown))  # each term once (「script」 was named twice for <script>…</script>)
