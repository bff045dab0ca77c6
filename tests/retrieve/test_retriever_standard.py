"""LangChain's standard retriever tests (langchain-tests) for SheetRetriever over the session's real
index, and the per-call `k` they ask for, in a chain's own terms."""
from __future__ import annotations

import asyncio
from typing import Any

import pytest
from langchain_core.retrievers import BaseRetriever
from langchain_tests.integration_tests import RetrieversIntegrationTests

from assistant.retrieve.langchain import SheetRetriever

QUESTION = "プラスチックの回収とリサイクルを広げる施策は？"


class TestSheetRetriever(RetrieversIntegrationTests):
    @pytest.fixture(autouse=True)
    def _session_assistant(self, assistant):
        # the standard tests build the retriever from plain properties, which can't ask for a fixture
        self._assistant = assistant

    @property
    def retriever_constructor(self) -> type[BaseRetriever]:
        return SheetRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {"assistant": self._assistant}

    @property
    def retriever_query_example(self) -> str:
        return QUESTION


def test_a_per_call_k_gives_the_best_k_and_leaves_the_retriever_as_it_was(assistant):
    retriever = assistant.as_retriever(k=5)
    best = [d.metadata["sheet_id"] for d in retriever.invoke(QUESTION)]
    assert len(best) == 5
    assert [d.metadata["sheet_id"] for d in retriever.invoke(QUESTION, k=2)] == best[:2]
    assert [d.metadata["sheet_id"] for d in asyncio.run(retriever.ainvoke(QUESTION, k=3))] == best[:3]
    assert [d.metadata["sheet_id"] for d in retriever.batch([QUESTION, QUESTION], k=1)[1]] == best[:1]
    assert retriever.k == 5 and len(retriever.invoke(QUESTION)) == 5
