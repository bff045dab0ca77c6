"""One part of a question as the composer answers it: what the answer must give (`Need`: its shape, the
unit a number must carry, a start or an end, the dates it pins, whether it wants an assessment or a body)
and the part's own words, sheets and framing (`Ask`). Built from the query stage's Request."""
from __future__ import annotations

from dataclasses import dataclass, field

from assistant.ingest.ministries import ministry_spans
from assistant.models import SheetHit
from assistant.models.request import Claim, Part, Request
from assistant.query.slots import interrogative
from assistant.text.figures import quantities
from assistant.text.japanese import tokenize

COUNTRY = "国"  # SudachiPy's subclass of place names (地名) for countries
# the composer's shape for each slot asked
SHAPES = {"target": "target", "figure": "number", "date": "schedule", "owner": "ministry", "measures": "which_measure",
          "items": "general", "summary": "summary", "assessment": "general", "reason": "general", "describe": "general"}


@dataclass(frozen=True)
class Quantity:
    """What a number answer must carry: a numeral followed by one of `names` (人, 港, 円, %), or any numeral
    when `names` is empty; a window must also name what is counted (`counted`: 来場者 of 来場者数)."""

    names: tuple[str, ...] = ()
    counted: str | None = None

    def search(self, text: str, counted: bool = True) -> bool:
        """Whether `text` carries the asked number; `counted=False` leaves out the check that it names what
        is counted (a table row 「企業 685社」 under 「会員数：840者」 still answers 会員数)."""
        if counted and self.counted:
            names = set(tokenize(self.counted))
            if not ({t for t in names if len(t) > 1} or names) & set(tokenize(text)):
                return False
        found = quantities(text)
        return bool(found) if not self.names else any(n in found for n in self.names)


@dataclass
class Need:
    """What the answer must give."""

    kind: str                       # the answer's shape (SHAPES)
    unit: Quantity | None = None     # the number an answer must carry, when a number is asked
    aspects: tuple[str, ...] = ()   # every shape the part touches
    evaluation: bool = False        # an assessment (progress, trend) is asked
    when: str | None = None          # a date's "start" or "end"
    owner: str | None = None         # a ministry whose measures are asked for
    who: bool = False               # a body is asked for
    countries: bool = False         # the bodies asked for are countries (「どの国」「対象国は」)
    qualifiers: list[str] = field(default_factory=list)  # dates the evidence must hold
    places: list[str] = field(default_factory=list)      # places the part names


def need_of(part: Part, request: Request) -> Need:
    """What a part of a request asks the answer to give."""
    slot = part.slot
    kind = SHAPES.get(slot, "general")
    owner = None
    if slot == "measures":
        named = ministry_spans(part.subject)
        if named:
            owner, kind = named[0][2], "owner_measures"
    unit = None
    counted = part.counted
    counter = part.counter
    if counted and len(counted) == 1:  # 件数, 人数: a count in 件, in 人
        counter, counted = counter or counted, None
    if counter:
        unit = Quantity(tuple(dict.fromkeys([counter, *part.units])), counted)
    elif slot == "figure" or counted:
        unit = Quantity((), counted)
    places = list(dict.fromkeys(part.places))
    who = slot == "owner" or (part.asks_who and slot in ("describe", "figure", "summary"))
    when = part.when if slot == "date" else None  # 「どこまで」 asks an extent, not an end date
    # a country is asked when the asked noun is 国 (対象国, 主要国, どの国), SudachiPy's own name for the
    # places that are countries
    asked = [t for x in (part.label, *part.units) for t in tokenize(x)[-1:]]
    toks = request.tokens
    asked += [b.surface for a, b in zip(toks, toks[1:], strict=False) if interrogative(a)]
    countries = who and COUNTRY in asked
    if countries and kind == "ministry":  # 「どこ？」 of countries asks the countries, not a ministry
        kind = "general"
    aspects = (kind,) + (("number",) if unit is not None and kind != "number" else ())
    return Need(kind, unit, aspects, slot == "assessment", when, owner, who, countries, list(part.qualifiers), places)


@dataclass
class Ask:
    """One part as the composer answers it: its words, its subject, what it needs, its sheets (best first),
    the question's vector, the count of lines or items asked, and the claims to check."""

    question: str            # the part's words (subject and what is asked), for ranking evidence
    subject: str             # the part's subject words, where its premises are read
    need: Need
    tokens: set[str]
    vector: object
    hits: list[SheetHit]
    part: Part
    request: Request
    count: int | None = None
    claims: list[Claim] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)  # a narrowing: the sheets the earlier answer listed
    closeness: float = 0.0  # the question's cosine with the plan's nearest passage

    @property
    def intent(self) -> Need:
        """What the answer must give (the evidence scorer reads it under this name)."""
        return self.need

    @property
    def quals(self) -> list[str]:
        """The dates the quoted line must hold."""
        return self.need.qualifiers

    @property
    def english(self) -> bool:
        """Whether the question is in English (its words are not the documents' words)."""
        return self.request.english
