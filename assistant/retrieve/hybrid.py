"""Hybrid retrieval: dense (Chroma) and sparse (Japanese BM25 with glossary expansion) chunk
rankings fused by weighted reciprocal rank, then aggregated per sheet."""
from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from assistant.errors import IndexNotReady
from assistant.models import Chunk, Retrieval, SheetHit
from assistant.settings import Settings
from assistant.text.normalize import has_japanese, nfkc, norm, normalize

# Words by which staff name a kind of document ("点検資料では…"): a question that names one prefers
# that document's sheets.
SCOPE_WORDS = re.compile(r"(?P<inspection>点検|部会|ヒアリング|審議)|(?P<measure>施策集|個票)")
SCOPE_BOOST = 1.5
# A chapter named in the question ("Ⅲ-2の背景") prefers the sheets of that chapter.
CHAPTER = re.compile(r"\b((?:I{1,3}|IV|V|VI{1,3})\s*-\s*\d+)")
# A sheet named by its title ("Ⅲ-2の背景を要約して", a measure's full name) is preferred over sheets
# that only share words with the question. Enumerators and notes in brackets are not part of the name.
TITLE_BOOST = 1.3
TITLE_NOISE = re.compile(r"^(?:[(（]\s*[0-9０-９]+\s*[)）]|[①-⑳]|[0-9０-９]+[.．])\s*|[（(【][^）)】]*[）)】]")
MIN_TITLE_CHARS = 2
# Rankings kept per query: a conversation reads its earlier questions again at every turn
CACHED_QUERIES = 512


ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z][A-Za-z0-9]*\b")  # two capitals or more: PIC, SAF, J4CE, CPs


