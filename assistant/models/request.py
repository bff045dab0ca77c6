"""What a question asks, as the query stage reads it (assistant/query/): its parts (each a subject and the
slot asked), the claims it wants checked, its framing (never a premise, never searched for), its scope,
how it relates to the conversation, and whether it is about the plan at all."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

# what a part asks for: a target, a figure (a count, an amount, a latest value), a date, the owner, the
# measures about something, the items of an enumeration, a summary, an assessment (progress, trend), a
# reason (background, purpose), or a description of the measure
Slot = Literal["target", "figure", "date", "owner", "measures", "items", "summary", "assessment", "reason", "describe"]
SLOTS: tuple[Slot, ...] = ("target", "figure", "date", "owner", "measures", "items", "summary", "assessment", "reason",
                           "describe")
# (a summary is the measure in brief, asked for as such: 要点, 概要; describe is anything else asked of it:
# what it does, which steps it takes, what a sheet says about something)
# the role of a token: S the subject, A what is asked, V a value asserted to be checked, F framing, O the rest
Role = Literal["S", "A", "V", "F", "O"]
ROLES: tuple[Role, ...] = ("S", "A", "V", "F", "O")
# how a question relates to the earlier ones: a new question, a follow-up of the latest topic, a choice among
# the items of the earlier answer, a return to an earlier topic over later ones
Relation = Literal["new", "follow", "narrow", "return"]
RELATIONS: tuple[Relation, ...] = ("new", "follow", "narrow", "return")
# what an asserted value is
ClaimKind = Literal["ministry", "year", "figure", "name"]
# which document a question limits itself to
DocumentScope = Literal["measure", "inspection"]
# the words a reader sees for these (the UI's folded reading, the briefing)
SLOT_WORDS: dict[str, str] = {"target": "目標", "figure": "数値", "date": "時期", "owner": "所管", "measures": "該当する施策",
                              "items": "項目", "summary": "要点", "assessment": "進捗・評価", "reason": "理由・背景",
                              "describe": "内容"}
RELATION_WORDS: dict[str, str] = {"follow": "前の質問の続き", "narrow": "前の一覧の絞り込み", "return": "前の話題に戻る"}
DOCUMENT_WORDS: dict[str, str] = {"measure": "施策集", "inspection": "点検資料"}


@dataclass(frozen=True)
class Token:
    """One word of the question: its surface and place, SudachiPy's part of speech and normalised form,
    and the role the fitted tagger gave it."""

    surface: str
    start: int
    end: int
    pos: tuple[str, ...]
    form: str
    role: Role = "O"


@dataclass(frozen=True)
class Claim:
    """A value the question asserts for a slot, to be checked against the plan (「所管は経産省だよね」)."""

    slot: Slot
    value: str
    kind: ClaimKind
    only: bool = False  # asserted as the only one (「経産省だけ」「環境省しか…ない」「only by METI」)


@dataclass
class Part:
    """One thing asked: about `subject`, the `slot`; `query` is what is searched for it (its subject and
    what it asks, without framing or asserted values); `qualifiers` are dates it pins; `counter` the
    unit a number answer must carry (港 of 何港, % of 割合), when it asks one; `when` a start or end."""

    subject: str
    slot: Slot
    query: str
    confidence: float = 1.0
    qualifiers: list[str] = field(default_factory=list)
    counter: str | None = None
    when: Literal["start", "end"] | None = None
    label: str = ""  # the noun the question asks by (所管, 創設団体, 目標…), to label the answer with
    units: list[str] = field(default_factory=list)  # nouns a count may also be written in (回収拠点 → 拠点)
    anchors: list[str] = field(default_factory=list)  # figures the part gives (「4.6兆円は何年度まで」)
    places: list[str] = field(default_factory=list)  # places it names (a figure of another country is not this)
    count: int | None = None  # how many items it asks for (「3つの柱」)
    counted: str | None = None  # what a count asked for counts (来場者 of 来場者数)
    asks_who: bool = False  # it asks who or where (誰, どこ, どの + a noun): a body or place answers
    document: DocumentScope | None = None  # the document it is answered from, when a question compares two


@dataclass
class Framing:
    """What frames the question rather than asks it: the audience, chatter, and the format requested
    (N lines or points, one line, bullets)."""

    audience: list[str] = field(default_factory=list)
    chatter: list[str] = field(default_factory=list)
    format: list[str] = field(default_factory=list)
    count: int | None = None
    one_line: bool = False


@dataclass
class Scope:
    """Where the question limits itself: a document kind, a chapter of it (Ⅲ-2)."""

    document: DocumentScope | None = None
    chapter: str | None = None
    both: bool = False  # it names both documents (「施策集と点検資料で…」): each is answered from


@dataclass
class Conversation:
    """How the question relates to the earlier ones; `turn` is the index (in the history) of the earlier
    question whose topic it takes, for a follow-up, a narrowing or a return."""

    relation: Relation = "new"
    turn: int | None = None
    confidence: float = 1.0
    listing: bool = False  # the turn it continues was answered with a list (retrieve/followup.py LISTS)


@dataclass
class Request:
    """A question read into what it asks (see the module docstring)."""

    question: str
    tokens: list[Token]
    parts: list[Part]
    claims: list[Claim] = field(default_factory=list)
    check: bool = False
    framing: Framing = field(default_factory=Framing)
    scope: Scope = field(default_factory=Scope)
    conversation: Conversation = field(default_factory=Conversation)
    about: bool = True
    english: bool = False
    about_p: float = 1.0  # the about model's probability (after a conversation the relation model reads it)
    yes_no: bool = False  # it asks yes or no of what it says (「…だっけ？」), with or without a value to check

    @property
    def slot(self) -> Slot:
        """The first part's slot (what the answer's first line gives)."""
        return self.parts[0].slot if self.parts else "describe"

    @property
    def subject(self) -> str:
        """The words the question is about, framing and asked words left out."""
        return " ".join(t.surface for t in self.tokens if t.role == "S")

    def summary(self) -> str:
        """The reading in one line, in the reader's words, as the UI shows it folded."""
        bits = ["、".join(f"{p.subject.rstrip('のはをが ') or '前の話題'}の{SLOT_WORDS[p.slot]}" for p in self.parts)]
        if self.check and self.claims:
            bits.append("確認: " + "、".join(f"{SLOT_WORDS[c.slot]}は{c.value}か" for c in self.claims))
        if self.framing.audience or self.framing.chatter or self.framing.format:
            bits.append("前置き・形式（検索しない）: "
                        + "、".join(self.framing.audience + self.framing.chatter + self.framing.format))
        if self.scope.document or self.scope.chapter:
            bits.append("範囲: " + "、".join(x for x in (DOCUMENT_WORDS.get(self.scope.document or ""),
                                                        self.scope.chapter) if x))
        if self.conversation.relation != "new":
            bits.append(RELATION_WORDS[self.conversation.relation])
        if not self.about:
            bits = ["計画文書についての質問ではない"]
        return "｜".join(b for b in bits if b)

    def to_json(self) -> dict:
        """The reading as `ask --json` reports it under `request`."""
        return {
            "parts": [asdict(p) for p in self.parts],
            "claims": [asdict(c) for c in self.claims],
            "check": self.check,
            "yes_no": self.yes_no,
            "framing": asdict(self.framing),
            "scope": asdict(self.scope),
            "conversation": asdict(self.conversation),
            "about": self.about,
            "english": self.english,
            "roles": [[t.surface, t.role] for t in self.tokens],
            "summary": self.summary(),
        }
