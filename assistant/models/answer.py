"""What an answer is: a citation (a verbatim quote with where it stands), the composed answer of a
composer, and the answer the chain returns (the contract of `ask --json`)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

# the shape of an answer: what it gives (the asked aspect, a list of measures, a briefing…)
AnswerShape = Literal["general", "target", "number", "schedule", "ministry", "owner_measures", "which_measure",
                      "summary", "indicator", "no_question"]
# who wrote it: the offline composer from the sheets' lines, or a model whose reply was checked
AnswerMode = Literal["offline", "llm"]
# what a follow-up took from the conversation
Carried = Literal["topic", "aspect", "items"]


@dataclass
class Citation:
    n: int
    sheet_id: str
    doc: str
    title: str
    section: str
    page: int | None
    field: str
    quote: str

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    retrieved: list[str]
    timings_ms: dict[str, float]
    id: str | None = None
    kind: str = "general"  # an AnswerShape
    topic: str | None = None
    mode: str = "offline"  # an AnswerMode
    notices: list[str] = field(default_factory=list)
    aspect: str | None = None  # what the answer gives (target, schedule, ministry…), carried or asked
    carried: list[str] = field(default_factory=list)  # what a follow-up took: "topic", "aspect", "items"
    topic_question: str | None = None  # a follow-up: the earlier question that set its topic
    request: dict | None = None  # how the question was read (assistant/models/request.py Request.to_json)

    def to_json(self) -> dict:
        return {"id": self.id, "question": self.question, "answer": self.answer,
                "abstained": self.abstained, "citations": [c.to_json() for c in self.citations],
                "retrieved": list(self.retrieved),
                "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
                "kind": self.kind, "topic": self.topic, "aspect": self.aspect, "carried": list(self.carried),
                "topic_question": self.topic_question, "mode": self.mode, "notices": list(self.notices),
                "request": self.request}


@dataclass
class Composed:
    """A composer's answer: its text with [n] markers, the citations they point to, whether it
    abstained, and its shape."""

    text: str
    citations: list[Citation]
    abstained: bool
    kind: str
    mode: str = "offline"  # an AnswerMode; the LLM's composed answer says "llm"
