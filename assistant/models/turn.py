"""One request as it flows through the answer chain."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the stages' own types: a Turn carries them, it does not use them
    from assistant.models.answer import Composed
    from assistant.models.request import Request
    from assistant.models.retrieval import Retrieval
    from assistant.retrieve.followup import Reading


@dataclass
class Turn:
    """One request flowing through the chain."""

    question: str
    id: str | None = None
    history: object = None  # as given: checked by clean_history (a non-list is ignored with a notice)
    notices: list[str] = field(default_factory=list)
    query: str = ""
    compose_query: str = ""  # the question as answered: a follow-up carries its earlier topic
    request: Request | None = None  # what the question asks, as the query stage read it
    retrieval: Retrieval | None = None
    retrievals: list[Retrieval] = field(default_factory=list)  # one per part of the question
    composed: Composed | None = None
    offline: Composed | None = None  # the offline answer, once computed (also the LLM's fallback)
    topic: str | None = None  # a follow-up: the name of the earlier topic's sheet
    reading: Reading | None = None  # how the question was read in its conversation (followup.Reading)
    t0: float = field(default_factory=time.perf_counter)
    # LLM mode: one deadline for the whole turn (a follow-up's rewrite and the answer), time.monotonic()
    deadline: float | None = None
    timings: dict[str, float] = field(default_factory=dict)
