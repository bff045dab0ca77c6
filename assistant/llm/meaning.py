"""How close in meaning an LLM statement is to the verbatim line quoted for it: the cosine between
their embeddings (e5: the statement as a query, the line as a passage). Wording overlap alone lets
through a real line with a claim added to it; meaning catches part of that (BENCHMARKS.md)."""
from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np

log = logging.getLogger(__name__)

Meaning = Callable[[str, str], float | None]


def quote_meaning(embeddings) -> Meaning:
    """A Meaning over a LangChain Embeddings (CachedEmbeddings embeds each text once). Returns None
    when the embedder fails, so that the check then rests on wording and figures."""

    def meaning(statement: str, quote: str) -> float | None:
        try:
            q = np.asarray(embeddings.embed_query(statement), dtype=np.float32)
            d = np.asarray(embeddings.embed_documents([quote])[0], dtype=np.float32)
        except Exception as exc:  # noqa: BLE001 - the wording and figures checks still run
            log.warning("a statement could not be embedded for the meaning check (%s)", type(exc).__name__)
            return None
        return float(np.dot(q, d) / ((np.linalg.norm(q) * np.linalg.norm(d)) or 1.0))

    return meaning
