"""Where a question limits itself: one document (named by a word of its title that the other documents'
titles lack and few sheets write: 施策集, 点検) or a chapter of it (Ⅲ-2, as the sheets' sections name
their chapters). Read from the catalog, not from a list of words."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.models import Sheet
from assistant.models.request import DocumentScope, Scope
from assistant.text.japanese import words
from assistant.text.normalize import nfkc, norm

# a title word names its document when at most 1 sheet in 10 writes it (the document is named, not its
# subject: 評価 or 分野 are written everywhere)
NAMING_SHARE = 0.1


class Scoper:
    """The catalog's document-naming words and chapter names."""

    def __init__(self, sheets: Sequence[Sheet]):
        titles: dict[DocumentScope, set[str]] = {"measure": set(), "inspection": set()}
        for s in sheets:
            kind: DocumentScope = "inspection" if s.kind == "inspection" else "measure"
            titles[kind] |= _title_words(s.doc_title)
        texts = [norm(s.text) for s in sheets]
        self.naming: dict[str, DocumentScope] = {}
        for kind, own in titles.items():
            others = set().union(*(v for k, v in titles.items() if k != kind))
            for w in own - others:
                share = sum(w in t for t in texts) / max(1, len(texts))
                if share <= NAMING_SHARE:
                    self.naming[w] = kind
        self.chapters = sorted({nfkc(s.section.split("＞")[0]).strip() for s in sheets if s.kind == "inspection"
                                and "-" in nfkc(s.section.split("＞")[0])}, key=len, reverse=True)

    def _pieces(self, phrase: str, fold=norm) -> tuple[bool, list[tuple[str, bool | None]]]:
        """A phrase (folded by `fold`) with its chapter names taken out, whether it named one, and its pieces
        in order: each compound (a run of nouns, prefixes and suffixes) with whether it names a document, and
        the words between them (None)."""
        rest = fold(phrase)
        chapter = False
        for c in self.chapters:
            chapter = chapter or fold(c) in rest
            rest = rest.replace(fold(c), " ")
        pieces: list[tuple[str, bool | None]] = []
        run = ""
        for surface, pos, _ in [*words(rest), (" ", ("空白",), " ")]:
            if pos[0] in ("名詞", "接頭辞", "接尾辞", "英字") and surface.strip():
                run += surface
                continue
            if run:
                pieces.append((run, any(w in run for w in self.naming)))
            pieces.append((surface, None))
            run = ""
        return chapter, pieces

    def names_only_a_document(self, phrase: str, rare: Callable[[str], bool]) -> bool:
        """Whether a phrase names nothing but a document or chapter (施策集, 点検資料, Ⅲ-2): a compound holding
        a document's naming word names the document, and what is left besides picks nothing out
        (`rare(word)`: whether few sheets write it)."""
        chapter, pieces = self._pieces(phrase)
        named = chapter or any(document for _, document in pieces)
        return named and not any(rare(text) for text, document in pieces if document is False)

    def without_documents(self, phrase: str) -> str:
        """A subject less the documents and chapters it names (「…の導入量 施策集 点検資料」 → 「…の導入量」):
        each is where to look, not what is asked of."""
        _, pieces = self._pieces(phrase, nfkc)
        return " ".join("".join(text for text, document in pieces if not document).split()) or phrase

    def namings(self, question: str) -> list[tuple[int, int, DocumentScope]]:
        """Where an (NFKC) question names a document or a chapter: (start, end, document), in order."""
        spans: list[tuple[int, int, DocumentScope]] = []
        named = [*sorted(self.naming.items(), key=lambda x: -len(x[0])), *((c, "inspection") for c in self.chapters)]
        for w, kind in named:
            for m in re.finditer(re.escape(w), question):
                if not any(s < m.end() and m.start() < e for s, e, _ in spans):
                    spans.append((m.start(), m.end(), kind))
        return sorted(spans)

    def stretches(self, question: str) -> list[tuple[int, int, DocumentScope]]:
        """Where an (NFKC) question speaks of each document, when it names one and then the other
        (「点検の表では…、施策集では…」): (start, end, document) from the first document's first naming to
        the other's, and from there to the end; none when it names one only, or goes back to the first.
        (Two named side by side, 「施策集と点検資料で…」, make a first stretch that says nothing of its own.)"""
        spans = self.namings(question)
        turns = [(s, kind) for i, (s, _, kind) in enumerate(spans) if i == 0 or spans[i - 1][2] != kind]
        if len(turns) != 2:
            return []
        (first, one), (second, other) = turns
        return [(first, second, one), (second, len(question), other)]

    def scope(self, question: str) -> Scope:
        """The document and chapter an (NFKC) question names, if any."""
        q = norm(question)
        kinds = {kind for w, kind in self.naming.items() if w in q}
        chapter = next((c for c in self.chapters if norm(c) in q), None)
        document = next(iter(kinds)) if len(kinds) == 1 else None
        if chapter and document is None:
            document = "inspection"
        return Scope(document, chapter, both=len(kinds) == 2)


def _title_words(title: str) -> set[str]:
    """A title's nouns and pairs of adjacent nouns (施策 + 集 = 施策集), in the matching form."""
    ms = [(s, p) for s, p, _ in words(nfkc(title))]
    out = set()
    for i, (s, p) in enumerate(ms):
        if p[0] != "名詞" or p[1] == "数詞":
            continue
        if len(s) > 1:
            out.add(norm(s))
        if i + 1 < len(ms) and ms[i + 1][1][0] in ("名詞", "接尾辞") and ms[i + 1][1][1] != "数詞":
            out.add(norm(s + ms[i + 1][0]))
    return out
