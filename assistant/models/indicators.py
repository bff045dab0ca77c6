"""The indicator table's data: an indicator as one document states it (``Indicator``), a quantity as
printed with its number and unit read (``Value``), where each value comes from (``Quote``), and a row
of the table joining one indicator of the 点検 draft with the 施策集's (``IndicatorRow``)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Value:
    """A quantity as printed (「約580g/人日」), its year (「2030年度」), and, when it has one, its number
    in the unit's base (万/億/兆 multiplied out: 4.6兆円 → 4.6e12, 円)."""

    text: str
    year: str = ""
    number: float | None = None
    unit: str = ""

    def shown(self) -> str:
        return f"{self.text}（{self.year}）" if self.year else self.text


@dataclass
class Quote:
    """The sheet line a value is read from, verbatim."""

    sheet_id: str
    doc: str
    title: str
    section: str
    page: int | None
    field: str
    quote: str


@dataclass
class Indicator:
    """One indicator as one document states it."""

    name: str
    doc: str
    kind: str  # "inspection" (点検 table), "follow-up" (点検 note: items followed as well), "measure" (施策集 KPI)
    part: str  # Ⅲ-1 … for the 点検 draft, the 施策集's section
    sheet_id: str
    direction: str = ""  # 増加が望ましい / 減少が望ましい
    target: Value | None = None
    latest: Value | None = None
    baseline: Value | None = None  # an earlier value the 施策集 gives beside its target (2023年度 15% → …)
    outlook: str = ""  # the 点検 table's assessment or trend arrow
    note: str = ""
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class IndicatorRow:
    """A row of the table: the 点検 indicator and the 施策集 indicator that name the same thing
    (either may be missing), how they were joined and how alike their names are."""

    id: str
    name: str
    part: str
    inspection: Indicator | None = None
    measure: Indicator | None = None
    join: str = ""  # "name" (the same name once normalised) | "dense" (similar meaning) | ""
    similarity: float | None = None
    ministries: list[str] = field(default_factory=list)

    @property
    def target(self) -> Value | None:
        """The target: the 点検 table's, else the 施策集's (the plan's own target for the measure)."""
        own = self.inspection.target if self.inspection else None
        return own or (self.measure.target if self.measure else None)

    @property
    def latest(self) -> Value | None:
        return (self.inspection.latest if self.inspection else None) or (
            self.measure.latest if self.measure else None)

    @property
    def sources(self) -> list[Quote]:
        out: list[Quote] = []
        for ind in (self.inspection, self.measure):
            for q in ind.quotes if ind else []:
                if (q.sheet_id, q.quote) not in {(x.sheet_id, x.quote) for x in out}:
                    out.append(q)
        return out

    @property
    def docs(self) -> list[str]:
        return [ind.doc for ind in (self.inspection, self.measure) if ind]

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "part": self.part, "join": self.join,
                "similarity": None if self.similarity is None else round(self.similarity, 4),
                "ministries": list(self.ministries),
                "target": asdict(self.target) if self.target else None,
                "latest": asdict(self.latest) if self.latest else None,
                "inspection": asdict(self.inspection) if self.inspection else None,
                "measure": asdict(self.measure) if self.measure else None}

    @classmethod
    def from_json(cls, d: dict) -> IndicatorRow:
        return cls(d["id"], d["name"], d["part"], _indicator(d.get("inspection")), _indicator(d.get("measure")),
                   d.get("join", ""), d.get("similarity"), list(d.get("ministries", [])))


def _value(d: dict | None) -> Value | None:
    return Value(**d) if d else None


def _indicator(d: dict | None) -> Indicator | None:
    if not d:
        return None
    d = dict(d)
    for key in ("target", "latest", "baseline"):
        d[key] = _value(d.get(key))
    d["quotes"] = [Quote(**q) for q in d.get("quotes", [])]
    return Indicator(**d)