class HybridRetriever:
    """Ranks sheets for a question: BM25 over Sudachi tokens (with glossary expansions) and dense
    similarity over the chunks, fused per sheet; results cached per query (LRU)."""

    def __init__(self, settings: Settings, index, embeddings, glossary, bridge=None):
        """`bridge` (text/english.Bridge): an English question's words in the documents' Japanese, for BM25."""
        self.settings = settings
        self.index = index
        self.embeddings = embeddings
        self.glossary = glossary
        self.bridge = bridge
        self.sheets = {s.id: s for s in index.sheets}
        # the name a question would use for each sheet (TITLE_BOOST), computed once, not per query
        self.names = {s.id: norm(TITLE_NOISE.sub("", s.title)) for s in index.sheets}
        self.chunk_pos = {c.id: i for i, c in enumerate(index.chunks)}
        self._cache: OrderedDict[tuple[str, int], Retrieval] = OrderedDict()
        self._near: OrderedDict[tuple[str, int], list[tuple[int, float]]] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.cache_size = CACHED_QUERIES  # 0 turns the cache off (the benchmark times every ranking)
        self._written: str | None = None

    def clear_cache(self) -> None:
        """Forget the cached rankings (the benchmark times uncached ones)."""
        with self._cache_lock:
            self._cache.clear()
            self._near.clear()

    def dense(self, query: str, k: int, vector: list[float] | None = None) -> list[tuple[int, float]]:
        """(chunk position, cosine distance) of the `k` chunks nearest to the query's embedding (`vector`,
        when it was embedded already)."""
        if vector is None:
            vector = self.embeddings.embed_query(query)
        return self._nearest({query: vector}, k)[query]

    def _nearest(self, vectors: dict[str, list[float]], k: int) -> dict[str, list[tuple[int, float]]]:
        """`dense` for several embedded texts, asked of the store in one query (each query through
        LangChain's wrapper costs ~3 ms, most of it fetching texts and metadata the ranking never reads;
        one query for four texts ~1.7 ms); kept with the rankings, so a text searched again is not."""
        with self._cache_lock:
            known = {t: self._near[(t, k)] for t in vectors if (t, k) in self._near}
        todo = [t for t in vectors if t not in known]
        if todo:
            try:
                found = self.index.store._collection.query(query_embeddings=[vectors[t] for t in todo],
                                                           n_results=k, include=["distances"])
            except Exception as exc:  # a Chroma server that went away, or damaged local files
                where = (f"the Chroma server at {self.settings.chroma_host}:{self.settings.chroma_port}"
                         if self.settings.chroma_host else f"the index at {self.index.path}")
                raise IndexNotReady(f"{where} cannot be queried ({type(exc).__name__}); check that it is "
                                    "running, or run `python -m assistant index --rebuild`") from exc
            for text, ids, distances in zip(todo, found["ids"], found["distances"] or [], strict=True):
                known[text] = [(self.chunk_pos[i], float(d)) for i, d in zip(ids, distances, strict=True)
                               if i in self.chunk_pos]
            with self._cache_lock:
                for text in todo:
                    self._near[(text, k)] = known[text]
                while len(self._near) > self.cache_size:
                    self._near.popitem(last=False)
        return known

    def documents_words(self, query: str) -> str:
        """The query with each glossary term that no sheet writes replaced by its longest equivalent that
        the sheets do write (CEポート → サーキュラーエコノミーポート); unchanged when there is none."""
        if not self.glossary:
            return query
        for variant in self.glossary.variants(query)[1:]:
            if norm(variant) != norm(query) and self._unwritten(query, variant):
                return variant
        return query

    def _unwritten(self, query: str, variant: str) -> bool:
        """Whether the words the variant replaced are written by no sheet (staff vocabulary)."""
        if self._written is None:
            self._written = normalize("".join(s.text for s in self.index.sheets)).replace(" ", "")
        q, v = normalize(query).replace(" ", ""), normalize(variant).replace(" ", "")
        start = 0
        while start < min(len(q), len(v)) and q[start] == v[start]:
            start += 1
        end = 0
        while end < min(len(q), len(v)) - start and q[-1 - end] == v[-1 - end]:
            end += 1
        replaced = q[start:len(q) - end]
        return bool(replaced) and replaced not in self._written

    def sparse(self, query: str, k: int, extra: list[str]) -> list[tuple[int, float]]:
        """(chunk position, BM25 score) of the `k` best chunks, `extra` terms weighing less."""
        return self.index.sparse.search(query, k, extra_terms=extra)

    def retrieve(self, query: str, top_k: int | None = None) -> Retrieval:
        """Ranked sheets for a query, each with its best chunks. The same query is ranked once (an
        index is never changed in place: a rebuild makes a new retriever); callers get their own
        list of hits."""
        return self.retrieve_many([query], top_k)[0]

    def closeness(self, query: str, also: Sequence[str] = ()) -> float:
        """How near a query is in meaning to the plan, as its ranking would give it (one minus the cosine
        distance of the nearest chunk to it in the documents' words), without ranking it; `also` (queries
        ranked next) are embedded in the same call into the encoder, with their documents' words."""
        with self._cache_lock:
            known = self._cache.get((query, self.settings.top_k))
        if known is not None:
            return known.closeness
        words = {q: self.documents_words(q) for q in dict.fromkeys([query, *also])}
        return _closeness(self._searched(words)[words[query]])

    def _embedded(self, words: dict[str, str]) -> dict[str, list[float]]:
        """The vectors of queries in the documents' words (`words[query]`) and as written, in one call into
        the encoder (the composer ranks evidence by a question's own vector); none from an encoder that
        embeds one text at a time (each is embedded when searched)."""
        batch = getattr(self.embeddings, "embed_questions", None)
        if batch is None or not words:
            return {}
        texts = list(dict.fromkeys([*words.values(), *(q for q, w in words.items() if w != q)]))
        return dict(zip(texts, batch(texts), strict=True))

    def retrieve_many(self, queries: list[str], top_k: int | None = None) -> list[Retrieval]:
        """`retrieve` for each query; the ones not ranked yet are embedded together, in one call into the
        encoder (each call costs the engine's threads a wake-up, ~10 ms with a passive wait policy)."""
        k = top_k or self.settings.top_k
        with self._cache_lock:
            known = {q: self._cache[(q, k)] for q in queries if (q, k) in self._cache}
            for q in known:
                self._cache.move_to_end((q, k))
        todo = [q for q in dict.fromkeys(queries) if q not in known]
        words = {q: self.documents_words(q) for q in todo}
        t = time.perf_counter()
        nearest = self._searched(words)
        searched_ms = (time.perf_counter() - t) * 1000  # one call for all: each query's dense time is the call's
        for q in todo:
            known[q] = self._retrieve(q, k, nearest[words[q]], searched_ms)
            with self._cache_lock:
                self._cache[(q, k)] = known[q]
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return [replace(known[q], hits=list(known[q].hits), expansions=list(known[q].expansions)) for q in queries]

    def _searched(self, words: dict[str, str]) -> dict[str, list[tuple[int, float]]]:
        """The dense rankings of queries in the documents' words (`words[query]`), embedded in one call into
        the encoder and searched in one query of the store."""
        embedded = self._embedded(words)
        texts = dict.fromkeys(words.values())
        return self._nearest({t: embedded.get(t) or self.embeddings.embed_query(t) for t in texts},
                             self.settings.candidates)

    def _retrieve(self, query: str, top_k: int, dense: list[tuple[int, float]], dense_ms: float) -> Retrieval:
        """The ranking of `query`, given the dense ranking of its words in the documents' words
        (documents_words), which the encoder reads, and the time that ranking took."""
        s = self.settings
        t1 = time.perf_counter()
        extra = self.glossary.expand(query) if self.glossary else []
        # the encoder read the question in the documents' words (`_searched`): a staff word or short form that
        # no sheet writes (CEポート) was replaced by the glossary's equivalent that they do; BM25 gets the equivalents
        # as extra terms. An English question is searched by the Japanese nouns its words gloss (its own
        # words match only the documents' English notes); they are its expansions for the composer too.
        bridged = self.bridge.terms(query) if self.bridge is not None else []
        if has_japanese(query):
            sparse = self.sparse(query, s.candidates, extra)
        else:
            # its acronyms (PIC, SAF) are names the documents write as they are; its other words are not theirs
            names = ACRONYM.findall(query)
            sparse = self.sparse(" ".join(names + bridged), s.candidates, []) if names or bridged else []
            extra = extra + [w for w in bridged if w not in extra]
        t2 = time.perf_counter()
        # weighted reciprocal-rank fusion as LangChain's EnsembleRetriever does it, written here because
        # the fused unit is the chunk and the result the sheet (MaxP, scope and title boosts below)
        fused: dict[int, float] = defaultdict(float)
        for weight, ranking in ((s.dense_weight, dense), (s.sparse_weight, sparse)):
            for rank, (pos, _score) in enumerate(ranking):
                fused[pos] += weight / (s.rrf_k + rank + 1)
        per_sheet: dict[str, list[tuple[Chunk, float]]] = defaultdict(list)
        for pos, score in sorted(fused.items(), key=lambda kv: -kv[1]):
            chunk = self.index.chunks[pos]
            per_sheet[chunk.sheet_id].append((chunk, score))
        hits = []
        for sid, chunks in per_sheet.items():
            # the best chunk decides (MaxP); long sheets with many weak matches do not outrank the
            # sheet that is about the question (measured: see BENCHMARKS.md)
            score = chunks[0][1] + s.extra_chunk_weight * sum(c[1] for c in chunks[1:3])
            hits.append(SheetHit(self.sheets[sid], score, chunks[:3]))
        q = nfkc(query)
        scoped = {m.lastgroup for m in SCOPE_WORDS.finditer(q)}
        if len(scoped) == 1:
            kind = scoped.pop()
            for h in hits:
                if (h.sheet.kind == "inspection") == (kind == "inspection"):
                    h.score *= SCOPE_BOOST
        chapters = {"".join(c.split()) for c in CHAPTER.findall(q)}
        if chapters:
            for h in hits:
                if any(norm(h.sheet.section).startswith(c) for c in chapters):
                    h.score *= SCOPE_BOOST
        q_norm = norm(q)
        for h in hits:
            name = self.names[h.sheet.id]
            if len(name) >= MIN_TITLE_CHARS and name in q_norm:
                h.score *= TITLE_BOOST
        hits.sort(key=lambda h: -h.score)
        t3 = time.perf_counter()
        timings = {"dense": dense_ms, "sparse": (t2 - t1) * 1000, "fuse": (t3 - t2) * 1000}
        return Retrieval(hits[:max(top_k, 10)], timings, extra, closeness=_closeness(dense))


def _closeness(dense: list[tuple[int, float]]) -> float:
    """A query's closeness to the plan: the store gives cosine distances, one minus the nearest."""
    return 1.0 - min((score for _, score in dense), default=1.0)
