"""The seams where parts are swapped: what the Assistant (assistant/service.py) and the chain
(assistant/chain.py) need of each part, declared as Protocols so that mypy checks every
implementation and a replacement (another store, another model server) knows what to provide.

The embedder is LangChain's own interface (`langchain_core.embeddings.Embeddings`, with the
`model_key` our cache keys vectors by); the others are ours, because no LangChain interface
carries what they exchange (sheets, retrieval hits, composed answers with checked quotes)."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from assistant.index.store import Manifest, OpenIndex
    from assistant.ingest.catalog import Catalog
    from assistant.models import Composed, Retrieval, Sheet, SheetHit
    from assistant.models.request import Request

Progress = Callable[[str, int, int], None]


class Embedder(Protocol):
    """Text → vector (LangChain's Embeddings), named by the model key the caches are keyed with."""

    model_key: str

    def embed_query(self, text: str) -> list[float]: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


class Store(Protocol):
    """Where the index lives and how it is kept current (assistant/index/store.py: IndexStore, over a
    local Chroma folder or a Chroma server); what it opens is a plain dataclass (OpenIndex)."""

    def staleness(self) -> str | None: ...

    def build(self, catalog: Catalog | None = None, progress: Progress | None = None) -> Manifest: ...

    def open(self) -> OpenIndex: ...

    def manifest(self) -> Manifest | None: ...


class Retriever(Protocol):
    """A question → the sheets that answer it, best first (assistant/retrieve/hybrid.py)."""

    def retrieve(self, query: str, top_k: int | None = None) -> Retrieval: ...


class Composer(Protocol):
    """The offline composer: an answer from the retrieved sheets' own sentences
    (assistant/answer/compose.py: OfflineComposer)."""

    def compose(self, request: Request, retrievals: list[Retrieval], query_vector=None, words: str = "",
                listed: list[str] | None = None, topic: Request | None = None) -> Composed: ...


class AnswerModel(Protocol):
    """An LLM that answers from numbered sources with verbatim quotes (assistant/llm/composer.py)."""

    def compose(self, question: str, hits: Sequence[SheetHit], offline: Composed | None = None,
                deadline: float | None = None) -> Composed: ...

    def stream(self, question: str, hits: Sequence[SheetHit], deadline: float | None = None) -> Iterator[str]: ...

    def finish(self, question: str, hits: Sequence[SheetHit], reply: str,
               offline: Composed | None = None) -> Composed: ...

    def condense(self, history: Sequence[str], question: str, deadline: float | None = None) -> str: ...

    def warm(self) -> AnswerModel:
        """Make the client now (at start-up), not inside the first question's deadline."""


SheetLookup = Callable[[], Mapping[str, "Sheet"]]
