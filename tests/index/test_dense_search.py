"""Chroma's approximate (HNSW) search returns the chunks an exact search would, on the real index."""
from __future__ import annotations

import numpy as np

# written for this test: topics across both documents, terse and long, and a few far from any sheet
QUESTIONS = [
    "太陽光パネルの大量廃棄にどう備えるのか",
    "使用済み小型家電から金や銅を回収する取組",
    "プラスチックの再生材を自動車部品に使う目標",
    "食品ロスを減らすための事業者への支援",
    "建設現場から出る廃材のリサイクル率",
    "リチウムイオン電池の発火事故を防ぐ回収方法",
    "地方自治体が進める資源循環の計画づくり",
    "衣類の回収と繊維から繊維へのリサイクル",
    "港湾を拠点にした循環資源の輸送",
    "バイオマスを燃料ではなく素材として使う",
    "スタートアップの循環型ビジネスへの資金支援",
    "海外に流出しているスクラップを国内で使う",
    "製品の設計段階で解体しやすくする工夫",
    "レアメタルの安定的な確保",
    "廃棄物処理施設の広域化と集約化",
    "消費者が修理して長く使うための情報提供",
    "循環経済に関する国際的なルールづくりへの参加",
    "下水汚泥の肥料利用",
    "紙おむつの再生利用",
    "ガラスびんの再使用",
    "循環経済の市場規模はどれくらいか",
    "指標の進捗状況を点検した結果",
    "自動車の解体業者との連携",
    "デジタル技術で資源の流れを追跡する",
    "What is planned for recycling of solar panels?",
    "Which ministry supports recycled plastics?",
    "今日の天気は",
    "宇宙ごみの回収",
]


def test_the_vector_search_misses_none_of_the_nearest_chunks(assistant):
    """Every chunk clearly nearer than the k-th nearest (exact cosine over the stored vectors) is among
    the k the retriever's dense search returns; ties at the k-th place may fall either way."""
    index = assistant.ensure_index()
    stored = index.store._collection.get(include=["embeddings"])
    pos = {c.id: i for i, c in enumerate(index.chunks)}
    vectors = np.asarray(stored["embeddings"], dtype=np.float64)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    k = assistant.settings.candidates
    for question in QUESTIONS:
        query = np.asarray(assistant.embeddings.embed_query(question), dtype=np.float64)
        sims = vectors @ (query / np.linalg.norm(query))
        kth = np.sort(sims)[-k]
        must = {pos[stored["ids"][i]] for i in np.flatnonzero(sims > kth + 1e-6)}
        found = {p for p, _ in assistant.retriever.dense(question, k)}
        assert not must - found, f"{question!r}: {len(must - found)} of the {k} nearest chunks not returned"
